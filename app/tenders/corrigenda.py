"""Corrigenda: the only way a published tender's deadline or opening time moves, before the deadline.

Directive 2014/24/EU Annex IV (c): only authorised persons set or change the opening date. The
views let only officers of the tender's authority here; this module refuses any change once the
deadline has passed, and records who changed what, when and why.
"""
from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select

from app import audit
from app.clock import utcnow
from app.errors import Refused, UserError
from app.extensions import db
from app.models import Corrigendum, Tender, User
from app.models.tender import DRAFT, PUBLISHED
from app.tenders.editing import check_version, flush, lock


def refusal(tender: Tender) -> str | None:
    """Why the tender's dates cannot be corrected now, or None while a corrigendum is allowed."""
    if tender.status == DRAFT:
        return _("Tender %(reference)s is a draft: change its dates on the details page; corrigenda are for "
                 "published tenders.", reference=tender.reference)
    if tender.status != PUBLISHED or utcnow() >= tender.submission_deadline_at:
        return _("The submission deadline of tender %(reference)s has passed: its deadline and opening time can "
                 "no longer be changed (Directive 2014/24/EU Annex IV (c)).", reference=tender.reference)
    return None


def check_open(tender: Tender) -> None:
    """Refuse (recorded, 403) unless a corrigendum is allowed now."""
    reason = refusal(tender)
    if reason:
        raise Refused(reason)


def issue_corrigendum(tender: Tender, officer: User, deadline_at: datetime, opening_at: datetime, reason: str,
                      version: int) -> Corrigendum:
    """Move the deadline and opening time of a published tender before its deadline, with a recorded reason."""
    lock(tender)
    check_open(tender)
    check_version(tender, version)
    if deadline_at <= utcnow():
        raise UserError(_("must be in the future"), place="submission_deadline")
    if (deadline_at, opening_at) == (tender.submission_deadline_at, tender.opening_at):
        raise UserError(_("Nothing to correct: the deadline and opening time are unchanged."))
    corrigendum = Corrigendum(
        tender_id=tender.id, old_submission_deadline_at=tender.submission_deadline_at,
        new_submission_deadline_at=deadline_at, old_opening_at=tender.opening_at, new_opening_at=opening_at,
        reason=reason.strip(), issued_by_id=officer.id, issued_at=utcnow())
    tender.submission_deadline_at = deadline_at
    tender.opening_at = opening_at
    db.session.add(corrigendum)
    flush()
    audit.record("tender.corrigendum", corrigendum, tender_id=tender.id, details={
        "old_submission_deadline": corrigendum.old_submission_deadline_at.isoformat(),
        "new_submission_deadline": deadline_at.isoformat(),
        "old_opening": corrigendum.old_opening_at.isoformat(), "new_opening": opening_at.isoformat()})
    return corrigendum


def corrigenda_of(tender: Tender) -> list[Corrigendum]:
    """The tender's corrigenda, oldest first."""
    return list(db.session.scalars(select(Corrigendum).where(Corrigendum.tender_id == tender.id)
                                   .order_by(Corrigendum.issued_at, Corrigendum.id)))
