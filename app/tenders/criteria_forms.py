"""The criterion form: one node of the tree, its rule with YAML parameters, and its metric source.

The parameters are checked by the scoring library's own reader, so the messages name the parameter
("rule.anchors: expected two [value, points] pairs") exactly as a tender.yaml import would.
"""
from __future__ import annotations

import json
from typing import Any

import yaml
from wtforms import DecimalField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp, ValidationError

from app.forms import PageForm, version_field
from app.models import Tender
from app.tenders.outline import Node, Outline
from app.tenders.tree_editing import CriterionFields
from scoring.criteria import CRITERION_TYPES, MetricSource
from scoring.problems import InvalidInput
from scoring.reference import reference
from scoring.resilience import METRICS, STAGES
from scoring.rules import RULE_KINDS, rule_from_params
from tender_files.yaml_input import load_officer_yaml, yaml_problem

CODE = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$"  # as tender.schema.json
LEVEL, TOTAL = "level", "total"  # a percent weight as share of its level, or of the whole tender
MAX_PARAMS_CHARS = 20_000
# What each kind's parameters look like, shown beside the text area.
PARAM_EXAMPLES = {
    "price_preset_range": "pset_min: 800000\npset_max: 1200000",
    "price_log": "a: 2  # 1.5, 2 or 3: the multiple of the lowest price that scores nothing",
    "linear": "better: lower\nanchors: [[50, 100], [100, 0]]  # [value, percent of the points]",
    "bands": "bands:\n  - {from: null, to: 2500, points: 100}\n  - {from: 2500, to: 5000, points: 60}\notherwise: 0",
    "threshold": "threshold: 65\nbetter: lower\npoints_met: 100\npoints_not_met: 0",
    "yes_no": "points_yes: 100\npoints_no: 0",
    "pass_fail": "required: true",
    "judgement": ("scale: 2\ndescriptors: [no answer or unacceptable, acceptable, excellent]\n"
                  "aggregate: consensus\nfallback: median"),
    "prozorro_feature": "options: {none: 0, partial: 0.05, full: 0.1}",
}


def options(blank: str, values) -> list[SelectChoice]:
    """A drop-down's options: the empty choice first, then each value in words (price_log -> price log)."""
    return [SelectChoice("", blank)] + [SelectChoice(value, value.replace("_", " ")) for value in values]


