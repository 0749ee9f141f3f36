"""Verification before the award in Chromium: the chair reaches a (flagged) bid from the dashboard by links, asks the
bidder for evidence on a supply line, the bidder answers in the portal with a PDF, the chair records "not verified" and
scores the criterion at its minimum, and the results page shows the lower total. Each page passes axe and fits a
390 px phone."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect, sync_playwright
from sqlalchemy import select

from app.evaluation.verification_outcome import claim_criteria
from app.extensions import db
from app.models import Bid, SupplyLine, Tender
from app.presentation import points_text
from app.records.stored_results import evaluation_of, lots_evaluation_of
from tests.web.browser import (
    CHROMIUM,
    CHROMIUM_FLAGS,
    assert_checked_at_both_widths,
    live_server,
    require_chromium,
    signed_in_page,
)
from tests.web.document_steps import PDF_WITH_JAVASCRIPT
from tests.web.lot_committee import CHAIR, bid_ids, import_lots
from tests.web.lot_committee import NORDIC as NORDIC_NAME
from tests.web.verification_steps import bid_of, bidder_of

pytestmark = pytest.mark.e2e
HARDANGER, COMPANY = "hardanger-battery-systems", "Hardanger Battery Systems AS"
NORDIC = "nordic-magnet-works"


def _total(app, tender_id) -> float:
    with app.test_request_context():
        return evaluation_of(db.session.get(Tender, tender_id)).result.bid(HARDANGER).total


def test_a_claim_from_request_to_answer_to_minimum_score(app, tender_id, opened, make_user, tmp_path):
    require_chromium()
    bid = bid_of(app, tender_id, HARDANGER)
    bidder = bidder_of(app, make_user, bid)
    before = _total(app, tender_id)
    evidence = tmp_path / "Mass balance.pdf"
    evidence.write_bytes(PDF_WITH_JAVASCRIPT)
    with live_server(app) as base_url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        chair = signed_in_page(browser, base_url, "chair@authority.example")
        chair.click("main a:text-is('RB-2027-BESS-01')")  # the dashboard lists the tender
        chair.click("main a.button:text-is('Results')")
        chair.click(f"main a:text-is('{COMPANY}')")
        assert f"Bid of {COMPANY}" in chair.inner_text("h1")
        option = chair.locator("#ask-bidder select[name=line] option", has_text="Lithium").first
        chair.select_option("#ask-bidder select[name=line]", value=option.get_attribute("value"))
        chair.fill("#ask-bidder textarea[name=question]", "Send the mass balance for the recycled lithium.")
        chair.fill("#ask-bidder input[name=reply_by]", "2027-03-12")
        assert "never change it" in chair.inner_text("#ask-bidder")
        chair.click("#ask-bidder button[type=submit]")
        assert "Request sent" in chair.inner_text(".flash")
        assert_checked_at_both_widths(chair)

        portal = signed_in_page(browser, base_url, bidder)
        portal.goto(f"{base_url}/portal/")
        portal.click("#verification-requests a")
        expect(portal.locator("main")).to_contain_text("Send the mass balance for the recycled lithium.")
        assert_checked_at_both_widths(portal)
        portal.fill("textarea[name=text]", "Our refiner's mass balance is attached.")
        portal.set_input_files("input[name=documents]", str(evidence))
        portal.click("#answer-form button[type=submit]")
        assert "Answer received" in portal.inner_text(".flash")
        assert "Mass balance.pdf" in portal.inner_text("#answers")
        assert_checked_at_both_widths(portal)

        chair.reload()
        request = chair.locator("#verification .decision").first
        assert "Our refiner's mass balance is attached." in request.inner_text()
        request.locator("input[name=outcome][value=not_verified]").check()
        request.locator("textarea[name=reason]").fill("The balance covers another plant's output.")
        request.locator("select[name=consequence]").select_option("minimum")
        request.locator("select[name=criterion]").select_option("RES-RECYCLED")
        request.locator("button[type=submit]").click()
        assert "Outcome recorded." in chair.inner_text(".flash")
        assert "Outcome: not verified" in chair.inner_text("#verification")
        assert_checked_at_both_widths(chair)

        after = _total(app, tender_id)
        assert after < before
        chair.click("nav.tabs a:text-is('Results')")
        row = chair.locator("tr", has_text=COMPANY).first.inner_text()
        assert points_text(after) in row and points_text(before) not in row
        assert_checked_at_both_widths(chair)
        browser.close()


def test_a_flagged_line_of_a_lot_from_request_to_answer_to_minimum_score(app, runner, tmp_path, make_organisation,
                                                                         make_user):
    """The magnet sample in lots, Nordic's dysprosium separation for lot 2 declared in Japan, where the reference
    data record none: the chair reaches the bid from the dashboard by links and asks about the flagged line."""
    require_chromium()
    tender_id = import_lots(app, runner, tmp_path, make_organisation, make_user)
    bid_id = bid_ids(app, tender_id)[NORDIC]
    with app.app_context():
        lines = db.session.scalars(select(SupplyLine).where(SupplyLine.bid_id == bid_id)).all()
        for line in lines:
            line.country = "CN"
        next(line for line in lines if (line.material, line.stage, line.lot_number) == ("Dy", "processing", 2)
             ).country = "JP"
        organisation_id = db.session.get(Bid, bid_id).organisation_id
        reference = db.session.get(Tender, tender_id).reference
        db.session.commit()
    bidder = make_user("bidder", organisation_id=organisation_id)
    with app.test_request_context():
        tender = db.session.get(Tender, tender_id)
        before = lots_evaluation_of(tender).lot(2).bid(NORDIC)
        claims = claim_criteria(tender, 2)
    code, points = next((c.code, c.weighted) for c in before.criteria if c.code in claims and c.weighted)
    evidence = tmp_path / "Separation records.pdf"
    evidence.write_bytes(PDF_WITH_JAVASCRIPT)
    with live_server(app) as base_url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        chair = signed_in_page(browser, base_url, CHAIR)
        chair.click(f"main a:text-is('{reference}')")
        chair.click("nav.tabs a:text-is('Opening')")
        chair.click(f"main a:text-is('{NORDIC_NAME}')")
        assert "Japan" in chair.inner_text("#lot-2-plausibility")
        option = chair.locator("#ask-bidder select[name=line] option", has_text="(flagged)").first
        assert "Japan" in option.inner_text()
        chair.select_option("#ask-bidder select[name=line]", value=option.get_attribute("value"))
        chair.fill("#ask-bidder textarea[name=question]", "Send the separation plant's output records.")
        chair.fill("#ask-bidder input[name=reply_by]", "2027-02-20")
        chair.click("#ask-bidder button[type=submit]")
        assert "Request sent" in chair.inner_text(".flash")
        assert_checked_at_both_widths(chair)

        portal = signed_in_page(browser, base_url, bidder)
        portal.goto(f"{base_url}/portal/")
        portal.click("#verification-requests a")
        portal.fill("textarea[name=text]", "The plant's records are attached.")
        portal.set_input_files("input[name=documents]", str(evidence))
        portal.click("#answer-form button[type=submit]")
        assert "Answer received" in portal.inner_text(".flash")
        assert_checked_at_both_widths(portal)

        chair.reload()
        request = chair.locator("#verification .decision").first
        assert "The plant's records are attached." in request.inner_text()
        request.locator("input[name=outcome][value=not_verified]").check()
        request.locator("textarea[name=reason]").fill("The records are of another plant.")
        request.locator("select[name=consequence]").select_option("minimum")
        request.locator("select[name=criterion]").select_option(code)
        request.locator("button[type=submit]").click()
        assert "Outcome recorded." in chair.inner_text(".flash")
        assert_checked_at_both_widths(chair)
        with app.test_request_context():
            after = lots_evaluation_of(db.session.get(Tender, tender_id)).lot(2).bid(NORDIC)
        assert after.total == pytest.approx(before.total - points)  # the criterion's weighted points fall to 0
        chair.goto(f"{base_url}/tenders/{tender_id}/results?lot=2")
        row = chair.locator("tr", has_text=NORDIC_NAME).first.inner_text()
        assert points_text(after.total) in row
        browser.close()
