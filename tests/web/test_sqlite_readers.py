"""On SQLite, read-only requests read outside a transaction: beside a writer, never waiting for its lock.

Transactions that write take the write lock at BEGIN (BEGIN IMMEDIATE, app/extensions.py); a GET that turns out
to write (a tender closing at its deadline) begins its transaction, with the lock, at its first write.
"""
from __future__ import annotations

import os
import sqlite3
from collections import Counter

import pytest
from sqlalchemy import event, select
from sqlalchemy.engine import make_url

from app import extensions
from app.clock import clock
from app.extensions import db
from app.models import AuditEvent
from tests.web.concurrency import outcome, run_together
from tests.web.conftest import AFTER_OPENING, csrf_token, login, open_and_judge

pytestmark = pytest.mark.skipif(bool(os.environ.get("TEST_DATABASE_URL")), reason="SQLite's locking only")

SHORT_BUSY_TIMEOUT_MS = 300


@pytest.fixture
def short_busy_timeout(app, monkeypatch):
    """Waiting for the write lock gives up after 0.3 s instead of 10 s, so a reader that waits fails fast."""
    monkeypatch.setattr(extensions, "SQLITE_BUSY_TIMEOUT_MS", SHORT_BUSY_TIMEOUT_MS)
    with app.app_context():
        db.engine.dispose()  # new connections take the shorter timeout


def _file(app) -> str:
    return make_url(app.config["SQLALCHEMY_DATABASE_URI"]).database


def test_a_read_only_page_is_served_while_another_connection_holds_the_write_lock(app, tender_id, committee,
                                                                                   short_busy_timeout):
    open_and_judge(app, tender_id, committee)
    writer = sqlite3.connect(_file(app), isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    try:
        response = committee["chair"].get(f"/tenders/{tender_id}/results")
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert response.status_code == 200


def test_twenty_readers_beside_two_writers_give_no_error(app, tender_id, committee, short_busy_timeout):
    bid_id, criterion_id = open_and_judge(app, tender_id, committee)
    readers = []
    for _ in range(20):
        client = app.test_client()
        login(client, "chair@authority.example")
        readers.append(client)
    writers = [(committee[name], csrf_token(committee[name], f"/tenders/{tender_id}/scoring"))
               for name in ("alice", "bob")]

    def read(client):
        def call() -> str:
            response = client.get(f"/tenders/{tender_id}/results")
            return "done" if response.status_code == 200 else f"error {response.status_code}"
        return call

    def write(client, token: str, points: int):
        return lambda: outcome(client.post(f"/tenders/{tender_id}/scoring", follow_redirects=True, data={
            "bid_id": bid_id, "criterion_id": criterion_id, "csrf_token": token, "points": points,
            "justification": f"scored {points}"}), "Score saved.")

    def both_writers():
        # One after the other: two writers queue for the write lock under the 10 s busy timeout in production, but
        # under this test's 0.3 s timeout a loaded machine could make one give up; what is tested is the readers.
        outcomes = [write(client, token, n + 1)() for n, (client, token) in enumerate(writers)]
        return "both writes done" if outcomes == ["done", "done"] else " / ".join(outcomes)

    outcomes = run_together([read(client) for client in readers] + [both_writers])
    assert outcomes == Counter({"done": 20, "both writes done": 1})


def test_a_get_that_writes_after_another_writer_committed_writes_in_its_own_transaction_at_once(app, tender_id,
                                                                                              officers):
    """The officer's page closes the tender at its deadline. A commit elsewhere between its reads and its write
    cannot leave it a stale snapshot that SQLite refuses to upgrade: the write begins its transaction, with the
    lock, and the view runs once."""
    clock.freeze(AFTER_OPENING)
    statements = []

    def commit_elsewhere_after_the_first_read(_conn, _cursor, statement, _parameters, _context, _many):
        statements.append(statement)
        if len(statements) == 1:
            other = sqlite3.connect(_file(app), isolation_level=None, timeout=0)
            other.execute("CREATE TABLE IF NOT EXISTS elsewhere (x INTEGER)")
            other.execute("INSERT INTO elsewhere VALUES (1)")
            other.close()

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", commit_elsewhere_after_the_first_read)
    try:
        response = officers["chair"].get(f"/tenders/{tender_id}")
    finally:
        event.remove(engine, "before_cursor_execute", commit_elsewhere_after_the_first_read)
    assert response.status_code == 200
    assert statements[0].startswith("SELECT") and sum(s.startswith("UPDATE tender ") for s in statements) == 1
    with app.app_context():
        closes = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "tender.close")).all()
    assert len(closes) == 1


def test_a_refused_get_records_its_refusal_though_another_writer_committed_meanwhile(app, tender_id, client,
                                                                                     login_as):
    """A refusal writes its audit event (Annex IV (g)) from a read-only request: its transaction takes the write lock
    at BEGIN, so a commit elsewhere cannot leave it a stale snapshot that SQLite refuses to upgrade (a 500)."""
    login_as("bidder")
    committed = []

    def commit_elsewhere(_conn, _cursor, statement, _parameters, _context, _many):
        if "FROM audit_event" in statement and not committed:
            other = sqlite3.connect(_file(app), isolation_level=None, timeout=0)
            try:
                other.execute("CREATE TABLE IF NOT EXISTS elsewhere (x INTEGER)")
                other.execute("INSERT INTO elsewhere VALUES (1)")
                committed.append("elsewhere")
            except sqlite3.OperationalError:  # the refusal holds the write lock: nothing commits beside it
                committed.append("waited")
            finally:
                other.close()

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", commit_elsewhere)
    try:
        response = client.get(f"/tenders/{tender_id}/results")
    finally:
        event.remove(engine, "before_cursor_execute", commit_elsewhere)
    assert committed == ["waited"] and response.status_code == 403
    with app.app_context():
        refusal = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "access.denied")).one()
    assert f'"path":"/tenders/{tender_id}/results"' in refusal.details