class CriterionForm(PageForm):
    """A group (no rule: scored through its children) or a leaf criterion with its rule."""

    parent = SelectField("Place in the tree", choices=[])
    code = StringField("Code", validators=[DataRequired(), Regexp(
        CODE, message="up to 40 letters, digits and _ . -, starting with a letter or digit")])
    name = StringField("Name", validators=[DataRequired(), Length(max=200)])
    description = TextAreaField("Description (published)", validators=[Optional(), Length(max=20_000)])
    eforms_type = SelectField("Type (eForms BT-539)", choices=[SelectChoice(kind) for kind in CRITERION_TYPES],
                              default="quality")
    size = DecimalField("Weight", places=None, validators=[Optional(), NumberRange(min=0, max=10_000)])
    size_form = SelectField("The weight is", choices=[SelectChoice(LEVEL, "% of its level"),
                                                      SelectChoice(TOTAL, "% of the whole tender")], default=LEVEL)
    min_score = DecimalField("Minimum score (% of the group's maximum; groups only)", places=None,
                             validators=[Optional(), NumberRange(max=100)])
    rule_kind = SelectField("Rule", choices=options("none: a group, scored through its children", RULE_KINDS))
    rule_params = TextAreaField("Rule parameters (YAML or JSON)", validators=[Length(max=MAX_PARAMS_CHARS)])
    source_metric = SelectField("Resilience metric", choices=options("none: the bidder answers in the workbook",
                                                                      METRICS))
    source_stage = SelectField("Stage", choices=options("—", STAGES))
    source_material = SelectField("Material", choices=[])
    source_aggregate = SelectField("Whole product: how the materials combine", default="mean", choices=[
        SelectChoice("mean", "each material measured, then the mass-weighted mean"),
        SelectChoice("worst", "each material measured, the least favourable one counts"),
        SelectChoice("pooled", "the pooled supply of all materials (understates concentration)")])
    source_undeclared = SelectField("A material the bid leaves undeclared", default="minimum", choices=[
        SelectChoice("minimum", "the criterion scores its minimum"),
        SelectChoice("world_baseline", "counts at its world supply mix")])

    def __init__(self, *args, tender: Tender, outline: Outline, node: Node | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.parent.choices = outline.parent_choices(node.row.id if node else None)
        self.source_material.choices = [SelectChoice("", "whole product (mass-weighted)")] + [
            SelectChoice(code, f"{code} · {reference.material_name(code)}") for code in tender.bill_of_materials]
        if tender.weighting == "points":
            self.size.label.text = "Maximum points"
        self._weighting = tender.weighting
        self._node = node
        self._rule_params: dict[str, Any] = {}

    @staticmethod
    def values_of(node: Node) -> dict[str, Any]:
        """A stored criterion as the form shows it."""
        row, source = node.row, node.row.source or {}
        params = (yaml.safe_dump(row.rule_params, sort_keys=False, allow_unicode=True, default_flow_style=None)
                  if row.rule_params else "")
        return {"parent": str(row.parent_id or ""), "code": row.code, "name": row.name,
                "description": row.description, "eforms_type": row.eforms_type, "size": node.size,
                "size_form": TOTAL if node.is_share_entered else LEVEL,
                "min_score": row.min_score, "rule_kind": row.rule_kind or "", "rule_params": params,
                "source_metric": source.get("metric") or "", "source_stage": source.get("stage") or "",
                "source_material": source.get("material") or "", "source_aggregate": source.get("aggregate", "mean"),
                "source_undeclared": source.get("undeclared", "minimum"), "version": row.version}

    def validate_size(self, field) -> None:
        """Points are already parts of the total: only a percent weight may be entered as a share of it."""
        if self.size_form.data == TOTAL and self._weighting == "points":
            raise ValidationError("a share of the whole tender applies in percent weighting only; in points "
                                  "weighting each criterion's maximum points already are its part of the total")

    def validate_min_score(self, field) -> None:
        """A Montte gate is a share above 0 (empty: no gate)."""
        if field.data is not None and field.data <= 0:
            raise ValidationError("above 0, or leave it empty for no minimum")

    def validate_rule_kind(self, field) -> None:
        """A group scores through its children, so it carries no rule."""
        if field.data and self._node and self._node.children:
            raise ValidationError("this is a group: it is scored through its children and carries no rule")

    def validate_rule_params(self, field) -> None:
        """The parameters must make a rule the scoring library accepts; they are kept in its canonical form."""
        text = (field.data or "").strip()
        try:
            params = load_officer_yaml(text) if text else {}
        except yaml.YAMLError as error:
            raise ValidationError(yaml_problem(error, "not valid YAML or JSON")) from error
        if not isinstance(params, dict):
            raise ValidationError("expected parameter: value lines (a mapping)")
        if not self.rule_kind.data:
            if params:
                raise ValidationError("choose a rule, or leave the parameters empty for a group")
            return
        try:
            rule = rule_from_params({**params, "kind": self.rule_kind.data}, "rule")
        except InvalidInput as error:
            raise ValidationError("; ".join(str(problem) for problem in error.problems)) from error
        self._rule_params = {key: value for key, value in json.loads(json.dumps(rule.to_params())).items()
                             if key != "kind"}

    def validate_source_metric(self, field) -> None:
        """A metric is measured at one stage, for one material or the whole product."""
        if bool(field.data) != bool(self.source_stage.data):
            raise ValidationError("choose both a metric and a stage, or neither")
        if self.source_material.data and not field.data:
            raise ValidationError("a material needs a metric and a stage")

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
            size=self.size.data, size_is_share=self.size_form.data == TOTAL, min_score=self.min_score.data,
            rule_kind=self.rule_kind.data or None,
            rule_params=self._rule_params, source=source)


class CriterionEditForm(CriterionForm):
    """The criterion form of a stored row, carrying its version."""

    version = version_field()
