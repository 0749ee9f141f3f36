"""The audit log is append-only and hash-chained; `audit verify` names the first broken event."""
from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from app import audit
from app.extensions import db
from app.models import AuditEvent
from tests.web.query_counting import counted
from tests.web.tampering import tamper


def _write_events(app, count: int) -> None:
    with app.app_context():
        for n in range(count):
            audit.record("test.event", object_type="thing", object_id=n, details={"n": n})
        db.session.commit()


def _verify(runner):
    return runner.invoke(args=["audit", "verify"])


def _tamper(engine, statement: str, **params) -> None:
    """Change the log behind the application's back, as the database's owner could (see tamper())."""
    tamper(engine, statement, **params)


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
def test_database_refuses_update_and_delete(app, owner_engine, statement):
    _write_events(app, 1)
    with pytest.raises(DBAPIError, match="append-only"), owner_engine.begin() as connection:
        connection.execute(text(statement))


def test_changed_event_is_named(app, owner_engine, runner):
    _write_events(app, 5)
    _tamper(owner_engine, "UPDATE audit_event SET details = :d WHERE seq = 3", d='{"n":99}')
    result = _verify(runner)
    assert result.exit_code == 1
    assert "event 3 (" in result.output and "its contents were changed after it was recorded" in result.output


def test_deleted_event_is_named(app, owner_engine, runner):
    _write_events(app, 5)
    _tamper(owner_engine, "DELETE FROM audit_event WHERE seq = 2")
    result = _verify(runner)
    assert result.exit_code == 1
    assert "event 3 (" in result.output and "event 2 is missing" in result.output


def test_reordered_events_are_caught(app, owner_engine, runner):
    _write_events(app, 5)
    _tamper(owner_engine, "UPDATE audit_event SET seq = seq + 100 WHERE seq IN (2, 3)")
    _tamper(owner_engine, "UPDATE audit_event SET seq = 3 WHERE seq = 102")
    _tamper(owner_engine, "UPDATE audit_event SET seq = 2 WHERE seq = 103")
    result = _verify(runner)
    assert result.exit_code == 1
    assert "event 2 (" in result.output


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
    assert "event 4 (" in result.output


def test_a_transaction_reads_the_newest_event_once_and_what_it_undoes_leaves_the_chain(app, runner):
    _write_events(app, 2)
    with app.app_context(), counted(app) as statements:
        for n in range(3):
            audit.record("test.kept", object_type="thing", object_id=n)
        with db.session.begin_nested() as savepoint:
            audit.record("test.undone", object_type="thing", object_id=9)
            savepoint.rollback()
        audit.record("test.kept", object_type="thing", object_id=3)
        db.session.commit()
    newest_reads = [s for s in statements if "FROM audit_event ORDER BY audit_event.seq DESC" in " ".join(s.split())]
    assert len(newest_reads) == 3  # the first record, after the savepoint, and the commit's checkpoint line
    with app.app_context():
        audit.record("test.undone", object_type="thing", object_id=10)
        db.session.close()  # ends the transaction without a rollback event: what it recorded is gone all the same
        audit.record("test.kept", object_type="thing", object_id=4)
        db.session.commit()
        events = list(db.session.scalars(select(AuditEvent).order_by(AuditEvent.seq)))
    assert [event.action for event in events] == ["test.event"] * 2 + ["test.kept"] * 5
    assert all(event.prev_sha256 == before.sha256 for before, event in zip(events, events[1:]))
    result = _verify(runner)
    assert result.exit_code == 0 and "intact: 7 events" in result.output, result.output


def test_concurrent_writers_keep_one_unbroken_chain(app, runner):
    threads = [threading.Thread(target=_write_events, args=(app, 10)) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result = _verify(runner)
    assert result.exit_code == 0, result.output
    assert "intact: 60 events" in result.output


def test_application_role_cannot_change_or_unguard_the_log(app, databases):
    """On PostgreSQL the suite connects as the application role `db grant-app-role` set up."""
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("database roles are PostgreSQL's")
    _write_events(app, 2)
    statements = ["UPDATE audit_event SET actor = 'x'", "DELETE FROM audit_event", "TRUNCATE audit_event",
                  "ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update_or_delete",
                  "ALTER TABLE audit_event RENAME TO old_events", "DROP TRIGGER audit_event_no_truncate ON audit_event",
                  "DROP TABLE audit_event", "DELETE FROM audit_checkpoint", "TRUNCATE audit_checkpoint",
                  "SET session_replication_role = replica"]
    with app.app_context():
        for statement in statements:
            with pytest.raises(DBAPIError, match="permission denied|must be owner"), db.engine.begin() as connection:
                connection.exec_driver_sql(statement)


def test_grant_refuses_a_role_that_could_unguard_the_log(app, databases, database_url):
    from app.database_roles import RoleProblem, grant_app_role

    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("database roles are PostgreSQL's")
    engine = sa.create_engine(databases.owner_uri(database_url))
    try:
        with engine.begin() as connection, pytest.raises(RoleProblem, match="superuser"):
            grant_app_role(connection, engine.url.username)
    finally:
        engine.dispose()
