"""Tampering with the audit log by someone who can write the database but holds neither key file.

Every change, cut, forgery, swap or rollback makes `audit verify` exit 1 naming the first failing
event or checkpoint (or the table), never "intact" and never a database error.
"""
from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy import func, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from app import audit, create_app
from app.audit.chain import event_sha256
from app.clock import clock
from app.extensions import db
from app.models import AuditCheckpoint, AuditEvent
from tests.web.conftest import csrf_token, login
from tests.web.tampering import tamper

EVENTS = 60


def _write_events(app, count: int) -> None:
    """One committed transaction per event, as requests record them."""
    with app.app_context():
        for n in range(count):
            audit.record("test.event", object_type="thing", object_id=n, details={"n": n})
            db.session.commit()


def _verify(runner):
    result = runner.invoke(args=["audit", "verify"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


@pytest.fixture
def log(app):
    _write_events(app, EVENTS)
    return app


def test_untouched_log_verifies_with_its_latest_checkpoint(log, runner):
    result = _verify(runner)
    assert result.exit_code == 0, result.output
    assert f"intact: {EVENTS} events" in result.output and "Latest checkpoint: 1 event," in result.output


@pytest.mark.parametrize("cut", [1, 10, 50, EVENTS])
def test_events_cut_from_the_end_are_named(log, owner_engine, runner, cut):
    keep = EVENTS - cut
    tamper(owner_engine, "DELETE FROM audit_event WHERE seq > :keep", keep=keep)
    result = _verify(runner)
    assert result.exit_code == 1
    assert "checkpoint" in result.output and f"over {keep + 1} event{'s' if keep else ''})" in result.output
    assert f"the log now ends at event {keep}" in result.output


def test_range_rewritten_with_recomputed_hashes_is_named(log, owner_engine, runner):
    with log.app_context():
        events = list(db.session.scalars(select(AuditEvent).where(AuditEvent.seq >= 20).order_by(AuditEvent.seq)))
        db.session.expunge_all()
    prev = events[0].prev_sha256
    for event in events:
        if event.seq <= 30:
            event.details = '{"n":-1}'
        event.prev_sha256 = prev
        event.sha256 = prev = event_sha256(event)
        tamper(owner_engine, "UPDATE audit_event SET details = :details, prev_sha256 = :prev, sha256 = :sha "
               "WHERE seq = :seq", details=event.details, prev=event.prev_sha256, sha=event.sha256, seq=event.seq)
    result = _verify(runner)
    assert result.exit_code == 1
    assert "event 20 (" in result.output and "signature does not match" in result.output


@pytest.mark.parametrize("mac", [None, "f" * 64])
def test_forged_event_appended_is_named(log, owner_engine, runner, mac):
    with log.app_context():
        head = db.session.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc())).first()
        forged = AuditEvent(seq=head.seq + 1, at=head.at, actor="intruder", action="bid.open", object_type="bid",
                            object_id="1", details="{}", prev_sha256=head.sha256)
        forged.sha256 = event_sha256(forged)
    tamper(owner_engine, "INSERT INTO audit_event (seq, at, actor, action, object_type, object_id, details, "
           "prev_sha256, sha256, mac) VALUES (:seq, :at, 'intruder', 'bid.open', 'bid', '1', '{}', :prev, :sha, :mac)",
           seq=forged.seq, at=head.at.replace(tzinfo=None), prev=forged.prev_sha256, sha=forged.sha256, mac=mac)
    result = _verify(runner)
    assert result.exit_code == 1
    assert f"event {EVENTS + 1} (" in result.output
    assert ("not signed" if mac is None else "signature does not match") in result.output


def test_table_swapped_for_a_copy_is_named(log, owner_engine, runner):
    with owner_engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE audit_event_copy AS SELECT * FROM audit_event")
        connection.exec_driver_sql("DROP TABLE audit_event")
        connection.exec_driver_sql("ALTER TABLE audit_event_copy RENAME TO audit_event")
    result = _verify(runner)
    assert result.exit_code == 1
    assert "the table of audit events has lost its guards against change and deletion" in result.output


