"""The committee's verification forms: the request to the bidder and the outcome. The choices they offer (the
bid's supply lines, the criteria) are the page's; the services check what comes back, so a choice built by hand
is refused there with a message at its field."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, RadioField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length

from app.evaluation.forms import REASON
from app.forms import PageForm, record_id_field
from app.records.verification import CONSEQUENCE_NAMES, OUTCOME_NAMES


class VerificationRequestForm(PageForm):
    line = SelectField(_l("About"), choices=[], validate_choice=False)
    question = TextAreaField(_l("Question to the bidder"), validators=[
        DataRequired(message=_l("write the question the bidder is to answer")), Length(max=4000)])
    reply_by = DateField(_l("Last day for the reply (in the tender's time zone)"),
                         validators=[InputRequired(message=_l("enter the last day for the reply"))])

    def line_id(self) -> int | None:
        return int(self.line.data) if (self.line.data or "").isdigit() else None


class OutcomeForm(PageForm):
    request_id = record_id_field()
    outcome = RadioField(_l("Outcome"), choices=[SelectChoice(key, name) for key, name in OUTCOME_NAMES.items()],
                         validators=[InputRequired(message=_l("choose the outcome"))])
    reason = TextAreaField(_l("Reason (quoted in the evaluation report)"), validators=REASON)
    consequence = SelectField(_l("If not verified, what follows"),
                              choices=[SelectChoice("", _l("nothing: the claim was verified or clarified")),
                                       *(SelectChoice(key, name) for key, name in CONSEQUENCE_NAMES.items())])
    criterion = SelectField(_l("Criterion scored at its minimum"), choices=[], validate_choice=False)
