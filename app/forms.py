"""What every page form shares: the hidden fields that carry record ids and versions, the check on them, and how a
stored number is shown back."""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from flask import abort, request
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from wtforms import DecimalField, IntegerField
from wtforms.validators import InputRequired, NumberRange, Optional, StopValidation
from wtforms.widgets import HiddenInput

from scoring.exact import plain_number
from scoring.problems import Problem

MAX_ID = 2**31 - 1  # ids and versions are PostgreSQL `integer` columns
ALTERED = ("The form came back with a hidden value this page never sends, so nothing was saved. "
           "Reload the page and submit the form again.")


class PageForm(FlaskForm):
    """A form whose hidden fields the page fills in itself.

    A hidden value that fails its check was altered or built by hand: the user can neither see nor fix it
    at a field, so the answer is 400 with a message, before any id reaches a query.
    `status` and `problems` are what app.errors.perform placed on the form when the service refused it.
    """

    status = 200
    problems: tuple[Problem, ...] = ()

    def validate_on_submit(self, extra_validators=None) -> bool:
        is_valid = super().validate_on_submit(extra_validators)
        if any(field.errors for field in self if isinstance(field.widget, HiddenInput) and field.name != "csrf_token"):
            abort(400, description=ALTERED)
        return is_valid


class _NumberField:
    """A number field whose text is no number says only that: its range checks (NumberRange) are not run too. A
    blank one goes through its validators, where Optional() takes back the refusal."""

    process_errors: list[Any]
    raw_data: list[Any] | None

    def pre_validate(self, form: FlaskForm) -> None:
        typed = bool(self.raw_data) and isinstance(self.raw_data[0], str) and self.raw_data[0].strip()
        if self.process_errors and typed:
            raise StopValidation()


class WholeNumberField(_NumberField, IntegerField):
    """WTForms' IntegerField, refusing a number no database integer column holds as it refuses text: NumberRange
    compares through math.isnan, which cannot take an integer of more than 308 digits (an OverflowError). Text is
    refused in words an officer uses ("enter a whole number", not WTForms' "Not a valid integer value.")."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(_("enter a whole number")) from error
        if self.data is not None and not -2**63 <= self.data < 2**63:
            self.data = None
            raise ValueError(_("this number is too large"))


class FiniteDecimalField(_NumberField, DecimalField):
    """WTForms' DecimalField, refusing what Decimal reads but no amount is ("NaN", "sNaN", "Infinity") as it refuses
    text, in the same words: a signalling NaN made NumberRange's math.isnan raise ValueError, and NaN fails every
    comparison."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        try:
            super().process_formdata(valuelist)
            if isinstance(self.data, Decimal) and not self.data.is_finite():  # not the default, when nothing was sent
                raise ValueError(self.data)
        except ValueError as error:
            self.data = None
            raise ValueError(_("enter a number")) from error


def requested_id(name: str) -> int:
    """The record id an address's query names (?bid_id=7); 0, which names no record, for anything else, so that an
    edited address gets the page's answer for a missing record, not a query the database refuses."""
    value = request.args.get(name, type=int)
    return value if value is not None and 0 < value <= MAX_ID else 0


def record_id_field() -> WholeNumberField:
    """The id of the row a form acts on (a bid, a criterion)."""
    return WholeNumberField(widget=HiddenInput(), validators=[InputRequired(), NumberRange(min=1, max=MAX_ID)])


def version_field(required: bool = True) -> WholeNumberField:
    """The version of the row as the page showed it (optimistic locking); optional where a first save has none."""
    presence = InputRequired() if required else Optional()
    return WholeNumberField(widget=HiddenInput(), validators=[presence, NumberRange(min=0, max=MAX_ID)])


def as_typed(value: Any) -> Any:
    """A number as the officer typed it and tender.yaml writes it (scoring.exact.plain_number: 30, not 30.0), a
    form's Decimal too; anything else (None, text, a whole number) as it is."""
    return plain_number(value) if isinstance(value, float | Decimal) else value
