"""Evaluation forms: each owns its validation; a hidden version field carries optimistic locking."""
from __future__ import annotations

from flask import flash
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
    ValidationError,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import HiddenInput

from app.forms import MAX_ID, PageForm, WholeNumberField, record_id_field, version_field
from scoring.bids import ABNORMAL_DECISIONS, CLARIFIED, EXCLUDE, MINIMUM

REASON = [DataRequired(message=_l("a written reason is required")), Length(max=4000)]
RESOLUTION_CHOICES = (
    (MINIMUM, _l("Score it at the rule's minimum")),
    (EXCLUDE, _l("Exclude the bid on this ground")),
    (CLARIFIED, _l("Enter the bidder's answer to a clarification request (Directive 2014/24/EU Art. 56(3))")),
)
NO_FREE_POINTS = _l("a missing answer earns no points of its own: score it at the rule's minimum, exclude the "
                    "bid, or enter the bidder's answer to a recorded clarification request "
                    "(Directive 2014/24/EU Art. 56(3))")


class ConfirmForm(PageForm):
    """A button that needs nothing but the CSRF token (declare, confirm opening, start consensus, finalise)."""


class AddMemberForm(PageForm):
    user_id = SelectField(_l("Officer"), coerce=int, validators=[InputRequired()])
    is_technical = BooleanField(_l("Technical evaluator (two envelopes: sees no prices until the evaluation is "
                                   "finalised)"))


class ScoreForm(PageForm):
    bid_id = record_id_field()
    criterion_id = record_id_field()
    version = version_field(required=False)
    points = WholeNumberField(_l("Points"), validators=[InputRequired(message=_l("enter a whole number of points")),
                                                    NumberRange(min=0, max=100)])
    justification = TextAreaField(_l("Justification"), validators=[
        DataRequired(message=_l("a written justification is required")), Length(max=4000)])

    def is_for(self, bid_id: int, criterion_id: int) -> bool:
        """Whether this form was sent for that bid and criterion."""
        return (self.bid_id.data, self.criterion_id.data) == (bid_id, criterion_id)


def cell_form(bid_id: int, criterion_id: int, current, scale: int, is_consensus: bool,
              sent: ScoreForm | None = None, kind: type[ScoreForm] = ScoreForm) -> ScoreForm:
    """The score form of one bid and criterion: the form just sent (with its errors) if it was for this cell,
    else one filled from the member's current score. Its inputs get ids of their own, so each label names its input."""
    if sent is not None and sent.is_for(bid_id, criterion_id):
        form = sent
    else:
        form = kind(formdata=None, bid_id=bid_id, criterion_id=criterion_id,
                         version=current.version if current else None,
                         points=int(current.points) if current else None,
                         justification=current.justification if current else "")
    form.points.label.text = (_("Consensus points (0 to %(scale)s)", scale=scale) if is_consensus
                              else _("Your points (0 to %(scale)s)", scale=scale))
    for field in (form.points, form.justification):
        field.id = field.label.field_id = f"{field.name}-{bid_id}-{criterion_id}"
    return form


def _no_free_points(form, field) -> None:
    """Refuses points typed for a blank (an old page, a hand-made request): Directive 2014/24/EU Art. 56(3)."""
    if field.raw_data and any(str(value).strip() for value in field.raw_data):
        raise ValidationError(NO_FREE_POINTS)


class ResolveForm(PageForm):
    """A missing answer earns no points of its own: the rule's minimum, exclusion, or a recorded clarification."""

    bid_id = record_id_field()
    code = HiddenField(validators=[InputRequired()])
    kind = RadioField(_l("How to resolve"), choices=[SelectChoice(kind, label) for kind, label in RESOLUTION_CHOICES],
                      validators=[InputRequired(message=_l("choose how to resolve the missing answer"))])
    reason = TextAreaField(_l("Reason"), validators=REASON)
    request = TextAreaField(_l("Clarification request"), validators=[Length(max=4000)])
    requested_on = DateField(_l("Date of the request"), validators=[Optional()])
    answer = StringField(_l("The bidder's answer"), validators=[Length(max=4000)])
    evidence = StringField(_l("Evidence"), validators=[Length(max=500)])
    is_bid_unchanged = BooleanField(_l("The answer does not change the bid"))
    points = StringField(_l("Points"), validators=[_no_free_points])

    def clarification(self) -> dict:
        """The clarification fields as the service takes them."""
        return {"request": self.request.data, "requested_on": self.requested_on.data, "answer": self.answer.data,
                "evidence": self.evidence.data, "is_bid_unchanged": self.is_bid_unchanged.data}


class WithdrawResolutionForm(PageForm):
    bid_id = record_id_field()
    code = HiddenField(validators=[InputRequired()])


class ExcludeForm(PageForm):
    bid_id = record_id_field()
    reason = TextAreaField(_l("Reason for excluding the bid"), validators=REASON)


class AbnormalForm(PageForm):
    bid_id = record_id_field()
    decision = SelectField(_l("Decision"), choices=[
        SelectChoice(d, _l("explanation accepted") if d == "accepted" else _l("bid rejected"))
        for d in ABNORMAL_DECISIONS])
    reason = TextAreaField(_l("Reason"), validators=REASON)


def lot_field() -> WholeNumberField:
    """The lot a form acts on in a tender divided into lots (hidden; checked by the service like any input)."""
    return WholeNumberField(_l("Lot"), widget=HiddenInput(), validators=[
        InputRequired(message=_l("choose the lot")), NumberRange(min=1, max=MAX_ID)])


class LotScoreForm(ScoreForm):
    lot_number = lot_field()


class LotResolveForm(ResolveForm):
    lot_number = lot_field()


class LotWithdrawResolutionForm(WithdrawResolutionForm):
    lot_number = lot_field()


class LotAbnormalForm(AbnormalForm):
    lot_number = lot_field()


class LotExcludeForm(ExcludeForm):
    lot_number = lot_field()
    concerns_tenderer = BooleanField(_l("The ground concerns the tenderer (Directive 2014/24/EU Art. 57): excluded "
                                        "from every lot"))


def is_refused(form: PageForm) -> bool:
    """Whether the sent form fails its own checks; each field's errors are flashed for the page it goes back to."""
    if form.validate_on_submit():
        return False
    for field, errors in form.errors.items():
        flash(f"{getattr(form, field).label.text}: {'; '.join(map(str, errors))}", "error")
    return True
