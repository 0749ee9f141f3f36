"""Annex IV (b): before the opening, no page, export or log shows a sealed bid's price, answers, supply lines, file
or documents.

Every GET route of the app is requested as every role, with the ids of a real sealed bid filled in,
and each response is searched for values that only that bid contains.
"""
from __future__ import annotations

import hashlib
import logging
from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from app.clock import clock
from app.extensions import db
from app.models import Bid, SupplyLine, Tender
from tests.web.conftest import login, post_form
from tests.web.document_steps import store_document
from tests.web.routes import get_routes

OWNER_LABEL = "hardanger-battery-systems"
SEALED_DOCUMENT = b"%PDF-1.7\n% sealed-offtake-agreement-HBS-4411\n%%EOF\n"
DOCUMENT_NAME = "Offtake agreement HBS-4411.pdf"


@pytest.fixture
def sealed_values(app, tender_id) -> dict[str, object]:
    """Values found only in the sealed bid of Hardanger Battery Systems (the sample's demo bidder)."""
    with app.app_context():
        bid = db.session.scalar(select(Bid).where(Bid.tender_id == tender_id, Bid.label == OWNER_LABEL))
        line = db.session.scalars(select(SupplyLine).where(SupplyLine.bid_id == bid.id)).first()
        bid_id, owner_id, sha256 = bid.id, bid.organisation_id, bid.workbook_sha256
        needles = [f"{bid.price:,.2f}", f"{bid.price:.2f}", str(int(bid.price)), line.supplier, line.evidence,
                   bid.workbook_sha256]
    document_id = store_document(app, bid_id, data=SEALED_DOCUMENT, kind="price_breakdown", name=DOCUMENT_NAME)
    return {"bid_id": bid_id, "owner_id": owner_id, "sha256": sha256, "document_id": document_id,
            "needles": [*needles, "sealed-offtake-agreement-HBS-4411", DOCUMENT_NAME,
                        hashlib.sha256(SEALED_DOCUMENT).hexdigest()]}


def _clients(app, committee, make_user):
    clients = dict(committee)
    for role in ("admin", "auditor"):
        clients[role] = app.test_client()
        with app.app_context():
            authority_id = db.session.scalar(select(Tender.authority_id))
        login(clients[role], make_user(role, organisation_id=None if role == "admin" else authority_id))
    clients["other bidder"] = app.test_client()
    login(clients["other bidder"], make_user("bidder"))
    return clients


def test_no_route_shows_a_sealed_bid_to_any_role(app, tender_id, committee, make_user, sealed_values, caplog):
    caplog.set_level(logging.DEBUG)
    clients = _clients(app, committee, make_user)
    urls = get_routes(app, tender_id, sealed_values["bid_id"], sealed_values["document_id"])
    assert any("/documents/" in url for url in urls)
    assert len(urls) > 10
    leaks = []
    for role, client in clients.items():
        for url in urls:
            response = client.get(url)
            assert response.status_code < 500, (role, url)
            body = response.get_data()
            leaks += [(role, url, needle) for needle in sealed_values["needles"] if str(needle).encode() in body]
    assert leaks == []
    logged = caplog.text
    assert not [needle for needle in sealed_values["needles"] if str(needle) in logged]


def test_the_same_values_do_show_once_the_bids_are_opened(app, tender_id, committee, sealed_values):
    """Control: the needles are real, so the sealed test above could fail."""
    clock.freeze(datetime(2027, 3, 9, 9, 0, tzinfo=timezone.utc))
    post_form(committee["chair"], f"/tenders/{tender_id}/opening")
    post_form(committee["alice"], f"/tenders/{tender_id}/opening")
    html = committee["chair"].get(f"/tenders/{tender_id}/results").get_data(as_text=True)
    assert sealed_values["needles"][0] in html
    base = f"/tenders/{tender_id}/bids/{sealed_values['bid_id']}"
    assert DOCUMENT_NAME in committee["chair"].get(base).get_data(as_text=True)
    assert committee["chair"].get(f"{base}/documents/{sealed_values['document_id']}").data == SEALED_DOCUMENT
