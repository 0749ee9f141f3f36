"""The audit page's filter: a plain GET form (bookmarkable, no JavaScript), read from the query string."""
from __future__ import annotations

from wtforms import DateField, Form, SelectField, ValidationError
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional

from app.audit.actions import ACTION_WORDS

ANY = ""


def choices(pairs) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


class LogFilterForm(Form):
    """Tender, actor, action and a date range; choices are filled per viewer (app/auditor/log_events.py)."""

    tender = SelectField("Tender", choices=[], validators=[Optional()])
    actor = SelectField("Done by", choices=[], validators=[Optional()])
    action = SelectField("Action", validators=[Optional()], choices=choices(
        [(ANY, "any action")] + sorted(ACTION_WORDS.items(), key=lambda item: item[1])))
    since = DateField("From", validators=[Optional()])
    until = DateField("To", validators=[Optional()])

    def validate_until(self, field) -> None:
        if field.data and self.since.data and field.data < self.since.data:
            raise ValidationError("The last day comes before the first; swap them.")
