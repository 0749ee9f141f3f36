"""The bid page and the scoring page in Chromium at desktop and phone width: nothing of the page's own content
scrolls sideways (wide tables scroll inside their own box; the site header is base.html's)."""
from __future__ import annotations

import os

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.extensions import db
from app.models import Bid
from tests.web.browser import chromium_page, live_server, require_chromium
from tests.web.conftest import PASSWORD

pytestmark = pytest.mark.e2e
SHOTS = os.environ.get("RESBID_SCREENSHOTS")  # a folder to keep the screenshots in, for looking at them

OVERFLOWING = """[...document.querySelectorAll('main *')]
  .filter(e => !e.closest('.scroll') && e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
  .map(e => e.tagName + ' ' + e.textContent.trim().slice(0, 40))"""


def test_bid_and_scoring_pages_fit_a_phone(app, tender_id, opened):
    require_chromium()
    with app.app_context():
        bid_id = db.session.scalar(select(Bid.id).where(Bid.tender_id == tender_id).order_by(Bid.id))
    with live_server(app) as base_url, chromium_page() as page:
        page.goto(f"{base_url}/login")
        page.fill("input[name=email]", "alice@authority.example")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.goto(f"{base_url}/tenders/{tender_id}/scoring")
        page.click(f"a[href='/tenders/{tender_id}/bids/{bid_id}'] >> nth=0")  # from the scoring page, by link
        expect(page.locator("main")).to_contain_text("Declared supply chain")
        for path in (f"/tenders/{tender_id}/bids/{bid_id}", f"/tenders/{tender_id}/scoring"):
            for width in (1280, 390):
                page.set_viewport_size({"width": width, "height": 900})
                page.goto(base_url + path)
                if SHOTS:
                    page.screenshot(path=f"{SHOTS}/{path.strip('/').replace('/', '-')}-{width}.png", full_page=True)
                assert page.evaluate(OVERFLOWING) == [], (path, width)
