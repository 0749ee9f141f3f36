"""Every view declares who may call it; the wrong role gets a 403 page and leaves an audit event."""
from __future__ import annotations

from sqlalchemy import select

from app.auth.access import allowed_roles
from app.extensions import db
from app.forms import MAX_ID
from app.models import AuditEvent, Bid
from tests.web.conftest import csrf_token, login
from tests.web.routes import get_routes


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
    assert "has not been checked yet" in response.get_data(as_text=True)
    assert officer.post("/audit/check", data={"csrf_token": csrf_token(officer, "/")}).status_code == 403
    checked = auditor.post("/audit/check", data={"csrf_token": csrf_token(auditor, "/audit/")}, follow_redirects=True)
    assert "Last check of the whole audit log" in checked.get_data(as_text=True)


def test_a_number_beyond_the_databases_integers_is_a_404_in_an_address_and_no_record_in_a_query(app, tender_id, opened):
    """An edited address: SQLite cannot bind such a number and PostgreSQL's integer is out of range, so it must not
    reach a query; it names no record, as a number the database holds no row of does."""
    too_large = [MAX_ID + 1, 10**23]
    for number in too_large:
        urls = [url for url in get_routes(app, number, number) if str(number) in url]
        assert len(urls) > 40
        for url in urls:
            assert opened["chair"].get(url).status_code == 404, url
    with app.app_context():
        bid = db.session.scalar(select(Bid.id).order_by(Bid.id))
    tender = tender_id
    assert opened["chair"].get(f"/tenders/{tender}/decisions/exclude?bid_id={bid}").status_code == 200
    for number in too_large:
        response = opened["chair"].get(f"/tenders/{tender}/decisions/exclude?bid_id={number}")
        assert response.status_code == 302 and response.headers["Location"].endswith(f"/tenders/{tender}/decisions")


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
