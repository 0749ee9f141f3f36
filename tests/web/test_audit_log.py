"""The audit log is append-only and hash-chained; `audit verify` names the first broken event."""
from __future__ import annotations

import threading

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from app import audit
from app.extensions import db
from app.models import AuditEvent


def _write_events(app, count: int) -> None:
    with app.app_context():
        for n in range(count):
            audit.record("test.event", object_type="thing", object_id=n, details={"n": n})
        db.session.commit()


def _verify(runner):
    return runner.invoke(args=["audit", "verify"])


def _tamper(app, statement: str, **params) -> None:
    """Change the log behind the application's back, as a database administrator could."""
    with app.app_context():
        engine = db.engine
        with engine.begin() as connection:
            if engine.dialect.name == "postgresql":
                connection.exec_driver_sql("SET LOCAL session_replication_role = replica")
                connection.execute(text(statement), params)
            else:
                connection.exec_driver_sql("DROP TRIGGER IF EXISTS audit_event_no_update")
                connection.exec_driver_sql("DROP TRIGGER IF EXISTS audit_event_no_delete")
                connection.execute(text(statement), params)


def test_intact_chain_verifies_with_exit_0(app, runner):
    _write_events(app, 5)
    result = _verify(runner)
    assert result.exit_code == 0, result.output
    assert "intact: 5 events" in result.output


def test_each_hash_covers_the_previous_one(app):
    _write_events(app, 3)
    with app.app_context():
        events = list(db.session.scalars(select(AuditEvent).order_by(AuditEvent.seq)))
    assert events[0].prev_sha256 == audit.chain.GENESIS_SHA256
    assert events[1].prev_sha256 == events[0].sha256
    assert events[2].prev_sha256 == events[1].sha256


@pytest.mark.parametrize("statement", ["UPDATE audit_event SET action = 'x'", "DELETE FROM audit_event"])
def test_database_refuses_update_and_delete(app, statement):
    _write_events(app, 1)
    with app.app_context(), pytest.raises(DBAPIError, match="append-only"):
        with db.engine.begin() as connection:
            connection.execute(text(statement))


def test_changed_event_is_named(app, runner):
    _write_events(app, 5)
    _tamper(app, "UPDATE audit_event SET details = :d WHERE seq = 3", d='{"n":99}')
    result = _verify(runner)
    assert result.exit_code == 1
    assert "event seq 3" in result.output and "does not match its contents" in result.output


def test_deleted_event_is_named(app, runner):
    _write_events(app, 5)
    _tamper(app, "DELETE FROM audit_event WHERE seq = 2")
    result = _verify(runner)
    assert result.exit_code == 1
    assert "event seq 3" in result.output and "missing" in result.output


def test_reordered_events_are_caught(app, runner):
    _write_events(app, 5)
    _tamper(app, "UPDATE audit_event SET seq = seq + 100 WHERE seq IN (2, 3)")
    _tamper(app, "UPDATE audit_event SET seq = 3 WHERE seq = 102")
    _tamper(app, "UPDATE audit_event SET seq = 2 WHERE seq = 103")
    result = _verify(runner)
    assert result.exit_code == 1
    assert "event seq 2" in result.output


def test_inserted_event_is_caught(app, runner):
    _write_events(app, 3)
    with app.app_context():
        last = db.session.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc())).first()
        forged = AuditEvent(seq=4, at=last.at, actor="intruder", action="bid.open", object_type="bid",
                            object_id="1", details="{}", prev_sha256="f" * 64, sha256="e" * 64)
        db.session.add(forged)
        db.session.commit()
    result = _verify(runner)
    assert result.exit_code == 1
    assert "event seq 4" in result.output


def test_concurrent_writers_keep_one_unbroken_chain(app, runner):
    threads = [threading.Thread(target=_write_events, args=(app, 10)) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result = _verify(runner)
    assert result.exit_code == 0, result.output
    assert "intact: 60 events" in result.output
