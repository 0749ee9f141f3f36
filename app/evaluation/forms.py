"""Evaluation forms: each owns its validation; a hidden version field carries optimistic locking."""
from __future__ import annotations

from wtforms import BooleanField, FloatField, HiddenField, IntegerField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from app.forms import PageForm, record_id_field, version_field
from scoring.bids import ABNORMAL_DECISIONS

REASON = [DataRequired(message="a written reason is required"), Length(max=4000)]


class ConfirmForm(PageForm):
    """A button that needs nothing but the CSRF token (declare, confirm opening, start consensus, finalise)."""


class AddMemberForm(PageForm):
    user_id = SelectField("Officer", coerce=int, validators=[InputRequired()])
    is_technical = BooleanField("Technical evaluator (two envelopes: sees no prices until the evaluation is finalised)")


class ScoreForm(PageForm):
    bid_id = record_id_field()
    criterion_id = record_id_field()
    version = version_field(required=False)
    points = IntegerField("Points", validators=[InputRequired(), NumberRange(min=0, max=100)])
    justification = TextAreaField("Justification", validators=[DataRequired(message="a written justification is "
                                                                                   "required"), Length(max=4000)])


class ResolveForm(PageForm):
    bid_id = record_id_field()
    code = HiddenField(validators=[InputRequired()])
    points = FloatField("Points (% of the criterion's maximum)", validators=[InputRequired(), NumberRange(0, 100)])
    reason = TextAreaField("Reason", validators=REASON)


class ExcludeForm(PageForm):
    bid_id = record_id_field()
    reason = TextAreaField("Reason for excluding the bid", validators=REASON)


class AbnormalForm(PageForm):
    bid_id = record_id_field()
    decision = SelectField("Decision", choices=[
        SelectChoice(d, "explanation accepted" if d == "accepted" else "bid rejected") for d in ABNORMAL_DECISIONS])
    reason = TextAreaField("Reason", validators=REASON)
