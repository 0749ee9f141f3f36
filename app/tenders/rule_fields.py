"""The fields of each rule kind: small tables and inputs instead of typed parameters.

The form only gathers numbers and words; the scoring library's own reader (`rule_from_params`) still decides
what is valid, so a form and a tender.yaml import accept the same rules. Its problems, placed by parameter
("rule.anchors[0][1]"), are put back at the field the officer typed into, in the form's words.
"""
from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import FieldList, Form, FormField, RadioField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, NumberRange, Optional

from app.forms import FiniteDecimalField, WholeNumberField, as_typed
from app.presentation import message_text
from app.tenders.rule_examples import PriceExample, price_examples
from scoring.problems import Problem
from scoring.rules import RULE_KINDS
from scoring.rules.price import LOG_MULTIPLES
from scoring.rules.prozorro import MAX_OPTION_VALUE

SPARE_ROWS = 2  # empty rows under a table, so a row can be added without scripts
MIN_LEVEL_ROWS = 6  # a judgement scale 0 to 5 until the officer sets another
MAX_DESCRIPTOR_CHARS = 500
KIND_WORDS = {
    "price_proportional": _l("Price: proportional"), "price_one_sided_linear": _l("Price: one-sided linear"),
    "price_two_sided_linear": _l("Price: two-sided linear"), "price_preset_range": _l("Price: range fixed in advance"),
    "price_log": _l("Price: logarithmic"), "linear": _l("Linear between two values"), "bands": _l("Bands of values"),
    "threshold": _l("Threshold"), "yes_no": _l("Yes/no points"), "pass_fail": _l("Pass/fail (a gate)"),
    "judgement": _l("Judgement by the committee on a scale"),
    "prozorro_feature": _l("ProZorro feature (price coefficient)"),
}
BETTER_WORDS = [SelectChoice("lower", _l("lower values are better")),
                SelectChoice("higher", _l("higher values are better"))]
# Parameter names as the officer sees them, for the library's messages that name another parameter.
PARAM_WORDS = {"pset_min": _l("the price for full points"), "pset_max": _l("the price for no points"),
               "points_met": _l("the points when met"), "points_not_met": _l("the points when not met"),
               "points_yes": _l("the points for yes"), "points_no": _l("the points for no"),
               "better: lower": _l("lower values better"), "better: higher": _l("higher values better")}
# Library messages the form says in its own words (by msgid: the same in every language)
FORM_MESSAGES = {"expected two [value, points] pairs": _l("fill in both ends of the line"),
                 "expected a mapping of option keys to values from 0 to 0.3":
                     _l("give each option a name and a value from 0 to 0.3")}
PLACE = re.compile(r"^rule\.(?P<key>[a-z_]+)(?:\[(?P<row>\d+)\](?:\[(?P<column>\d+)\]|\.(?P<field>[a-z]+))?"
                   r"|\.(?P<option>.+))?$")


def points_field(label: str) -> FiniteDecimalField:
    """Points as a percentage of the criterion's maximum (the rules' unit)."""
    return FiniteDecimalField(label, places=None, validators=[Optional(), NumberRange(min=0, max=100)])


def number_field(label: str) -> FiniteDecimalField:
    """A value in the unit of the answer (or of the measured metric)."""
    return FiniteDecimalField(label, places=None, validators=[Optional()])


class AnchorRow(Form):
    """One end of a linear rule: a value and the points it earns."""

    value = number_field(_l("Value"))
    points = points_field(_l("Points (%)"))


class BandRow(Form):
    """One band: values from `lower` (inclusive) to `upper` (exclusive) earn `points`."""

    lower = number_field(_l("From (included)"))
    upper = number_field(_l("To (excluded)"))
    points = points_field(_l("Points (%)"))

    def is_empty(self) -> bool:
        """A spare row the officer left blank."""
        return all(field.data is None for field in (self.lower, self.upper, self.points))


