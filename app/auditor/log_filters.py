"""The audit page's filter: a plain GET form (bookmarkable, no JavaScript), read from the query string."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import DateField, Form, SelectField, ValidationError
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional

from app.audit.actions import ACTION_WORDS, action_words

ANY = ""


def choices(pairs) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


class LogFilterForm(Form):
    """Tender, actor, action and a date range; choices are filled per viewer (app/auditor/log_events.py)."""

    tender = SelectField(_l("Tender"), choices=[], validators=[Optional()])
    actor = SelectField(_l("Done by"), choices=[], validators=[Optional()])
    action = SelectField(_l("Action"), choices=[], validators=[Optional()])
    since = DateField(_l("From"), validators=[Optional()])
    until = DateField(_l("To"), validators=[Optional()])

    def validate_until(self, field) -> None:
        if field.data and self.since.data and field.data < self.since.data:
            raise ValidationError(_("The last day comes before the first; swap them."))


def action_choices() -> list[SelectChoice]:
    """Every action in the reader's words, in their alphabetical order."""
    words = sorted(((code, action_words(code)) for code in ACTION_WORDS), key=lambda item: item[1])
    return choices([(ANY, _("any action"))] + words)
