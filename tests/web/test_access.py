"""Every view declares who may call it; the wrong role gets a 403 page and leaves an audit event."""
from __future__ import annotations

from sqlalchemy import select

from app.auth.access import allowed_roles
from app.extensions import db
from app.models import AuditEvent
from tests.web.conftest import login


def test_every_endpoint_declares_its_roles(app):
    with app.test_request_context():
        undeclared = [rule.endpoint for rule in app.url_map.iter_rules() if allowed_roles(rule.endpoint) is None]
    assert undeclared == []


def test_anonymous_user_is_sent_to_login(client):
    response = client.get("/tenders/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_bidder_asking_for_an_officer_page_gets_403_and_an_audit_event(app, client, login_as):
    login_as("bidder")
    response = client.get("/tenders/")
    assert response.status_code == 403
    assert "Not allowed" in response.get_data(as_text=True)
    with app.app_context():
        last = db.session.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc())).first()
    assert last.action == "access.denied"
    assert last.object_id == "tenders.index"


def test_officer_cannot_read_the_audit_page_but_auditor_can(app, make_user):
    officer, auditor = app.test_client(), app.test_client()
    login(officer, make_user("officer"))
    login(auditor, make_user("auditor"))
    assert officer.get("/audit/").status_code == 403
    response = auditor.get("/audit/")
    assert response.status_code == 200
    assert "The audit log is intact" in response.get_data(as_text=True)


def test_error_pages_use_the_product_layout(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    body = response.get_data(as_text=True)
    assert "Not found" in body and "resbid.css" in body


def test_security_headers_on_every_response(client):
    headers = client.get("/login").headers
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"


def test_unexpected_error_gives_500_page_and_rolls_back(app, make_organisation):
    from app.auth.access import public
    from app.models import Organisation

    @public
    def explode():
        db.session.add(Organisation(name="Half-written", kind="authority", country="BE"))
        db.session.flush()
        raise RuntimeError("boom")

    app.add_url_rule("/explode", "explode", explode)
    response = app.test_client().get("/explode")
    assert response.status_code == 500
    assert "Something went wrong" in response.get_data(as_text=True)
    assert "Traceback" not in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Organisation).where(Organisation.name == "Half-written")) is None


def test_oversized_request_gets_the_413_page(app):
    app.config["MAX_CONTENT_LENGTH"] = 1024
    response = app.test_client().post("/login", data={"email": "x" * 4096})
    assert response.status_code == 413
    assert "1024" in response.get_data(as_text=True) or "MB" in response.get_data(as_text=True)


def test_the_seat_read_with_the_tender_is_the_readers_until_it_is_removed(app, tender_id, committee, make_user):
    """authority_tender reads the officer's seat in the same statement; committee_seat gives that seat, nothing
    once it is removed in the same transaction, and nothing to an officer of the authority without one."""
    from flask_login import login_user

    from app.models import Tender, User
    from app.records.access import authority_tender, committee_seat

    with app.app_context():
        authority_id = db.session.get(Tender, tender_id).authority_id
    outsider = make_user("officer", email="outsider@authority.example", organisation_id=authority_id)
    with app.test_request_context():
        alice = db.session.scalar(select(User).where(User.email == "alice@authority.example"))
        login_user(alice)
        tender = authority_tender(tender_id)
        seat = committee_seat(tender)
        assert (seat.user_id, seat.tender_id, seat.is_chair) == (alice.id, tender_id, False)
        db.session.delete(seat)
        assert committee_seat(tender) is None
        db.session.rollback()
    with app.test_request_context():
        login_user(db.session.scalar(select(User).where(User.email == outsider)))
        assert committee_seat(authority_tender(tender_id)) is None
