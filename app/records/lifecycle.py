"""Tender status as time passes: published until the deadline, then closed until two members open it.

No job closes a tender at its deadline: the pages and verbs that read a tender's status close it first
(`close_if_due` for one tender, `close_due_tenders` before a list), so nothing reads a stale status and
requests that read no tender (signing in, the audit log) touch none.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select

from app import audit
from app.clock import utcnow
from app.extensions import db
from app.models import Tender
from app.models.tender import CLOSED, PUBLISHED
from app.transactions import lock_tender, lock_tenders


def status_by_clock(now: datetime, deadline: datetime) -> str:
    """The status a published tender has at `now`, before anyone opens its bids."""
    return PUBLISHED if now < deadline else CLOSED


def close_if_due(tender: Tender) -> None:
    """Close the tender if it is published and its deadline has passed (committed at once; see `_close`)."""
    if _is_due(tender, utcnow()):
        _close([lock_tender(tender.id)])


def close_due_tenders() -> None:
    """Close every published tender whose deadline has passed (committed at once; see `_close`)."""
    _close(lock_tenders(select(Tender).where(Tender.status == PUBLISHED, Tender.submission_deadline_at <= utcnow())))


def _close(locked: Iterable[Tender]) -> None:
    """Close the locked tenders still due, each with an audit event recorded as the system, and commit.

    Called before the request writes anything, with the rows locked first and the audit chain after
    (app/transactions.py), so two requests arriving together close a tender once; the commit makes the
    closing stand whatever the request goes on to do.
    """
    now = utcnow()
    due = [tender for tender in locked if _is_due(tender, now)]
    for tender in due:
        tender.status = CLOSED
        db.session.flush()
        audit.record("tender.close", tender, tender_id=tender.id, by_system=True,
                     details={"by": "clock", "submission_deadline": tender.submission_deadline_at.isoformat()})
    if due:
        db.session.commit()


def _is_due(tender: Tender, now: datetime) -> bool:
    return tender.status == PUBLISHED and status_by_clock(now, tender.submission_deadline_at) == CLOSED
