"""The evaluation committee: the chair adds members of the authority; each signs a declaration (Art. 24)."""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from app import audit
from app.clock import utcnow
from app.errors import UserError
from app.evaluation.guards import member
from app.extensions import db
from app.models import CommitteeMember, Tender, User
from app.models.tender import FINALISED
from app.models.user import OFFICER
from app.records.access import committee_seat_of

DECLARATION_TEXT = (
    "I declare that I have no direct or indirect financial, economic or other personal interest in the "
    "outcome of this procedure that might compromise my impartiality and independence (Directive 2014/24/EU "
    "Art. 24). I will inform the chair at once if such an interest arises, and keep the bids confidential."
)


def appoint_chair(tender: Tender, officer: User) -> CommitteeMember:
    """The first officer of the authority to take the chair of a committee that has none."""
    if officer.role != OFFICER or officer.organisation_id != tender.authority_id:
        raise UserError(_("only an officer of the contracting authority can chair the committee"))
    if db.session.scalar(select(CommitteeMember.id).where(CommitteeMember.tender_id == tender.id,
                                                          CommitteeMember.is_chair.is_(True))):
        raise UserError(_("this committee already has a chair"))
    seat = committee_seat_of(tender, officer)
    if seat is None:
        seat = CommitteeMember(tender_id=tender.id, user_id=officer.id)
        db.session.add(seat)
    seat.is_chair = True
    db.session.flush()
    audit.record("committee.chair", seat, tender_id=tender.id, actor=officer, details={"user_id": officer.id})
    return seat


def seatable_users(tender: Tender) -> list[User]:
    """The people the chair may seat, by the one rule add_member applies: active officers of the tender's
    authority who are not seated yet (a bidder's or another authority's people never are)."""
    seated = select(CommitteeMember.user_id).where(CommitteeMember.tender_id == tender.id)
    return list(db.session.scalars(select(User).where(
        User.organisation_id == tender.authority_id, User.role == OFFICER, User.is_enabled.is_(True),
        User.id.not_in(seated)).order_by(User.email)))


def add_member(tender: Tender, chair: User, user: User, is_technical: bool) -> CommitteeMember:
    """Seat an officer of the tender's authority on its committee.

    A technical evaluator is a role of two-envelope tenders only: there they see no price until the evaluation
    is finalised (Directive 2014/24/EU Annex IV (d)); on a one-envelope tender the role would mean nothing.
    """
    member(tender, chair, chair=True)
    if tender.status == FINALISED:
        raise UserError(_("The evaluation is finalised: the committee can no longer change."))
    if user.role != OFFICER or user.organisation_id != tender.authority_id or not user.is_enabled:
        raise UserError(_("Only active officers of the contracting authority can sit on the committee."), "user_id")
    if committee_seat_of(tender, user) is not None:
        raise UserError(_("%(member)s is already a member of this committee.", member=user.email), "user_id")
    if is_technical and not tender.is_two_envelope:
        raise UserError(_("Tender %(reference)s has one envelope: technical evaluators exist only on two-envelope "
                          "tenders, where they see no prices until the evaluation is finalised.",
                          reference=tender.reference), "is_technical")
    seat = CommitteeMember(tender_id=tender.id, user_id=user.id, is_technical=is_technical)
    db.session.add(seat)
    db.session.flush()
    audit.record("committee.add", seat, tender_id=tender.id, actor=chair,
                 details={"user_id": user.id, "is_technical": is_technical})
    return seat


def declare_no_conflict(tender: Tender, user: User) -> CommitteeMember:
    """Record the member's conflict-of-interest declaration; before it, no bid data is shown to them."""
    seat = committee_seat_of(tender, user)
    if seat is None:
        raise UserError(_("you are not a member of this tender's evaluation committee"))
    if seat.has_declared:
        raise UserError(_("you have already signed the declaration"))
    seat.coi_declared_at = utcnow()
    seat.coi_statement = DECLARATION_TEXT
    audit.record("committee.declare", seat, tender_id=tender.id, actor=user, details={"user_id": user.id})
    return seat
