"""The form for the figures the plausibility flags check against (tender.yaml `plausibility`): the end-of-life
recycling input rates with their margin, and the facility shares, each with the source the authority publishes.

It is checked by the scoring library's reader (scoring/plausibility_rules.py), so a form and a tender.yaml import
give the same messages, each placed on the line and field it concerns.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from flask_babel import LazyString
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import FieldList, Form, FormField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional

from app.forms import FiniteDecimalField, PageForm, as_typed, version_field
from app.models import Tender
from app.presentation import message_text
from app.tenders.rules_forms import SPARE_LINES, MaterialLine
from scoring.plausibility_rules import PLACE, parse_plausibility
from scoring.resilience import STAGES
from scoring.self_assessment import STAGE_WORDS

NUMBER = {"places": None, "validators": [Optional()]}  # the range is the reader's to check, in its words
SOURCE = {"validators": [Length(max=500)]}


class RateLine(Form):
    """One material's published end-of-life recycling input rate and its source (a sub-form)."""

    material = MaterialLine.material
    rate = FiniteDecimalField(_l("Rate in percent"), **NUMBER)
    source = StringField(_l("Source"), **SOURCE)


class FacilityLine(Form):
    """One facility's plausible share of the need of one material at one stage, and its source (a sub-form)."""

    facility = StringField(_l("Facility"), validators=[Length(max=300)])
    material = MaterialLine.material
    stage = SelectField(_l("Stage"), choices=[SelectChoice("", "—")] + [
        SelectChoice(stage, LazyString(lambda stage=stage: message_text(STAGE_WORDS[stage]))) for stage in STAGES])
    share = FiniteDecimalField(_l("Share of the need in percent"), **NUMBER)
    source = StringField(_l("Source"), **SOURCE)


class PlausibilityForm(PageForm):
    """The rates, the margin and the facility shares; an empty line is ignored, and a form left empty publishes
    none (no such flag fires)."""

    rates = FieldList(FormField(RateLine))
    margin = FiniteDecimalField(_l("Margin above a material's rate (percentage points)"), **NUMBER)
    facilities = FieldList(FormField(FacilityLine))
    version = version_field()

    @staticmethod
    def values_of(tender: Tender) -> dict[str, Any]:
        """The stored section plus spare empty lines."""
        rules = parse_plausibility(tender.plausibility_rules)[0]  # stored by a checked form or import
        rates = [{"material": code, "rate": entry.rate, "source": entry.source}
                 for code, entry in (rules.recycled_input_rates if rules else {}).items()]
        facilities = [{"facility": name, "material": entry.material, "stage": entry.stage, "share": entry.share,
                       "source": entry.source} for name, entry in (rules.facility_shares if rules else {}).items()]
        return {"rates": rates + [{}] * SPARE_LINES, "margin": rules.recycled_margin if rules else None,
                "facilities": facilities + [{}] * SPARE_LINES, "version": tender.version}

    def validate(self, extra_validators=None) -> bool:
        """Field checks, each line named by its key, then the scoring library's reader, each problem on its field."""
        if not super().validate(extra_validators):
            return False
        rates = self._check_keys(self.rates, "material", _("choose a material (or clear the line)"),
                                 _("each material once"))
        facilities = self._check_keys(self.facilities, "facility", _("name the facility (or clear the line)"),
                                      _("each facility once"))
        if not (rates and facilities):
            return False
        problems = parse_plausibility(self.section())[1]
        fields = self._field_of_place()
        for problem in problems:
            (fields[problem.place].errors if problem.place in fields else self.form_errors).append(problem.message)
        return not problems

    def section(self) -> dict[str, Any] | None:
        """tender.yaml's `plausibility` as the form gives it (None when it gives nothing)."""
        section: dict[str, Any] = {}
        rates = {line.material.data: _entry(line, "rate", "source") for line in self._filled(self.rates, "material")}
        if rates or self.margin.data is not None:
            section["recycled_input_rates"] = rates or None
            section["recycled_margin"] = as_typed(self.margin.data)
        facilities = {line.facility.data.strip(): _entry(line, "material", "stage", "share", "source")
                      for line in self._filled(self.facilities, "facility")}
        if facilities:
            section["facility_shares"] = facilities
        return {key: value for key, value in section.items() if value is not None} or None

    @staticmethod
    def _filled(lines: FieldList, key: str) -> list[Form]:
        """The lines that name their material or facility."""
        return [line.form for line in lines if (line.form[key].data or "").strip()]

    @staticmethod
    def _check_keys(lines: FieldList, key: str, unnamed: str, twice: str) -> bool:
        """Whether each line with values names its material or facility, and names it once (the line's errors
        say where not)."""
        seen, is_valid = set(), True
        for line in lines:
            field, value = line.form[key], (line.form[key].data or "").strip()
            if not value and any(other.data not in (None, "") for other in line.form if other is not field):
                field.errors.append(unnamed)
                is_valid = False
            elif value and value in seen:
                field.errors.append(twice)
                is_valid = False
            seen.add(value)
        return is_valid

    def _field_of_place(self) -> dict[str, Any]:
        """Where each place of the reader's problems is shown: a line's key field for the line as a whole."""
        fields: dict[str, Any] = {f"{PLACE}.recycled_margin": self.margin, f"{PLACE}.recycled_input_rates": self.rates}
        for lines, section, key in ((self.rates, "recycled_input_rates", "material"),
                                    (self.facilities, "facility_shares", "facility")):
            for line in self._filled(lines, key):
                place = f"{PLACE}.{section}.{line[key].data.strip()}"
                fields[place] = line[key]
                fields.update({f"{place}.{field.short_name}": field for field in line})
        return fields


def _entry(line: Form, *keys: str) -> dict[str, Any]:
    """A line's values as tender.yaml writes them, the empty ones left out (the reader says they are missing)."""
    values = {key: as_typed(line[key].data) if isinstance(line[key].data, Decimal) else (line[key].data or "").strip()
              for key in keys}
    return {key: value for key, value in values.items() if value not in (None, "")}
