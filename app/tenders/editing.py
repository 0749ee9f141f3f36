"""What every change to a tender's set-up shares: the row lock, the draft check and the version check.

Two officers may edit the same tender: each edit form carries the row's version, and a save
from a page older than the stored row is refused instead of silently overwriting it.
"""
from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from app.errors import Refused, StaleEdit
from app.extensions import db
from app.models import Criterion, Tender
from app.models.tender import DRAFT
from app.records.access import frozen_message
from app.transactions import lock_tender


def lock(tender: Tender) -> None:
    """Re-read the tender under its row lock (app/transactions.py), so the checks below hold until the commit."""
    lock_tender(tender.id)


def lock_draft(tender: Tender) -> None:
    """Lock the tender and refuse if it is no longer a draft (a publication may have won the race)."""
    lock(tender)
    if tender.status != DRAFT:
        raise Refused(frozen_message(tender))


def check_version(row: Tender | Criterion, version: int | None) -> None:
    """Refuse a save from a form loaded before the row's current version."""
    if row.version != version:
        raise StaleEdit()


def flush() -> None:
    """Write pending changes now; a concurrent commit surfaces as StaleEdit.

    That is a newer version of the same row (StaleDataError), or a unique value, such as a criterion
    code, that another officer's save took in the instant after this one checked it (IntegrityError).
    """
    try:
        db.session.flush()
    except (StaleDataError, IntegrityError) as error:
        raise StaleEdit() from error
