"""Tender status as time passes: published until the deadline, then closed until two members open it."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from app import audit
from app.clock import utcnow
from app.extensions import db
from app.models import Tender
from app.models.tender import CLOSED, PUBLISHED
from app.transactions import lock_tenders


def status_by_clock(now: datetime, deadline: datetime) -> str:
    """The status a published tender has at `now`, before anyone opens its bids."""
    return PUBLISHED if now < deadline else CLOSED


def close_due_tenders() -> list[Tender]:
    """Close every published tender whose deadline has passed, each with an audit event; return them (no commit).

    The rows are locked, so two requests arriving together close a tender once.
    """
    now = utcnow()
    due = lock_tenders(select(Tender).where(Tender.status == PUBLISHED, Tender.submission_deadline_at <= now))
    for tender in due:
        tender.status = status_by_clock(now, tender.submission_deadline_at)
        db.session.flush()
        audit.record("tender.close", tender, tender_id=tender.id, by_system=True,
                     details={"by": "clock", "submission_deadline": tender.submission_deadline_at.isoformat()})
    return list(due)
