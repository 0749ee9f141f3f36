"""In a real browser, without any script, an officer sets up a small tender from scratch and publishes it."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from app.clock import clock
from tests.web.browser import (
    add_criterion_on_page,
    assert_accessible,
    chromium_page,
    live_server,
    require_chromium,
    start_draft,
)
from tests.web.conftest import PASSWORD
from tests.web.setup_steps import NOW

pytestmark = pytest.mark.e2e


def test_officer_builds_a_small_tender_in_the_browser_and_publishes_it(app, make_user):
    require_chromium()
    clock.freeze(NOW)
    email = make_user("officer")
    with live_server(app) as base_url, chromium_page() as page:
        page.goto(f"{base_url}/login")
        assert_accessible(page)
        page.fill("input[name=email]", email)
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{base_url}/dashboard")
        assert_accessible(page)

        start_draft(page, "RB-E2E-01", "Permanent-magnet sets for tram motors")
        add_criterion_on_page(page, "PRICE", "Price", "price_proportional", "40", eforms_type="price")
        add_criterion_on_page(page, "QUAL", "Quality", "", "60")
        add_criterion_on_page(page, "QUAL-EOL", "Recycling in the EU", "yes_no", "50", parent="Quality")
        add_criterion_on_page(page, "QUAL-LEAD", "Lead time", "threshold", "50", parent="Quality",
                       params={"threshold": "12", "better": "lower"})
        levels = page.inner_text("#levels")
        assert "Top level: 100 ✓" in levels and "Quality: 100 ✓" in levels
        assert "12 or less gets full points" in page.inner_text("#tree")
        assert page.locator("#ready").is_visible()

        page.click("nav.tabs >> text=Overview")
        page.click("#publish")
        expect(page.locator("main")).to_contain_text("What publishing does")
        page.click("#confirm-publish")
        assert "is published" in page.inner_text(".flash")
        # the badge's words, not as the stylesheet shows them (uppercase): innerText follows the stylesheet,
        # which may not yet apply when the page is read
        assert page.text_content(".card .badge").strip() == "published"
        assert page.inner_text("nav.tabs").split() == ["Overview", "Committee", "Opening"]  # no editing tabs now
