"""A tender closes when its deadline has passed and a page reads it, once, as the system; other requests never
touch tenders for it."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.clock import clock
from app.extensions import db
from app.models import AuditEvent, Tender
from tests.web.conftest import login
from tests.web.portal_steps import (
    DEADLINE,
    frozen_clock,  # noqa: F401  (autouse fixture: the clock stands at NOW)
    store_tender,
)
from tests.web.query_counting import counted


def _stored(app, tender_id: int) -> tuple[str, list[AuditEvent]]:
    with app.app_context():
        closings = list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == "tender.close",
                                                                    AuditEvent.tender_id == tender_id)))
        return db.session.get(Tender, tender_id).status, closings


def _officer_client(app, tender_id: int, make_user):
    with app.app_context():
        authority_id = db.session.get(Tender, tender_id).authority_id
    client = app.test_client()
    login(client, make_user("officer", organisation_id=authority_id))
    return client


def test_the_sign_in_page_neither_reads_nor_closes_tenders(app, client):
    tender_id = store_tender(app)
    clock.freeze(DEADLINE + timedelta(minutes=1))
    with counted(app) as seen:
        assert client.get("/login").status_code == 200
    assert not [statement for statement in seen if "tender" in statement.lower()]
    assert _stored(app, tender_id) == ("published", [])


def test_a_tender_past_its_deadline_shows_closed_on_each_page_that_reads_it_closed_once_by_the_system(
        app, make_user, login_as):
    pages = {"officer": "/tenders/{}", "opening": "/tenders/{}/opening", "portal": "/portal/tenders/{}"}
    tenders = {page: store_tender(app, f"RB-CLOSE-{page}") for page in pages}
    officers = {page: _officer_client(app, tender_id, make_user) for page, tender_id in tenders.items()}
    bidder = app.test_client()
    login(bidder, make_user("bidder"))
    clock.freeze(DEADLINE + timedelta(minutes=1))
    for page, path in pages.items():
        reader = bidder if page == "portal" else officers[page]
        for _ in range(2):
            html = reader.get(path.format(tenders[page])).get_data(as_text=True)
            assert 'badge badge-closed">closed' in html, page
    for page, tender_id in tenders.items():
        status, closings = _stored(app, tender_id)
        assert status == "closed", page
        assert [(event.actor, event.actor_id) for event in closings] == [("system", None)], page
