"""Locks and retries of a request's transaction, in one place, so concurrent requests never deadlock into a 500.

Lock order, for every transaction that writes:
1. the tender's row, with `lock_tender` (PostgreSQL: SELECT ... FOR NO KEY UPDATE);
2. the audit chain, with `lock_chain`, taken by `audit.record` when the transaction writes its first event.
A transaction never asks for a tender lock once it holds the chain lock (`lock_tender` refuses), so two
transactions cannot each hold what the other waits for.

FOR NO KEY UPDATE rather than FOR UPDATE: every row inserted with a foreign key to the tender (a bid, a
score, an audit event) takes FOR KEY SHARE on the tender row, which FOR UPDATE blocks. With FOR UPDATE,
a self-assessment holding the chain lock waited on the tender for its audit event's foreign key while a
submission holding the tender waited on the chain. No resbid transaction changes a tender's id, so the
weaker lock serialises the same state checks.

SQLite takes its single write lock at BEGIN IMMEDIATE (app/extensions.py), so there both locks are no-ops.
Taking either marks the request as one that writes: a read-only request (GET, HEAD) reads outside a
transaction, and its statements from then on run in one (app/extensions.py, configure_transactions).
Any deadlock or serialisation failure left (the database decides, not this module) is retried once with a
fresh transaction by `retry_on_conflict`, which wraps every view.
"""
from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Flask
from sqlalchemy import event, select, text
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session, SessionTransaction

from app.extensions import db, want_write_lock
from app.models import Tender

# Any constant works: it only has to be the same for every writer of the chain.
_CHAIN_LOCK_KEY = 0x7265736269640001
_CHAIN_LOCKED = "resbid.chain_locked"
# PostgreSQL SQLSTATEs for transactions the server rolled back to break a conflict (Appendix A of its manual).
_RETRYABLE_SQLSTATES = frozenset({"40P01", "40001"})  # deadlock_detected, serialization_failure
_UNIQUE_VIOLATION = "23505"


def lock_tender(tender_id: int) -> Tender:
    """The tender's row, locked until the commit and re-read after the lock, so state checks hold."""
    if db.session.info.get(_CHAIN_LOCKED):
        raise RuntimeError("lock order: a tender is locked after the audit chain in the same transaction")
    want_write_lock()
    query = (select(Tender).where(Tender.id == tender_id).with_for_update(key_share=True)
             .execution_options(populate_existing=True))
    return db.session.scalars(query).one()


def lock_tenders(query) -> list[Tender]:
    """Several tenders' rows, locked in id order (the same order in every transaction)."""
    if db.session.info.get(_CHAIN_LOCKED):
        raise RuntimeError("lock order: tenders are locked after the audit chain in the same transaction")
    want_write_lock()
    return list(db.session.scalars(query.order_by(Tender.id).with_for_update(key_share=True)))


def lock_chain() -> None:
    """Serialise audit appends until the commit (the last lock a transaction takes)."""
    want_write_lock()
    connection = db.session.connection()  # begins the transaction whose end releases the lock
    if connection.dialect.name == "postgresql" and not db.session.info.get(_CHAIN_LOCKED):
        db.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _CHAIN_LOCK_KEY})
    db.session.info[_CHAIN_LOCKED] = True


@event.listens_for(Session, "after_transaction_end")
def _transaction_ended(session: Session, transaction: SessionTransaction) -> None:
    """The transaction's locks went with it, however it ended (a commit, a rollback, or a close, which signals
    neither); a savepoint's end forgets too, since one rolled back releases the locks taken inside it."""
    if ended_in_database(transaction):
        session.info.pop(_CHAIN_LOCKED, None)


def ended_in_database(transaction: SessionTransaction) -> bool:
    """Whether the session transaction that ended was the database transaction or a savepoint, not one of the
    subtransactions the session opens around each flush."""
    return transaction.parent is None or transaction.nested


def is_unique_violation(error: IntegrityError) -> bool:
    """A concurrent insert took the same unique value first (PostgreSQL 23505, SQLite "UNIQUE constraint")."""
    code = getattr(error.orig, "sqlstate", None)
    return code == _UNIQUE_VIOLATION or (code is None and "UNIQUE constraint failed" in str(error.orig))


def _is_retryable(error: DBAPIError) -> bool:
    return getattr(error.orig, "sqlstate", None) in _RETRYABLE_SQLSTATES


def retry_on_conflict(view: Callable[..., Any]) -> Callable[..., Any]:
    """Run the view again, once, in a fresh transaction when the database broke a deadlock by rolling it back."""

    @wraps(view)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return view(*args, **kwargs)
        except DBAPIError as error:
            if not _is_retryable(error):
                raise
            db.session.rollback()
            want_write_lock()
            return view(*args, **kwargs)

    return run


def install(app: Flask) -> None:
    """Wrap every view of the app in the retry."""
    for endpoint, view in list(app.view_functions.items()):
        app.view_functions[endpoint] = retry_on_conflict(view)
