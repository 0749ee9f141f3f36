"""Forms for the rules around the criteria: bill of materials, weighting, tie-break, abnormally low, eligibility
and the rules for bid documents (scoring/document_rules.py).

They are checked by the scoring library's own readers, so a form and a tender.yaml import give the
same messages.
"""
from __future__ import annotations

from typing import Any

from flask_babel import LazyString
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import FieldList, Form, FormField, SelectField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from app.forms import FiniteDecimalField, PageForm, version_field
from app.models import Tender
from app.presentation import message_text
from app.records.file_types import FORMAT_NAMES
from scoring.criteria import WEIGHTINGS
from scoring.definition import AWARD_METHODS, TIE_BREAK_STEPS, parse_tender
from scoring.document_rules import FORMATS, parse_document_rules
from scoring.problems import InvalidInput
from scoring.reference import reference
from scoring.resilience import STAGES, validate_bill_of_materials
from scoring.self_assessment import STAGE_WORDS

SPARE_LINES = 3  # empty material lines offered below the stored ones (no script needed to add one)
STEP_LABELS = {"quality": _l("higher quality score"), "price": _l("lower price"),
               "submitted_at": _l("earlier submission"), "lots": _l("drawing lots")}
WEIGHTING_NAMES = {"percent": _l("percent"), "points": _l("points")}
AWARD_METHOD_NAMES = {"weighted_sum": _l("weighted sum"), "prozorro": _l("prozorro")}
PERCENT = {"places": None, "validators": [Optional(), NumberRange(min=0, max=100)]}
CHECKBOXES = {"widget": ListWidget(prefix_label=False), "option_widget": CheckboxInput()}


def country_list(text: str | None) -> list[str]:
    """ "cn, RU" -> ["CN", "RU"]: ISO codes typed with commas or spaces."""
    return [code.upper() for code in (text or "").replace(",", " ").split()]


class MaterialLine(Form):
    """One line of the bill of materials (a sub-form: the outer form carries the CSRF token)."""

    material = SelectField(_l("Material"), choices=[SelectChoice("", "—")] + [
        SelectChoice(code, f"{code} · {material.name}") for code, material in reference.materials().items()])
    kg_per_unit = FiniteDecimalField(_l("kg per unit"), places=None, validators=[Optional(), NumberRange(min=0)])


class MaterialsForm(PageForm):
    """The bill of materials: material code and kg per unit of the product; an empty line is ignored."""

    lines = FieldList(FormField(MaterialLine))
    version = version_field()

    @staticmethod
    def values_of(tender: Tender) -> dict[str, Any]:
        """The stored bill plus spare empty lines."""
        lines = [{"material": code, "kg_per_unit": mass} for code, mass in tender.bill_of_materials.items()]
        return {"lines": lines + [{}] * SPARE_LINES, "version": tender.version}

    def validate_lines(self, field) -> None:
        """Each material once, with its mass, and known to the reference data."""
        codes = [line.material.data for line in field if line.material.data]
        if len(set(codes)) != len(codes):
            raise ValidationError(_("each material once"))
        for line in field:
            if bool(line.material.data) != (line.kg_per_unit.data is not None):
                raise ValidationError(_("give each material its kg per unit (or clear both)"))
        problems = validate_bill_of_materials(self.bill()) if codes else []
        if problems:
            raise ValidationError("; ".join(str(problem) for problem in problems))

    def bill(self) -> dict[str, float]:
        """{material code: kg per unit}, in the order typed."""
        return {line.material.data: float(line.kg_per_unit.data) for line in self.lines if line.material.data}


