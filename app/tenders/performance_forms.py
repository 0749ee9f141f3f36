"""The form for a tender's contract performance conditions (Directive 2014/24/EU Art. 70; tender.yaml
`contract_performance:`, read by scoring/performance_conditions.py).

The form gathers what the officer typed and hands it, as typed, to the scoring library's own reader
(`parse_performance`): a number the officer typed is passed as a number, anything else as the text itself, so the
form and a tender.yaml import are refused with the same messages, each put back at the field it names. The form
sets no number of its own: the Directive fixes none, every one is the tender's parameter.
"""
from __future__ import annotations

import math
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectMultipleField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice

from app.forms import PageForm, as_typed, version_field
from app.models import Tender
from app.records.performance_terms import criterion_label, metric_criteria
from app.tenders.rules_forms import CHECKBOXES
from scoring.messages import Message
from scoring.performance_conditions import CONSEQUENCE_KEYS, PLACE, parse_performance
from scoring.problems import Problem

UNIT_WORDS = [SelectChoice("metric", _l("points of the metric (percentage points, HHI points)")),
              SelectChoice("points", _l("the criterion's points"))]
PERIOD_WORDS = [SelectChoice("yearly", _l("yearly, for each contract year")),
                SelectChoice("call_off", _l("per call-off"))]
# Where the reader's places (contract_performance.tolerance.value, ...binding[0]) are shown.
FIELD_OF_PLACE = {"binding": "binding", "tolerance": "tolerance_value", "tolerance.value": "tolerance_value",
                  "tolerance.unit": "tolerance_unit", "reporting": "period", "reporting.period": "period",
                  "reporting.periods": "periods", "reporting.report_within_days": "report_within_days",
                  "consequences": "remedy_plan_days", **{f"consequences.{key}": key for key in CONSEQUENCE_KEYS}}
# Library messages the form says in its own words (by msgid: the same in every language).
FORM_MESSAGES = {"expected a non-empty list of criterion codes": _l("tick at least one criterion")}


def typed(text: str | None) -> Any:
    """What the officer typed as tender.yaml would hold it: None when empty, a whole number or a number, else the
    text itself, which the reader then refuses, quoting it. A comma is not read: "2,500" may mean 2.5 or 2500 (the
    other number fields of the set-up read a decimal point only, too)."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        pass
    try:
        number = float(text)
    except ValueError:
        return text
    return number if math.isfinite(number) else text


class PerformanceForm(PageForm):
    """Which resilience criteria bind, the tolerance, the reporting and the consequences of a shortfall."""

    binding = SelectMultipleField(_l("Resilience criteria the contractor is bound to"), choices=[],
                                  validate_choice=False, **CHECKBOXES)  # the reader checks the codes
    tolerance_value = StringField(_l("Tolerance"))
    tolerance_unit = RadioField(_l("Tolerance counted in"), choices=UNIT_WORDS, default="metric")
    period = RadioField(_l("Reporting period"), choices=PERIOD_WORDS, default="yearly")
    periods = StringField(_l("Number of contract years"))
    report_within_days = StringField(_l("Days to report after a period ends"))
    remedy_plan_days = StringField(_l("Days to submit a remedy plan"))
    amount_per_point = StringField(_l("Amount per point below the commitment"))
    termination_after = StringField(_l("Periods with a shortfall that open a right to terminate"))
    clear = SubmitField(_l("Publish no conditions"))  # the second button: the tender publishes none
    version = version_field()

    def __init__(self, tender: Tender, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.binding.choices = [SelectChoice(row.code, criterion_label(row)) for row in metric_criteria(tender)]

    @staticmethod
    def values_of(tender: Tender) -> dict[str, Any]:
        """The stored conditions as the form shows them (stored as tender.yaml writes them: checked on saving)."""
        stored = tender.contract_performance
        if not stored:
            return {"version": tender.version}
        tolerance, reporting, consequences = stored["tolerance"], stored["reporting"], stored.get("consequences", {})
        shown = {"binding": list(stored["binding"]), "tolerance_value": tolerance["value"],
                 "tolerance_unit": tolerance["unit"], "period": reporting["period"],
                 "periods": reporting.get("periods"), "report_within_days": reporting["report_within_days"],
                 "version": tender.version, **consequences}
        return {key: as_typed(value) for key, value in shown.items()}

    def validate(self, extra_validators=None) -> bool:
        """Field checks, then the scoring library's reader, each problem at its field (the criteria that read a
        resilience metric are the choices, so the reader checks the codes against them)."""
        if not super().validate(extra_validators):
            return False
        _conditions, problems = parse_performance(self.conditions(), {choice.value for choice in self.binding.choices})
        for problem in problems:
            self[self._field_of(problem)].errors.append(self._said(problem))
        return not self.errors

    def conditions(self) -> dict[str, Any] | None:
        """tender.yaml's `contract_performance:` as the form gives it; None when the tender publishes none. The
        number of years is left out for a report per call-off, whose number the contract does not fix."""
        if self.clear.data:
            return None
        reporting = {"period": self.period.data, "report_within_days": typed(self.report_within_days.data)}
        if self.period.data != "call_off":
            reporting["periods"] = typed(self.periods.data)
        consequences = {key: typed(self[key].data) for key in CONSEQUENCE_KEYS}
        return {"binding": list(self.binding.data),
                "tolerance": {"value": typed(self.tolerance_value.data), "unit": self.tolerance_unit.data},
                "reporting": reporting,
                "consequences": {key: value for key, value in consequences.items() if value is not None}}

    def _field_of(self, problem: Problem) -> str:
        place = problem.place.removeprefix(f"{PLACE}.")
        return FIELD_OF_PLACE.get(place.split("[")[0], "binding")

    def _said(self, problem: Problem) -> object:
        """The reader's message, in the form's words where it has its own; an empty field is said to be empty."""
        message = problem.message
        if message.msgid in FORM_MESSAGES:
            return FORM_MESSAGES[message.msgid]
        if message.params.get("value") == repr(None):
            return Message(message.msgid, **{**message.params, "value": _("nothing")})
        return message
