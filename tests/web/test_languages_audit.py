"""The audit log page and its CSV in German: headings, filter, actions and objects in words; codes stay codes."""
from __future__ import annotations

import csv
import io

from app import audit
from app.extensions import db
from app.models import Tender
from tests.web.conftest import csrf_token, login
from tests.web.page_words import GERMAN_BROWSER, english_in, page_text
from tests.web.tampering import tamper

AUDIT_WORDS = ["Audit log", "intact", "event", "events", "Events", "Done by", "Action", "Concerning", "Fingerprint",
               "Show", "Download", "tender", "imported", "any action", "anyone", "the application", "sealed", "bid of",
               "a bid", "From", "newest", "page", "Dates"]


def _german_auditor(app, make_user, tender_id):
    with app.app_context():
        tender = db.session.get(Tender, tender_id)
        authority_id, own = tender.authority_id, (tender.title, tender.reference, tender.authority.name)
        audit.record("auth.login_failed", object_type="account", object_id="someone@example.org", tender_id=tender_id)
        db.session.commit()
    client = app.test_client()
    email = make_user("auditor", organisation_id=authority_id)
    login(client, email)
    return client, own + (email, "someone@example.org")


def test_the_audit_log_page_is_german_for_a_german_browser(app, tender_id, make_user):
    client, own = _german_auditor(app, make_user, tender_id)
    text = page_text(client.get("/audit/", headers=GERMAN_BROWSER).get_data(as_text=True))
    assert "Prüfprotokoll" in text and "Anmeldung fehlgeschlagen" in text and "Anmeldung als" in text
    assert "Vergabeverfahren importiert" in text and "jeder Vorgang" in text
    assert english_in(text, AUDIT_WORDS, own) == [], english_in(text, AUDIT_WORDS, own)


def test_the_german_csv_keeps_the_action_code_beside_its_words(app, tender_id, make_user):
    client, _ = _german_auditor(app, make_user, tender_id)
    body = client.get("/audit/events.csv?action=auth.login_failed", headers=GERMAN_BROWSER).get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0][0] == "Ereignis" and rows[0][5] == "Vorgang" and rows[0][-1] == "Vorgangscode"
    assert [(row[5], row[-1]) for row in rows[1:]] == [("Anmeldung fehlgeschlagen", "auth.login_failed")]


def test_a_tampered_log_is_named_in_german(app, tender_id, make_user, owner_engine):
    """What verification finds (app/audit/verification.py) is said in the auditor's language; the command line's
    `audit verify` says it in English (tests/web/test_audit_tampering.py)."""
    client, own = _german_auditor(app, make_user, tender_id)
    tamper(owner_engine, "UPDATE audit_event SET details = '{}' WHERE seq = 2")
    text = page_text(client.post("/audit/check", data={"csrf_token": csrf_token(client, "/audit/")},
                                 headers=GERMAN_BROWSER, follow_redirects=True).get_data(as_text=True))
    assert "Das Prüfprotokoll wurde manipuliert." in text
    assert "Ereignis 2 (" in text and "aufgezeichnet" in text
    assert ": sein Inhalt wurde nach der Aufzeichnung geändert" in text
    assert "contents were changed" not in text and "recorded" not in text
