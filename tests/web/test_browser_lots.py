"""A tender in three lots in Chromium: a bidder bids for two of them (the workbook's lot sheet, the self-assessment
per lot, the submission), and after the opening the officers score each lot by the lot chooser's links, the chair
reaches consensus, reads the award across lots and finalises it.

The second tenderer bids for lots 1 and 2 at a lower price, says yes to recycling in the EU and gets the same
committee points, so by hand: lot 1 goes to it (more points on price and on recycling, the rest equal), lot 2 to it
(its only bid) and lot 3 to the first bidder (its only bid); no lot limit applies to the award.
"""
from __future__ import annotations

import hashlib
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from app.audit import verify_chain
from app.clock import clock
from app.extensions import db
from app.models import Tender
from app.models.organisation import OPERATOR
from tests.web.browser import (
    CHROMIUM,
    CHROMIUM_FLAGS,
    assert_accessible,
    live_server,
    require_chromium,
    signed_in_page,
)
from tests.web.conftest import login, post_form, user_id
from tests.web.portal_steps import (
    BID,
    DEADLINE,
    SUPPLY,
    frozen_clock,  # noqa: F401  (autouse fixture: the clock stands at NOW)
    post_upload,
    store_divided,
    workbook_for,
)
from workbooks import BidFilling, CompanyDetails, LotFilling, fill_workbook

pytestmark = pytest.mark.e2e

FIRST, SECOND = "Acme Magnets GmbH", "Lahn Magnete GmbH"
DY = tuple(line for line in SUPPLY if line.material == "Dy")


def _bid_for_lots_1_and_3(browser, base_url: str, email: str, tmp_path: Path) -> str:
    """The first bidder's path: the template, a workbook bidding for lots 1 and 3, its self-assessment, submit."""
    page = signed_in_page(browser, base_url, email)
    page.click("text=Open tenders")
    page.click("text=RB-2027-LOTS")
    with page.expect_download() as download:
        page.click("#template")
    filling = BidFilling(BID.company, lots={1: LotFilling(Decimal("1250000"), {"EOL": False}, SUPPLY),
                                            2: LotFilling(bid=False), 3: LotFilling(Decimal("300000"), {}, DY)})
    filled = tmp_path / "acme.xlsx"
    filled.write_bytes(fill_workbook(Path(download.value.path()).read_bytes(), filling))
    page.set_input_files("input[name=workbook]", str(filled))
    page.click("#check")
    assert_accessible(page)
    headings = page.locator("h2.lot-heading").all_inner_texts()
    assert headings == ["Lot 1: Tram motor magnets", "Lot 3: Dysprosium reserve"]
    assert "answering yes would give 20 more points" in page.inner_text("#lot-1-hints")
    page.click("#submit-checked")
    sha256 = hashlib.sha256(filled.read_bytes()).hexdigest()
    assert page.locator("#sha256").inner_text() == sha256
    page.context.close()
    return sha256


def _seat_and_open(app, tender_id: int, chair: str, member: str) -> None:
    """The committee is seated, declared and opens the bids with four eyes (the persona walk clicks this)."""
    clients = {}
    for email in (chair, member):
        clients[email] = app.test_client()
        login(clients[email], email)
    base = f"/tenders/{tender_id}/committee"
    post_form(clients[chair], f"{base}/chair")
    post_form(clients[chair], f"{base}/declaration")
    post_form(clients[chair], f"{base}/members", {"user_id": user_id(app, member)})
    post_form(clients[member], f"{base}/declaration")
    clock.freeze(DEADLINE + timedelta(hours=2))
    for client in clients.values():
        post_form(client, f"/tenders/{tender_id}/opening")


def _score_lots(page, words: str) -> None:
    """Score every form of lots 1 and 2, reaching lot 2 by the lot chooser's link (lot 3 has no judged criterion)."""
    page.click("nav.tabs >> text=Scoring")
    assert "lots/1/scoring" in page.url
    for lot in ("Tram motor magnets", "Spare magnets"):
        page.click(f"nav[aria-label=Lots] >> text={lot}")
        assert_accessible(page)
        forms = page.locator("form.score-form")
        assert forms.count() == (2 if lot == "Tram motor magnets" else 1)  # the bids for that lot only
        for index in range(forms.count()):
            forms.nth(index).locator("input[name=points]").fill("2")
            forms.nth(index).locator("textarea[name=justification]").fill(f"{words} ({lot}, {index})")
            forms.nth(index).locator("button[type=submit]").click()
            assert "Score saved." in page.inner_text(".flash")


def test_a_bidder_bids_for_two_of_three_lots_and_the_officers_award_them(app, make_organisation, make_user,
                                                                         tmp_path):
    require_chromium()
    from playwright.sync_api import sync_playwright

    tender_id = store_divided(app)
    with app.app_context():
        authority_id = db.session.get(Tender, tender_id).authority_id
    chair, member = (make_user("officer", email=f"{name}@stadtwerke.example", organisation_id=authority_id)
                     for name in ("chair", "alice"))
    first = make_user("bidder", email="bids@acme.example", organisation_id=make_organisation(FIRST, OPERATOR, "DE"))
    second = make_user("bidder", email="bids@lahn.example", organisation_id=make_organisation(SECOND, OPERATOR, "DE"))
    second_client = app.test_client()
    login(second_client, second)
    company = CompanyDetails(name=SECOND, country="DE", controlling_entity=SECOND, controlling_country="DE")
    lots = {1: LotFilling(Decimal("1100000"), {"EOL": True}, SUPPLY), 2: LotFilling(Decimal("400000"), {"EOL": True},
                                                                                   SUPPLY), 3: LotFilling(bid=False)}
    response = post_upload(second_client, tender_id, workbook_for(app, tender_id, company=company, price=None,
                                                                  answers={}, lots=lots))
    assert response.status_code == 302, response.get_data(as_text=True)

    with live_server(app) as base_url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        _bid_for_lots_1_and_3(browser, base_url, first, tmp_path)
        _seat_and_open(app, tender_id, chair, member)
        alice = signed_in_page(browser, base_url, member)
        alice.click("text=RB-2027-LOTS")
        _score_lots(alice, "Alice")
        page = signed_in_page(browser, base_url, chair)
        page.click("text=RB-2027-LOTS")
        _score_lots(page, "Chair")
        page.click("#start-consensus")
        page.click("#confirm")
        _score_lots(page, "Consensus")

        page.click("nav.tabs >> text=Award")
        assert_accessible(page)
        winners = [row.split("\t") for row in page.locator("#lots tbody tr").all_inner_texts()]
        assert [(cells[0], cells[-1]) for cells in winners] == [("1", SECOND), ("2", SECOND), ("3", FIRST)], winners
        page.click("#finalise")
        page.click("#confirm")
        assert "Evaluation finalised" in page.inner_text(".flash")
        browser.close()
    with app.app_context():
        tender = db.session.get(Tender, tender_id)
        assert tender.status == "finalised" and tender.result_sha256
        assert verify_chain().is_intact