class AwardRulesForm(PageForm):
    """Weighting, award method, the published tie-break chain, abnormally-low triggers and eligibility."""

    weighting = SelectField(_l("Weighting"), choices=[SelectChoice(w, WEIGHTING_NAMES[w]) for w in WEIGHTINGS])
    award_method = SelectField(_l("Award method"),
                               choices=[SelectChoice(m, AWARD_METHOD_NAMES[m]) for m in AWARD_METHODS])
    tie_break = FieldList(SelectField(choices=[SelectChoice("", "—")] + [
        SelectChoice(step, label) for step, label in STEP_LABELS.items()]),
        min_entries=len(TIE_BREAK_STEPS), max_entries=len(TIE_BREAK_STEPS))
    below_mean_of_others_pct = FiniteDecimalField(_l("Flag a price this many % below the mean of the other bids"),
                                                  **PERCENT)
    below_next_pct = FiniteDecimalField(_l("Flag a price this many % below the next bid"), **PERCENT)
    excluded_control_countries = StringField(_l("Exclude bidders controlled from these countries (ISO codes)"))
    partner_group = StringField(_l("Partner countries for partner_share (ISO codes; empty: the default group)"))
    formats = SelectMultipleField(_l("Formats bidders may upload documents in"),
                                  choices=[SelectChoice(name, FORMAT_NAMES[name]) for name in FORMATS], **CHECKBOXES)
    evidence_required = SelectMultipleField(
        _l("Stages at which every supply line needs a document that proves it"),
        choices=[SelectChoice(stage, LazyString(lambda stage=stage: message_text(STAGE_WORDS[stage])))
                 for stage in STAGES],
        **CHECKBOXES)
    version = version_field()

    # Where the places of parse_tender's problems with these keys are shown (the drop-downs cannot be wrong).
    FIELD_OF_PLACE = {"tie_break": "tie_break",
                      "abnormally_low.below_mean_of_others_pct": "below_mean_of_others_pct",
                      "abnormally_low.below_next_pct": "below_next_pct",
                      "eligibility.excluded_control_countries": "excluded_control_countries",
                      "partner_group": "partner_group", "documents.formats": "formats",
                      "documents.evidence_required": "evidence_required"}

    @staticmethod
    def values_of(tender: Tender) -> dict[str, Any]:
        """The stored rules as the form shows them."""
        low = tender.abnormally_low or {}
        documents = parse_document_rules(tender.document_rules)[0]  # stored by a checked form or import
        return {"weighting": tender.weighting, "award_method": tender.award_method,
                "tie_break": list(tender.tie_break) + [""] * (len(TIE_BREAK_STEPS) - len(tender.tie_break)),
                "below_mean_of_others_pct": low.get("below_mean_of_others_pct"),
                "below_next_pct": low.get("below_next_pct"),
                "excluded_control_countries": ", ".join(tender.eligibility.get("excluded_control_countries", [])),
                "partner_group": ", ".join(tender.partner_group or []), "formats": list(documents.formats),
                "evidence_required": list(documents.evidence_required), "version": tender.version}

    def validate(self, extra_validators=None) -> bool:
        """Field checks, then the scoring library's reader on these keys alone, each problem on its field."""
        if not super().validate(extra_validators):
            return False
        steps = self.tie_break.data
        chosen = [step for step in steps if step]
        if steps[:len(chosen)] != chosen:
            self.tie_break.errors.append(_("fill the steps from the first one, without gaps"))
            return False
        if not self.formats.data:
            self.formats.errors.append(_("tick at least one format"))
            return False
        try:
            parse_tender({"reference": "-", "title": "-", "criteria": [], **self.rules()})
        except InvalidInput as error:
            for problem in error.problems:
                name = self.FIELD_OF_PLACE.get(problem.place)
                if name:
                    self[name].errors.append(problem.message)
        return not self.errors

    def rules(self) -> dict[str, Any]:
        """The award-rule keys of tender.yaml, as the form gives them."""
        def percent(field) -> float | None:
            return None if field.data is None else float(field.data)

        rules = {"weighting": self.weighting.data, "award_method": self.award_method.data,
                 "tie_break": [step for step in self.tie_break.data if step],
                 "abnormally_low": {"below_mean_of_others_pct": percent(self.below_mean_of_others_pct),
                                    "below_next_pct": percent(self.below_next_pct)},
                 "eligibility": {"excluded_control_countries": country_list(self.excluded_control_countries.data)},
                 "documents": {"formats": self.formats.data, "evidence_required": self.evidence_required.data}}
        if self.partner_group.data and self.partner_group.data.strip():
            rules["partner_group"] = country_list(self.partner_group.data)
        return rules
