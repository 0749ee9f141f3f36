"""Preconditions the evaluation verbs share: who acts, and in which status the tender must be."""
from __future__ import annotations

from flask_babel import gettext as _

from app.errors import UserError
from app.models import CommitteeMember, Tender, User
from app.models.tender import EVALUATING, FINALISED, OPENED
from app.records.access import committee_seat_of
from app.transactions import lock_tender

SCORING_STATUSES = (OPENED, EVALUATING)


def member(tender: Tender, user: User, *, chair: bool = False) -> CommitteeMember:
    """The user's declared seat on the committee (the chair's when `chair`), or a UserError saying why not."""
    seat = committee_seat_of(tender, user)
    if seat is None:
        raise UserError(_("you are not a member of this tender's evaluation committee"))
    if not seat.has_declared:
        raise UserError(_("sign the conflict-of-interest declaration first"))
    if chair and not seat.is_chair:
        raise UserError(_("only the committee chair may do this"))
    return seat


def in_evaluation(tender: Tender) -> None:
    """Scores and decisions change only between opening and finalisation: the tender is locked first, so a
    finalisation cannot commit between this check and the change (app/transactions.py)."""
    lock_tender(tender.id)
    if tender.status == FINALISED:
        raise UserError(_("the evaluation is finalised: everything is locked"))
    if tender.status not in SCORING_STATUSES:
        raise UserError(_("the bids have not been opened yet"))
