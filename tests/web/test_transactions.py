"""The one place that takes locks and retries: its order rule, its retry, and that nothing else locks rows."""
from __future__ import annotations

from pathlib import Path

import pytest
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
