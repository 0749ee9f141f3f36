"""The one place that takes locks and retries: its order rule, its retry, and that nothing else locks rows."""
from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select, update
from sqlalchemy.exc import OperationalError

from app.transactions import lock_chain, lock_tender, retry_on_conflict

APP = Path(__file__).resolve().parents[2] / "app"


class _ServerError(Exception):
    def __init__(self, sqlstate: str) -> None:
        super().__init__(sqlstate)
        self.sqlstate = sqlstate


def _failing_once(sqlstate: str):
    calls = []

    def view() -> str:
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("COMMIT", {}, _ServerError(sqlstate))
        return f"attempt {len(calls)}"

    return view, calls


@pytest.mark.parametrize("sqlstate", ["40P01", "40001"])
def test_a_deadlock_or_serialisation_failure_is_retried_once(app, sqlstate):
    view, calls = _failing_once(sqlstate)
    with app.test_request_context():
        assert retry_on_conflict(view)() == "attempt 2"
    assert len(calls) == 2


def test_other_database_errors_are_not_retried(app):
    view, calls = _failing_once("53100")  # disk full: retrying would not help
    with app.test_request_context(), pytest.raises(OperationalError):
        retry_on_conflict(view)()
    assert len(calls) == 1


def test_a_tender_cannot_be_locked_after_the_audit_chain(app, tender_id):
    with app.app_context():
        lock_tender(tender_id)
        lock_chain()
        with pytest.raises(RuntimeError, match="lock order"):
            lock_tender(tender_id)


def test_the_chain_lock_ends_with_its_transaction(app, tender_id):
    from app.extensions import db

    with app.app_context():
        lock_chain()
        db.session.rollback()
        assert lock_tender(tender_id).id == tender_id
        db.session.commit()
        lock_chain()
        db.session.close()  # a close ends the transaction without a rollback event
        assert lock_tender(tender_id).id == tender_id


def test_rows_are_locked_only_in_the_transactions_module():
    sources = {path.relative_to(APP).as_posix(): path.read_text(encoding="utf-8") for path in APP.rglob("*.py")}
    lockers = [name for name, text in sources.items() if "with_for_update" in text or "advisory_xact" in text]
    assert lockers == ["transactions.py"]


def _in_transaction() -> bool:
    """Whether the database holds a transaction open on the session's connection."""
    from psycopg.pq import TransactionStatus

    from app.extensions import db

    driver = db.session.connection().connection.dbapi_connection
    if db.engine.dialect.name == "sqlite":
        return driver.in_transaction
    return driver.info.transaction_status != TransactionStatus.IDLE


def test_a_read_only_request_reads_outside_a_transaction_until_it_writes_or_locks(app, tender_id):
    """No BEGIN and ROLLBACK around a page's reads (on PostgreSQL, two round trips); what it writes is still one
    transaction, and a lock lasts until it ends."""
    from app.extensions import db
    from app.models import Tender

    with app.app_context():
        title = db.session.scalar(select(Tender.title).where(Tender.id == tender_id))
    with app.test_request_context():  # a GET
        assert db.session.scalar(select(Tender.title).where(Tender.id == tender_id)) == title
        assert not _in_transaction()
        db.session.execute(update(Tender).where(Tender.id == tender_id).values(title="Changed, then rolled back"))
        assert _in_transaction()
        db.session.rollback()
        assert db.session.scalar(select(Tender.title).where(Tender.id == tender_id)) == title
        assert not _in_transaction()
        lock_tender(tender_id)
        assert _in_transaction()  # the row's lock (SQLite: the write lock) lasts until the transaction ends
        db.session.rollback()
    with app.test_request_context(method="POST"):
        db.session.scalar(select(Tender.title).where(Tender.id == tender_id))
        assert _in_transaction()
        db.session.rollback()