class OptionRow(Form):
    """One ProZorro option and its value."""

    option = StringField(_l("Option"), validators=[Optional(), Length(max=100)])
    value = FiniteDecimalField(_l("Value (0 to 0.3)"), places=None,
                               validators=[Optional(), NumberRange(0, MAX_OPTION_VALUE)])

    def is_empty(self) -> bool:
        """A spare row the officer left blank."""
        return not (self.option.data or "").strip() and self.value.data is None


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _without_empty(params: dict[str, Any]) -> dict[str, Any]:
    """Blank optional inputs are left out, so the library applies its defaults."""
    return {key: value for key, value in params.items() if value is not None}


class RuleFieldsMixin:
    """The rule kind and every kind's fields; a page shows only the chosen kind's (templates/tenders/_rule_*.html)."""

    rule_kind = RadioField(_l("Rule"), default="", choices=[
        SelectChoice("", _l("None: a group, scored through its children"))] + [
        SelectChoice(kind, KIND_WORDS[kind]) for kind in RULE_KINDS])
    pset_min = number_field(_l("Price for full points (and below)"))
    pset_max = number_field(_l("Price for no points (and above)"))
    log_a = SelectField(_l("No points at this multiple of the lowest price"), default="2", choices=[
        SelectChoice(f"{a:g}", _l("%(multiple)s × the lowest price", multiple=f"{a:g}")) for a in LOG_MULTIPLES])
    better = SelectField(_l("Which values are better"), default="lower", choices=BETTER_WORDS)
    anchors = FieldList(FormField(AnchorRow), _l("The two ends of the line"), min_entries=2, max_entries=2)
    bands = FieldList(FormField(BandRow), _l("Bands"))
    otherwise = points_field(_l("Points for a value in no band (%)"))
    threshold = number_field(_l("Threshold"))
    points_met = points_field(_l("Points when met (%)"))
    points_not_met = points_field(_l("Points when not met (%)"))
    points_yes = points_field(_l("Points for yes (%)"))
    points_no = points_field(_l("Points for no (%)"))
    required = SelectField(_l("The answer that passes"), default="yes",
                           choices=[SelectChoice("yes", _l("yes")), SelectChoice("no", _l("no"))])
    scale = WholeNumberField(_l("Highest level of the scale"), validators=[Optional(), NumberRange(1, 100)])
    descriptors = FieldList(StringField(_l("Descriptor"), validators=[Length(max=MAX_DESCRIPTOR_CHARS)]),
                            _l("What each level means"))
    aggregate = SelectField(_l("The score that counts"), default="consensus", choices=[
        SelectChoice("consensus", _l("the chair's consensus score")),
        SelectChoice("median", _l("the median of the scores")),
        SelectChoice("mean", _l("the mean of the scores"))])
    fallback = SelectField(_l("Without a consensus score"), default="median", choices=[
        SelectChoice("median", _l("the median of the scores")), SelectChoice("mean", _l("the mean of the scores"))])
    disagreement_share = FiniteDecimalField(_l("Flag a disagreement at a spread of (percent of the scale)"),
                                            places=None, validators=[Optional(), NumberRange(0, 100)])
    options = FieldList(FormField(OptionRow), _l("Options"))

    def pad_rule_rows(self) -> None:
        """Enough empty rows for the tables: spare bands and options, one descriptor per level."""
        for table in (self.bands, self.options):
            while len(table) < len([row for row in table if not row.form.is_empty()]) + SPARE_ROWS:
                table.append_entry()
        levels = (self.scale.data + 1) if isinstance(self.scale.data, int) and 0 < self.scale.data <= 100 else 0
        while len(self.descriptors) < max(levels, MIN_LEVEL_ROWS):
            self.descriptors.append_entry()

    def rule_params(self, kind: str) -> dict[str, Any]:
        """The chosen kind's parameters as the scoring library reads them (blank inputs left out)."""
        if kind == "price_preset_range":
            return _without_empty({"pset_min": _number(self.pset_min.data), "pset_max": _number(self.pset_max.data)})
        if kind == "price_log":
            return {"a": float(self.log_a.data)}
        if kind == "linear":
            anchors = [[_number(row.form.value.data), _number(row.form.points.data)] for row in self.anchors]
            return {"better": self.better.data,
                    "anchors": [] if all(v is None and p is None for v, p in anchors) else anchors}
        if kind == "bands":
            return _without_empty({"bands": [
                {"from": _number(row.form.lower.data), "to": _number(row.form.upper.data),
                 "points": _number(row.form.points.data)} for row in self.bands if not row.form.is_empty()],
                "otherwise": _number(self.otherwise.data)})
        if kind == "threshold":
            return _without_empty({"threshold": _number(self.threshold.data), "better": self.better.data,
                                   "points_met": _number(self.points_met.data),
                                   "points_not_met": _number(self.points_not_met.data)})
        if kind == "yes_no":
            return _without_empty({"points_yes": _number(self.points_yes.data),
                                   "points_no": _number(self.points_no.data)})
        if kind == "pass_fail":
            return {"required": self.required.data == "yes"}
        if kind == "judgement":
            texts = [field.data.strip() for field in self.descriptors if (field.data or "").strip()]
            return _without_empty({"scale": self.scale.data, "descriptors": texts or None,
                                   "aggregate": self.aggregate.data, "fallback": self.fallback.data,
                                   "disagreement_share": _number(self.disagreement_share.data)})
        if kind == "prozorro_feature":
            rows = [row.form for row in self.options if not row.form.is_empty()]
            return {"options": {(row.option.data or "").strip(): _number(row.value.data) for row in rows}}
        return {}

    def price_examples(self) -> list[PriceExample]:
        """The price formulas worked on three prices, with the parameters typed here where they are valid."""
        return price_examples({kind: self.rule_params(kind) for kind in ("price_preset_range", "price_log")})

    def place_problems(self, problems: tuple[Problem, ...]) -> None:
        """Each problem of the library at the field it concerns, in the words of the form."""
        for problem in problems:
            match = PLACE.match(problem.place)
            key = match.group("key") if match else None
            field = getattr(self, {"a": "log_a", "from": "bands", "to": "bands"}.get(key, key or ""), None)
            message = _words(problem.message)
            if match and match.group("row") is not None:
                column = match.group("column") or match.group("field")
                row = int(match.group("row")) + 1
                names = _COLUMN_NAMES.get(key, {})
                if column in names:
                    message = _("row %(row)s, %(column)s: %(message)s", row=row, column=names[column], message=message)
                else:
                    message = _("row %(row)s: %(message)s", row=row, message=message)
            elif match and match.group("option"):
                message = _("option %(option)s: %(message)s", option=match.group("option"), message=message)
            (field if field is not None else self.rule_kind).errors.append(message)


