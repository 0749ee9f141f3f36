"""The audit page shows the last recorded check of the whole log instead of walking the chain at every view; a check
that found the log broken, or a record of a check that does not verify, makes it verify the whole chain again."""
from __future__ import annotations

import pytest
from sqlalchemy import event, select

from app import audit
from app.extensions import db
from app.models import AuditEvent
from tests.web.conftest import csrf_token, login
from tests.web.page_words import page_text
from tests.web.tampering import tamper


def _events(app, count: int) -> None:
    with app.app_context():
        for n in range(count):
            audit.record("test.event", object_type="thing", object_id=n, details={"n": n})
        db.session.commit()


@pytest.fixture
def auditor(app, make_user):
    _events(app, 20)
    client = app.test_client()
    login(client, make_user("auditor"))
    return client


def _status(client) -> str:
    page = client.get("/audit/").get_data(as_text=True)
    return page_text(page.partition('id="chain-status"')[2].partition("</div>")[0])


def _check(client) -> str:
    response = client.post("/audit/check", data={"csrf_token": csrf_token(client, "/audit/")})
    assert response.status_code == 303 and response.location.endswith("#chain-status"), response.status_code
    return _status(client)


def _walks(app, client) -> int:
    """Statements of one view of the page that read the events in chain order, all of them (no LIMIT): the walk."""
    walks = []

    def note(conn, cursor, statement, parameters, context, executemany):
        if "ORDER BY audit_event.seq" in statement and "LIMIT" not in statement:
            walks.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "after_cursor_execute", note)
    try:
        assert client.get("/audit/").status_code == 200
    finally:
        event.remove(engine, "after_cursor_execute", note)
    return len(walks)


def test_a_check_is_recorded_and_shown_until_the_next_and_a_view_never_walks_the_chain(app, auditor):
    assert "has not been checked yet" in _status(auditor)
    status = _check(auditor)
    assert "Last check of the whole audit log" in status and "intact" in status
    with app.app_context():
        events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.seq)).all()
        checked = events[-1]
    assert (checked.action, checked.object_type) == ("audit.check", "audit_log")
    assert f"All {len(events) - 1} events recorded by then check out" in status
    assert events[-2].sha256 in status  # the head the check reached
    _events(app, 5)
    assert "5 events have been recorded since" in _status(auditor)
    assert _walks(app, auditor) == 0
    listed = page_text(auditor.get("/audit/?action=audit.check").get_data(as_text=True))
    assert "whole audit log checked" in listed and f"the whole log: {len(events) - 1} events, intact" in listed


def test_tampering_after_a_check_is_found_by_the_next_check_and_then_named_at_every_view(app, auditor, owner_engine):
    _check(auditor)
    tamper(owner_engine, "UPDATE audit_event SET details = '{}' WHERE seq = 3")
    assert "intact" in _status(auditor)  # as of the last check, which the page dates
    status = _check(auditor)
    assert "tampered with" in status and "event 3 (" in status and "contents were changed" in status
    assert "event 3 (" in _status(auditor)  # the broken log is verified again at each view, its problems named
    listed = page_text(auditor.get("/audit/?action=audit.check").get_data(as_text=True))
    assert "the whole log: tampered with after its first 2 events" in listed


@pytest.mark.parametrize("forgery", [
    "UPDATE audit_event SET details = :forged WHERE seq = :seq",
    "UPDATE audit_event SET mac = NULL WHERE seq = :seq",
])
def test_a_record_of_a_check_that_does_not_verify_is_not_believed(app, auditor, owner_engine, forgery):
    """Whoever can write the database but has no audit key cannot make the page say "intact": a record of a check
    written or changed without the key fails its own verification, and the page verifies the whole chain."""
    _check(auditor)
    with app.app_context():
        seq = db.session.scalar(select(AuditEvent.seq).where(AuditEvent.action == "audit.check"))
    tamper(owner_engine, "UPDATE audit_event SET details = '{}' WHERE seq = 2")
    tamper(owner_engine, forgery, seq=seq, forged='{"count":999,"head_sha256":"f","intact":true}')
    status = _status(auditor)
    assert "tampered with" in status and "event 2 (" in status and "Last check" not in status


def test_a_check_of_a_log_whose_table_was_dropped_names_it(app, auditor, owner_engine):
    _check(auditor)
    with owner_engine.begin() as connection:
        connection.exec_driver_sql("DROP TABLE audit_checkpoint")
    status = _check(auditor)
    assert "the table of signed checkpoints is missing" in status


def _walks_in_transaction(app, act) -> list[bool]:
    """Whether each walk of the chain that `act` makes runs inside a database transaction."""
    walks = []

    def note(conn, cursor, statement, parameters, context, executemany):
        if "ORDER BY audit_event.seq" in statement and "LIMIT" not in statement:
            driver = conn.connection.dbapi_connection
            walks.append(driver.in_transaction if conn.dialect.name == "sqlite" else not driver.autocommit)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "after_cursor_execute", note)
    try:
        act()
    finally:
        event.remove(engine, "after_cursor_execute", note)
    return walks


def test_a_check_reads_every_event_before_it_takes_the_write_lock(app, auditor, owner_engine):
    """A transaction that writes holds SQLite's write lock from its BEGIN: the check reads the whole chain outside a
    transaction, as a page does, so other writers do not wait for it, and begins one only to record itself. So does
    a view that verifies the chain again."""
    assert _walks_in_transaction(app, lambda: _check(auditor)) == [False]
    assert "Last check of the whole audit log" in _status(auditor)
    tamper(owner_engine, "UPDATE audit_event SET details = '{}' WHERE seq = 2")
    assert _walks_in_transaction(app, lambda: _check(auditor)) == [False, False]  # the check, the page after it
    assert _walks_in_transaction(app, lambda: _status(auditor)) == [False]
