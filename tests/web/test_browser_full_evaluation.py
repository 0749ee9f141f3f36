"""The whole officer path in Chromium: build a tender from scratch, publish it, and after the deadline two
members open it, the committee scores it, the chair reaches consensus and finalises it."""
from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.audit import verify_chain
from app.clock import clock
from app.extensions import db
from app.models import Tender, User
from app.models.organisation import OPERATOR
from app.portal.service import Upload, submit_bid
from app.records.definition import definition_of, meta_of
from scoring import parse_tender
from tender_files.bids import tender_info
from tests.web.browser import (
    CHROMIUM,
    CHROMIUM_FLAGS,
    add_criterion_on_page,
    assert_accessible,
    live_server,
    require_chromium,
    sign_in,
    start_draft,
)
from tests.web.setup_steps import NOW
from workbooks import BidFilling, CompanyDetails, build_template, fill_workbook

pytestmark = pytest.mark.e2e

SCALE = {"scale": "5", **{f"descriptors-{level}": text for level, text in
                          enumerate(("none", "poor", "fair", "good", "very good", "excellent"))}}
BIDDERS = (("Oresund Magnetics AB", "SE", 2_950_000, True), ("Tatra Magnet Works s.r.o.", "SK", 3_100_000, False))


def _sign_in(browser, base_url: str, email: str):
    """A new browser's page with `email` signed in, its sign-in page checked by axe first."""
    page = browser.new_context(bypass_csp=True).new_page()
    page.goto(f"{base_url}/login")
    assert_accessible(page)
    sign_in(page, base_url, email)
    return page

def _build_and_publish(page) -> None:
    start_draft(page, "RB-E2E-FULL", "Permanent-magnet sets for tram motors")
    add_criterion_on_page(page, "PRICE", "Price", "price_proportional", "40", eforms_type="price")
    add_criterion_on_page(page, "QUAL", "Quality", "", "60")
    add_criterion_on_page(page, "QUAL-EOL", "Recycling in the EU", "yes_no", "50", parent="Quality")
    add_criterion_on_page(page, "QUAL-PLAN", "Supply-security plan", "judgement", "50", parent="Quality", params=SCALE)
    page.click("nav.tabs >> text=Overview")
    page.click("#publish")
    expect(page.locator("main")).to_contain_text("What publishing does")
    page.click("#confirm-publish")
    assert "is published" in page.inner_text(".flash")


def _submit_bids(app, make_organisation, make_user) -> None:
    """Two bidders upload filled workbooks through the portal's submission verb."""
    emails = {name: make_user("bidder", organisation_id=make_organisation(name, OPERATOR, country))
              for name, country, _, _ in BIDDERS}
    with app.app_context():
        tender = db.session.scalar(select(Tender).where(Tender.reference == "RB-E2E-FULL"))
        template = build_template(parse_tender(definition_of(tender)), tender_info(meta_of(tender)))
        for name, country, price, recycles in BIDDERS:
            user = db.session.scalar(select(User).where(User.email == emails[name]))
            company = CompanyDetails(name=name, country=country, controlling_entity=name, controlling_country=country)
            data = fill_workbook(template, BidFilling(company, price, {"QUAL-EOL": recycles}))
            submit_bid(tender.id, user, Upload(f"{country}.xlsx", data), 0)
            db.session.commit()


def _fill_scores(page, base_url: str, tender_id: int, points: str, words: str) -> None:
    page.goto(f"{base_url}/tenders/{tender_id}/scoring")
    assert_accessible(page)
    for index in range(page.locator("form.score-form").count()):
        form = page.locator("form.score-form").nth(index)
        form.locator("input[name=points]").fill(points)
        form.locator("textarea[name=justification]").fill(f"{words} ({index})")
        form.locator("button[type=submit]").click()
        assert "Score saved." in page.inner_text(".flash")


def test_officer_path_from_empty_tender_to_finalised_evaluation(app, make_organisation, make_user):
    require_chromium()
    from playwright.sync_api import sync_playwright

    clock.freeze(NOW)
    chair = make_user("officer", email="chair@authority.example")
    with app.app_context():
        authority_id = db.session.scalar(select(User.organisation_id).where(User.email == chair))
    for name in ("alice", "bob"):
        make_user("officer", email=f"{name}@authority.example", organisation_id=authority_id)
    with live_server(app) as base_url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        page = _sign_in(browser, base_url, chair)
        _build_and_publish(page)
        tender_id = _tender_id(app)
        _submit_bids(app, make_organisation, make_user)

        clock.freeze(NOW + timedelta(days=40))  # past the deadline and the opening time
        page.goto(f"{base_url}/tenders/{tender_id}/committee")
        assert_accessible(page)
        page.click("#take-chair")
        page.click("#sign-declaration")
        members = {}
        for name in ("alice", "bob"):
            page.select_option("select[name=user_id]", label=f"{name}@authority.example")
            page.click("text=Add to the committee")
            assert "joined the committee" in page.inner_text(".flash")
            members[name] = _sign_in(browser, base_url, f"{name}@authority.example")
            members[name].goto(f"{base_url}/tenders/{tender_id}/committee")
            members[name].click("#sign-declaration")
        for opener in (page, members["alice"]):
            opener.goto(f"{base_url}/tenders/{tender_id}/opening")
            opener.click("#confirm-opening")
            expect(opener.locator("main")).to_contain_text("What can no longer be changed")
            opener.click("#confirm")
        expect(members["alice"].locator("main")).to_contain_text("Opened")

        _fill_scores(members["alice"], base_url, tender_id, "4", "Alice: credible second source")
        _fill_scores(members["bob"], base_url, tender_id, "2", "Bob: plan lacks dates")
        page.goto(f"{base_url}/tenders/{tender_id}/scoring")
        assert_accessible(page)
        assert "Alice: credible second source" not in page.content()  # blind until consensus starts
        page.click("#start-consensus")
        page.click("#confirm")
        # expect() waits: the click can return while the scoring page is still arriving (an empty document)
        expect(page.locator("main")).to_contain_text("Alice: credible second source")
        expect(page.locator("main")).to_contain_text("disagreement")
        _fill_scores(page, base_url, tender_id, "3", "Consensus after discussion")

        page.goto(f"{base_url}/tenders/{tender_id}/results")
        assert_accessible(page)
        assert "Oresund Magnetics AB" in page.inner_text("#ranking")
        page.click("#finalise")
        page.click("#confirm")
        assert "Evaluation finalised" in page.inner_text(".flash")
        browser.close()
    with app.app_context():
        tender = db.session.get(Tender, tender_id)
        assert tender.status == "finalised" and tender.result_sha256
        assert verify_chain().is_intact


def _tender_id(app) -> int:
    with app.app_context():
        return db.session.scalar(select(Tender.id).where(Tender.reference == "RB-E2E-FULL"))