@pytest.mark.parametrize("statement", ["DROP TABLE audit_event", "ALTER TABLE audit_event RENAME TO old_events"])
def test_dropped_or_renamed_table_is_named_not_a_database_error(log, owner_engine, runner, statement):
    with owner_engine.begin() as connection:
        connection.exec_driver_sql(statement)
    result = _verify(runner)
    assert result.exit_code == 1
    assert "the table of audit events is missing: it was dropped or renamed" in result.output


def test_sqlite_refuses_insert_or_replace_over_an_event(log, owner_engine):
    if owner_engine.dialect.name != "sqlite":
        pytest.skip("INSERT OR REPLACE is SQLite's")
    with pytest.raises(DBAPIError, match="append-only"), owner_engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT OR REPLACE INTO audit_event (id, seq, at, actor_id, actor, action, object_type, object_id, "
            "tender_id, details, prev_sha256, sha256, mac) SELECT id, seq, at, actor_id, 'intruder', action, "
            "object_type, object_id, tender_id, details, prev_sha256, sha256, mac FROM audit_event WHERE seq = 3")


@pytest.mark.parametrize("table, conflict, change", [("audit_event", "seq", "actor = 'intruder'"),
                                                      ("audit_checkpoint", "id", "count = 0")])
def test_upsert_over_a_stored_row_is_refused(log, owner_engine, table, conflict, change):
    columns = [column for column in sa.inspect(owner_engine).get_columns(table)]
    names = ", ".join(column["name"] for column in columns)
    with pytest.raises(DBAPIError, match="append-only"), owner_engine.begin() as connection:
        connection.exec_driver_sql(f"INSERT INTO {table} ({names}) SELECT {names} FROM {table} "
                                   f"ORDER BY id LIMIT 1 ON CONFLICT ({conflict}) DO UPDATE SET {change}")


def test_database_rolled_back_to_an_older_copy_is_named(app, databases, database_url, owner_engine, tmp_path):
    _write_events(app, 10)
    older = _copy_database(app, databases, database_url, owner_engine, tmp_path)
    _write_events(app, 10)
    restored = create_app({"SQLALCHEMY_DATABASE_URI": older, "SECRET_KEY": "x",
                           "RESBID_AUDIT_KEY": app.config["RESBID_AUDIT_KEY"],
                           "RESBID_AUDIT_CHECKPOINTS": app.config["RESBID_AUDIT_CHECKPOINTS"]})
    try:
        result = _verify(restored.test_cli_runner())
        assert result.exit_code == 1
        assert "over 11 events)" in result.output and "the log now ends at event 10" in result.output
        assert "an older copy of the database was restored" in result.output
    finally:
        with restored.app_context():
            db.engine.dispose()
        databases.drop(older)


def _copy_database(app, databases, database_url, owner_engine, tmp_path) -> str:
    """A copy of the database as it stands, as a backup would be; the URL the application would use on it."""
    with app.app_context():
        db.engine.dispose()
    owner_engine.dispose()
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        copy = tmp_path / "older.sqlite3"
        shutil.copyfile(url.database, copy)
        return f"sqlite:///{copy}"
    name = f"{url.database}_older"
    databases._execute(f'CREATE DATABASE "{name}" TEMPLATE "{url.database}"')
    return url.set(database=name).render_as_string(hide_password=False)


def test_forged_checkpoint_in_the_database_is_named(log, owner_engine, runner):
    tamper(owner_engine, "INSERT INTO audit_checkpoint (count, head_sha256, at, reason, mac) "
           "VALUES (:count, :head, '2030-01-01 00:00:00', 'manual', :mac)", count=EVENTS, head="a" * 64, mac="b" * 64)
    result = _verify(runner)
    assert result.exit_code == 1
    assert "checkpoint 2 in the database (signed 01 Jan 2030 00:00:00 UTC on request, over 60 events)" in result.output
    assert "signature does not match" in result.output


