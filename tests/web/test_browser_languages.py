"""German and French pages on a 390 px phone: longer words must not make a page scroll sideways."""
from __future__ import annotations

import pytest

from tests.web.browser import (
    CHROMIUM,
    CHROMIUM_FLAGS,
    PHONE,
    assert_accessible,
    assert_fits_phone,
    live_server,
    require_chromium,
)
from tests.web.conftest import PASSWORD
from tests.web.portal_steps import (
    DEFINITION,
    frozen_clock,  # noqa: F401  (autouse fixture: the clock stands at NOW)
    store_tender,
    workbook_for,
)
from tests.web.setup_steps import DETAILS, build_valid_tree, create_draft

pytestmark = pytest.mark.e2e


def _phone_page(browser, base_url: str, email: str, language: str):
    """A phone-sized page signed in, the interface switched to `language` with the footer's form."""
    page = browser.new_context(bypass_csp=True, viewport=PHONE).new_page()
    page.goto(f"{base_url}/login")
    page.select_option("footer select[name=language]", language)
    page.click("footer button[type=submit]")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    return page


def _look(page, path: str, shots, name: str) -> str:
    """Open a page (or take the one shown), check it fits the phone and is accessible, and keep a screenshot."""
    if path:
        page.goto(path)
    page.wait_for_load_state()
    page.screenshot(path=str(shots / f"{name}.png"), full_page=True)
    assert_fits_phone(page)
    assert_accessible(page)
    return page.locator("h1").inner_text()


def test_a_german_bidder_and_a_french_officer_on_a_phone(app, client, login_as, make_user, tmp_path):
    require_chromium()
    from playwright.sync_api import sync_playwright

    tender_id = store_tender(app)
    workbook = tmp_path / "bid.xlsx"
    workbook.write_bytes(workbook_for(app, tender_id))
    officer = login_as("officer")
    draft_id = create_draft(client, reference="RB-PHONE-01")
    build_valid_tree(app, client, draft_id)
    bidder = make_user("bidder")
    with live_server(app) as base_url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            page = _phone_page(browser, base_url, bidder, "de")
            assert _look(page, f"{base_url}/portal/", tmp_path, "de-portal") == (
                "Vergabeverfahren mit laufender Angebotsfrist")
            assert _look(page, f"{base_url}/portal/tenders/{tender_id}", tmp_path, "de-tender") == DEFINITION["title"]
            page.set_input_files("input[name=workbook]", str(workbook))
            page.click("#check")
            assert _look(page, "", tmp_path, "de-self-assessment").startswith("Selbstbewertung")
            page.click("#submit-checked")
            assert _look(page, "", tmp_path, "de-receipt").startswith("Eingangsbestätigung")

            page = _phone_page(browser, base_url, officer, "fr")
            assert _look(page, f"{base_url}/tenders/{draft_id}", tmp_path, "fr-overview") == DETAILS["title"]
            for page_name in ("criteria", "criteria/new", "rules", "publish"):
                _look(page, f"{base_url}/tenders/{draft_id}/{page_name}", tmp_path, "fr-" + page_name.replace("/", "-"))
        finally:
            browser.close()
