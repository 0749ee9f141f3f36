"""The criterion form: one node of the tree, its rule with the chosen kind's fields, and its metric source.

The rule is checked by the scoring library's own reader, so a form and a tender.yaml import accept the same
rules; its problems are placed at the form's fields (app/tenders/rule_fields.py).
"""
from __future__ import annotations

import json
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp, ValidationError

from app.forms import FiniteDecimalField, PageForm, version_field
from app.languages import N_
from app.models import Tender
from app.presentation import material_text
from app.records.texts import published_languages
from app.resilience_words import METRIC_NAMES, STAGE_NAMES
from app.tenders.outline import Node, Outline
from app.tenders.rule_fields import RuleFieldsMixin, rule_values
from app.tenders.text_fields import LanguageTexts, add_language_fields
from app.tenders.tree_editing import CriterionFields
from scoring.criteria import CRITERION_TYPES, MetricSource
from scoring.problems import InvalidInput
from scoring.rules import rule_from_params

CODE = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$"  # as tender.schema.json
LEVEL, TOTAL = "level", "total"  # a percent weight as share of its level, or of the whole tender


def options(blank: str, names: dict) -> list[SelectChoice]:
    """A drop-down's options: the empty choice first, then each code by its name."""
    return [SelectChoice("", blank)] + [SelectChoice(code, name) for code, name in names.items()]