def test_altered_line_of_the_checkpoint_file_is_named(log, runner):
    path = Path(log.config["RESBID_AUDIT_CHECKPOINTS"])
    lines = path.read_text().splitlines()
    lines[4] = lines[4].replace('"count":5', '"count":4')
    path.write_text("\n".join(lines) + "\n")
    result = _verify(runner)
    assert result.exit_code == 1
    assert "checkpoint 5 in the checkpoint file" in result.output and "signature does not match" in result.output


def test_missing_checkpoint_file_is_reported(log, runner):
    Path(log.config["RESBID_AUDIT_CHECKPOINTS"]).unlink()
    result = _verify(runner)
    assert result.exit_code == 1
    assert "checkpoint file" in result.output and "is missing" in result.output


def test_checkpoint_command_signs_the_head_and_refuses_a_broken_log(log, owner_engine, runner):
    result = runner.invoke(args=["audit", "checkpoint"])
    assert result.exit_code == 0, result.output
    with log.app_context():
        latest = audit.latest_checkpoint()
        head = db.session.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc())).first()
        assert (latest.count, latest.head_sha256, latest.reason) == (EVENTS + 1, head.sha256, "manual")
        assert head.action == "audit.check"  # the command's check, recorded before the head is signed
    assert '"reason":"manual"' in Path(log.config["RESBID_AUDIT_CHECKPOINTS"]).read_text()
    tamper(owner_engine, "UPDATE audit_event SET actor = 'someone else' WHERE seq = 7")
    refused = runner.invoke(args=["audit", "checkpoint"])
    assert refused.exit_code == 1 and "tampered with" in refused.output


def test_a_checkpoint_is_signed_at_least_daily(app):
    _write_events(app, 1)
    clock.advance(timedelta(hours=23))
    _write_events(app, 1)
    with app.app_context():
        assert db.session.scalar(select(func.count(AuditCheckpoint.id))) == 1
    clock.advance(timedelta(hours=2))
    _write_events(app, 1)
    with app.app_context():
        latest = audit.latest_checkpoint()
        assert (latest.count, latest.reason) == (3, "daily")


def test_events_of_a_rolled_back_transaction_leave_no_checkpoint(app, runner):
    _write_events(app, 2)
    with app.app_context():
        audit.record("test.event", object_type="thing", object_id="gone")
        db.session.rollback()
    _write_events(app, 1)
    result = _verify(runner)
    assert result.exit_code == 0, result.output


DEVELOPER_WORDS = ("seq ", "id ", "audit_event", "audit_checkpoint", "_no_", "sqlite", "psycopg", "Error", ".jsonl",
                   "T00:", "test.event")


@pytest.mark.parametrize("statement", ["UPDATE audit_event SET details = '{}' WHERE seq = 3",
                                       "DELETE FROM audit_event WHERE seq > 50",
                                       "DROP TRIGGER IF EXISTS audit_event_no_delete"])
def test_problems_are_told_in_plain_words_on_the_page_and_the_command_line(log, owner_engine, runner, make_user,
                                                                           statement):
    if "TRIGGER" not in statement:
        tamper(owner_engine, statement)
    else:
        if owner_engine.dialect.name != "sqlite":
            statement = "ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update_or_delete"
        with owner_engine.begin() as connection:
            connection.exec_driver_sql(statement)
    result = _verify(runner)
    assert result.exit_code == 1 and "tampered with" in result.output
    problems = result.output.split("tampered with", 1)[1].split("Checkpoint file:", 1)[0]
    client = log.test_client()
    login(client, make_user("auditor"))
    page = client.post("/audit/check", data={"csrf_token": csrf_token(client, "/audit/")},
                       follow_redirects=True).get_data(as_text=True)
    status = page.partition('id="chain-status"')[2].partition("</div>")[0]
    assert "tampered with" in status
    for words in (problems, status):
        assert [token for token in DEVELOPER_WORDS if token in words] == [], words
