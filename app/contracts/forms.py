"""The contract pages' forms: the contractor's report upload, the officer's response to a shortfall and the
officer's record of a call-off."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from app.contracts.call_offs import MAX_REFERENCE
from app.contracts.words import RESPONSE_WORDS
from app.forms import PageForm
from app.portal.forms import XLSX_ONLY
from app.portal.service import Upload

MAX_REASON = 2000


class ReportForm(PageForm):
    """The period's performance report workbook, filled in."""

    workbook = FileField(_l("Filled performance report (.xlsx)"), validators=[
        FileRequired(_l("choose the filled performance report to upload")), FileAllowed(["xlsx"], XLSX_ONLY)])

    def upload(self) -> Upload:
        storage = self.workbook.data
        storage.stream.seek(0)  # a view retried after a deadlock reads the file again
        return Upload(name=storage.filename or "", data=storage.read())


class ResponseForm(PageForm):
    """The response to one shortfall; the service checks what each kind needs (a reason, a deadline)."""

    kind = SelectField(_l("Response"),
                       choices=[SelectChoice(kind, _l(words)) for kind, words in RESPONSE_WORDS.items()])
    reason = TextAreaField(_l("Reason"), validators=[Length(max=MAX_REASON)])
    deadline = DateField(_l("Remedy due by"), validators=[Optional()])


class CallOffForm(PageForm):
    """A call-off made under the contract; the service checks the day against today and the call-offs recorded."""

    called_on = DateField(_l("Date of the call-off"),
                          validators=[InputRequired(message=_l("Give the date of the call-off."))])
    reference = StringField(_l("Reference or short description"), validators=[Length(max=MAX_REFERENCE)])
