"""German and French pages on a 390 px phone and a 1024 px laptop: longer words must not push a page or a table
sideways."""
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


def _phone_page(browser, base_url: str, email: str, language: str, viewport: dict = PHONE):
    """A phone-sized page (or `viewport`) signed in, the interface switched to `language` with the footer's form."""
    page = browser.new_context(bypass_csp=True, viewport=viewport).new_page()
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


def test_a_german_auditor_reads_the_audit_log_within_its_frame_on_a_laptop(app, make_user):
    """At 1024 px the German headings leave the e-mail addresses too little room: they wrap at their parts
    ("auditor-…@" / "resbid." / "example") instead of pushing the table's last columns past its frame."""
    require_chromium()
    from playwright.sync_api import expect, sync_playwright

    auditor = make_user("auditor")
    with live_server(app) as base_url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            page = _phone_page(browser, base_url, auditor, "de", viewport={"width": 1024, "height": 800})
            page.goto(f"{base_url}/audit/")
            table = page.locator("#audit-events")
            expect(table).to_contain_text(f"Konto von {auditor}")  # the address, whole in the text a reader copies
            width, frame = table.evaluate("table => [table.scrollWidth, table.parentElement.clientWidth]")
            assert width <= frame, f"the audit log is {width} px wide in a frame of {frame} px"
        finally:
            browser.close()