class CriterionForm(LanguageTexts, RuleFieldsMixin, PageForm):
    """A group (no rule: scored through its children) or a leaf criterion with its rule."""

    parent = SelectField(_l("Place in the tree"), choices=[])
    code = StringField(_l("Code"), validators=[DataRequired(), Regexp(
        CODE, message=_l("up to 40 letters, digits and _ . -, starting with a letter or digit"))])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    description = TextAreaField(_l("Description (published)"), validators=[Optional(), Length(max=20_000)])
    eforms_type = SelectField(_l("Type (eForms BT-539)"), choices=[SelectChoice(kind) for kind in CRITERION_TYPES],
                              default="quality")
    size = FiniteDecimalField(_l("Weight"), places=None, validators=[Optional(), NumberRange(min=0, max=10_000)])
    size_form = SelectField(_l("The weight is"), default=LEVEL, choices=[
        SelectChoice(LEVEL, _l("percent of its level")), SelectChoice(TOTAL, _l("percent of the whole tender"))])
    min_score = FiniteDecimalField(_l("Minimum score (percent of the group's maximum; groups only)"), places=None,
                                   validators=[Optional(), NumberRange(max=100)])
    source_metric = SelectField(_l("Resilience metric"), choices=options(
        _l("none: the bidder answers in the workbook"), METRIC_NAMES))
    source_stage = SelectField(_l("Stage"), choices=options("—", STAGE_NAMES))
    source_material = SelectField(_l("Material"), choices=[])
    source_aggregate = SelectField(_l("Whole product: how the materials combine"), default="mean", choices=[
        SelectChoice("mean", _l("each material measured, then the mass-weighted mean")),
        SelectChoice("worst", _l("each material measured, the least favourable one counts")),
        SelectChoice("pooled", _l("the pooled supply of all materials (understates concentration)"))])
    source_undeclared = SelectField(_l("A material the bid leaves undeclared"), default="minimum", choices=[
        SelectChoice("minimum", _l("the criterion scores its minimum")),
        SelectChoice("world_baseline", _l("counts at its world supply mix"))])

    def __init__(self, *args, tender: Tender, outline: Outline, node: Node | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.parent.choices = outline.parent_choices(node.row.id if node else None)
        self.source_material.choices = [SelectChoice("", _l("whole product (mass-weighted)"))] + [
            SelectChoice(code, f"{code} · {material_text(code)}") for code in tender.bill_of_materials]
        if tender.weighting == "points":
            self.size.label.text = _("Maximum points")
        self._weighting = tender.weighting
        self.languages = published_languages(tender)
        self._node = node
        self._rule_params: dict[str, Any] = {}
        self.pad_rule_rows()

    @staticmethod
    def values_of(node: Node) -> dict[str, Any]:
        """A stored criterion as the form shows it."""
        row, source = node.row, node.row.source or {}
        return {**rule_values(row.rule_kind, row.rule_params or {}),
                "parent": str(row.parent_id or ""), "code": row.code, "name": row.name,
                "description": row.description, "eforms_type": row.eforms_type, "size": node.size,
                "size_form": TOTAL if node.is_share_entered else LEVEL,
                "min_score": row.min_score,
                "source_metric": source.get("metric") or "", "source_stage": source.get("stage") or "",
                "source_material": source.get("material") or "", "source_aggregate": source.get("aggregate", "mean"),
                "source_undeclared": source.get("undeclared", "minimum"), "version": row.version,
                **CriterionForm.language_values("name", row.names),
                **CriterionForm.language_values("description", row.descriptions)}

    def validate_size(self, field) -> None:
        """Points are already parts of the total: only a percent weight may be entered as a share of it."""
        if self.size_form.data == TOTAL and self._weighting == "points":
            raise ValidationError(_("a share of the whole tender applies in percent weighting only; in points "
                                    "weighting each criterion's maximum points already are its part of the total"))

    def validate_min_score(self, field) -> None:
        """A Montte gate is a share above 0 (empty: no gate)."""
        if field.data is not None and field.data <= 0:
            raise ValidationError(_("above 0, or leave it empty for no minimum"))

    def validate_rule_kind(self, field) -> None:
        """A group scores through its children, so it carries no rule."""
        if field.data and self._node and self._node.children:
            raise ValidationError(_("this is a group: it is scored through its children and carries no rule"))

    def validate(self, extra_validators=None) -> bool:
        """The chosen kind's fields must make a rule the scoring library accepts; kept in its canonical form."""
        is_valid = super().validate(extra_validators)
        kind = self.rule_kind.data
        if not kind or self.rule_kind.errors:
            return is_valid
        try:
            rule = rule_from_params({**self.rule_params(kind), "kind": kind}, "rule")
        except InvalidInput as error:
            self.place_problems(error.problems)
            return False
        self._rule_params = {key: value for key, value in json.loads(json.dumps(rule.to_params())).items()
                             if key != "kind"}
        return is_valid

    def validate_source_metric(self, field) -> None:
        """A metric is measured at one stage, for one material or the whole product."""
        if bool(field.data) != bool(self.source_stage.data):
            raise ValidationError(_("choose both a metric and a stage, or neither"))
        if self.source_material.data and not field.data:
            raise ValidationError(_("a material needs a metric and a stage"))

    def fields(self) -> CriterionFields:
        """The validated node as the tree editor stores it."""
        source = None
        if self.source_metric.data:
            material = self.source_material.data or None
            published = MetricSource(self.source_metric.data, self.source_stage.data, material,
                                     "mean" if material else self.source_aggregate.data, self.source_undeclared.data)
            source = published.to_dict()
        return CriterionFields(
            parent_id=int(self.parent.data) if self.parent.data else None, code=self.code.data.strip(),
            name=self.name.data.strip(), description=self.description.data or "", eforms_type=self.eforms_type.data,
            names=self.language_texts("name", self.name.data.strip(), self.languages),
            descriptions=self.language_texts("description", self.description.data or "", self.languages),
            size=self.size.data, size_is_share=self.size_form.data == TOTAL, min_score=self.min_score.data,
            rule_kind=self.rule_kind.data or None,
            rule_params=self._rule_params, source=source)


add_language_fields(CriterionForm, "name", N_("Name (%(language)s)"), 200)
add_language_fields(CriterionForm, "description", N_("Description (%(language)s, published)"), 20_000, area=True)


class CriterionEditForm(CriterionForm):
    """The criterion form of a stored row, carrying its version."""

    version = version_field()