_COLUMN_NAMES = {"anchors": {"0": _l("value"), "1": _l("points")},
                 "bands": {"from": _l("from"), "to": _l("to"), "points": _l("points")}}


def _words(message: str) -> str:
    """The library's message in the reader's language, with parameter names replaced by what the form calls them."""
    if message == "expected a number, got None":
        message = _("missing")
    else:
        message = str(FORM_MESSAGES.get(getattr(message, "msgid", None), "")) or message_text(message)
    for name, words in PARAM_WORDS.items():
        message = message.replace(name, str(words))
    return message[:1].upper() + message[1:]


def rule_values(kind: str | None, params: dict[str, Any]) -> dict[str, Any]:
    """A stored rule's parameters as the form's fields show them."""
    params = {key: as_typed(value) for key, value in params.items()}
    values: dict[str, Any] = {"rule_kind": kind or ""}
    if kind == "linear":
        values["anchors"] = [{"value": as_typed(v), "points": as_typed(p)} for v, p in params.get("anchors", [])]
    elif kind == "bands":
        values["bands"] = [{"lower": as_typed(band.get("from")), "upper": as_typed(band.get("to")),
                           "points": as_typed(band.get("points"))}
                           for band in params.get("bands", [])]
    elif kind == "prozorro_feature":
        values["options"] = [{"option": key, "value": as_typed(value)}
                             for key, value in params.get("options", {}).items()]
    elif kind == "pass_fail":
        values["required"] = "yes" if params.get("required", True) else "no"
    elif kind == "price_log":
        values["log_a"] = f"{params.get('a', 2):g}"
    for key in ("pset_min", "pset_max", "otherwise", "threshold", "better", "points_met", "points_not_met",
                "points_yes", "points_no", "scale", "descriptors", "aggregate", "fallback", "disagreement_share"):
        if key in params and key not in values:
            values[key] = params[key]
    return values
