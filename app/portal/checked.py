"""The workbook a bidder checked, kept sealed for its organisation so it can be submitted without choosing it again.

Every query here is filtered by the user's organisation and the tender, as bids are (docs/security.md: access
control): another organisation never reads, offers or submits the file. A kept workbook older than
CHECKED_WORKBOOK_HOURS is ignored and deleted by the next write. The bytes reach no audit event and no export.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, select

from app.clock import utcnow
from app.extensions import db
from app.models import CheckedWorkbook, Tender, User
from app.models.checked_workbook import CHECKED_WORKBOOK_HOURS

KEPT_FOR = timedelta(hours=CHECKED_WORKBOOK_HOURS)


def _oldest_kept(now: datetime) -> datetime:
    return now - KEPT_FOR


def delete_expired() -> None:
    """Delete every kept workbook older than the keeping time, whoever checked it."""
    db.session.execute(delete(CheckedWorkbook).where(CheckedWorkbook.checked_at <= _oldest_kept(utcnow())))


def keep(tender: Tender, user: User, name: str, data: bytes, sha256: str) -> CheckedWorkbook | None:
    """Keep the checked file for the user's organisation, replacing the one it kept for this tender before."""
    if user.organisation_id is None:
        return None
    delete_expired()
    discard(tender.id, user)
    row = CheckedWorkbook(tender_id=tender.id, organisation_id=user.organisation_id, checked_by_id=user.id,
                          checked_at=utcnow(), filename=name, workbook=data, workbook_sha256=sha256)
    db.session.add(row)
    db.session.flush()
    return row


def kept(tender_id: int, user: User) -> CheckedWorkbook | None:
    """The organisation's kept workbook for this tender, unless it has expired."""
    if user.organisation_id is None:
        return None
    return db.session.scalar(select(CheckedWorkbook).where(
        CheckedWorkbook.tender_id == tender_id, CheckedWorkbook.organisation_id == user.organisation_id,
        CheckedWorkbook.checked_at > _oldest_kept(utcnow())))


def discard(tender_id: int, user: User) -> None:
    """Delete the organisation's kept workbook for this tender, if any (a new check, or a submission)."""
    if user.organisation_id is not None:
        db.session.execute(delete(CheckedWorkbook).where(CheckedWorkbook.tender_id == tender_id,
                                                         CheckedWorkbook.organisation_id == user.organisation_id))
