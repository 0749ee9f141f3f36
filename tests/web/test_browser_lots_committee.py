"""The committee's lot pages of a tender divided into lots in Chromium, at desktop and phone width: a member reaches
another lot by the lot chooser's links, nothing scrolls sideways and axe finds no accessibility violation.

RESBID_SCREENSHOTS names a folder to keep the screenshots in, for looking at them.
"""
from __future__ import annotations

import os

import pytest
from sqlalchemy import update

from app.extensions import db
from app.models import BidLot, Tender
from tests.web.browser import (
    assert_accessible,
    assert_fits_phone,
    chromium_page,
    live_server,
    require_chromium,
    sign_in,
)
from tests.web.conftest import post_form
from tests.web.lot_committee import CHAIR, TECHNICAL, bid_ids, import_lots, signed_in

pytestmark = pytest.mark.e2e
SHOTS = os.environ.get("RESBID_SCREENSHOTS")


def test_the_lot_pages_fit_a_phone_and_are_accessible(app, runner, tmp_path, make_organisation, make_user):
    require_chromium()
    tender = import_lots(app, runner, tmp_path, make_organisation, make_user)
    bids = bid_ids(app, tender)
    with app.app_context():  # a price to decide on in lot 2, and an exclusion in each lot
        db.session.execute(update(BidLot).where(BidLot.bid_id == bids["kvarken-magnet-alloys"], BidLot.lot_number == 2)
                           .values(price=1_500_000))
        db.session.execute(update(Tender).where(Tender.id == tender).values(version=Tender.version + 1))
        db.session.commit()
    chair = signed_in(app, CHAIR)
    post_form(chair, f"/tenders/{tender}/lots/decisions/exclude", {
        "lot_number": 1, "bid_id": bids["baltic-magnet-trading"], "concerns_tenderer": "y", "reason": "Art. 57(1)(b)"})
    post_form(chair, f"/tenders/{tender}/lots/decisions/exclude", {
        "lot_number": 2, "bid_id": bids["iberiman-magnetics"], "reason": "Lot 2 delivery schedule"})
    base = f"/tenders/{tender}"
    pages = {CHAIR: [f"{base}/lots/2/scoring", f"{base}/lots/2/decisions", f"{base}/opening",
                     f"{base}/lots/2/decisions/exclude?bid_id={bids['nordic-magnet-works']}"],
             TECHNICAL: [f"{base}/lots/1/scoring", f"{base}/opening"]}
    with live_server(app) as base_url, chromium_page() as page:
        for email, paths in pages.items():
            sign_in(page, base_url, email)
            page.goto(f"{base_url}{base}/scoring")
            page.click("text=Spare magnets")  # the lot chooser's link to lot 2
            assert page.url.endswith(f"{base}/lots/2/scoring")
            for path in paths:
                for width in (1280, 390):
                    page.set_viewport_size({"width": width, "height": 900})
                    page.goto(base_url + path)
                    if SHOTS:
                        name = f"{email.split('@')[0]}-{path.strip('/').replace('/', '-').replace('?', '-')}-{width}"
                        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)
                    if width == 390:
                        assert_fits_phone(page)
                assert_accessible(page)
