"""In a real browser, without any script, an officer sets up a small tender from scratch and publishes it."""
from __future__ import annotations

import pytest

from app.clock import clock
from tests.web.browser import chromium_page, live_server, require_chromium
from tests.web.conftest import PASSWORD
from tests.web.test_setup_steps import NOW

pytestmark = pytest.mark.e2e


def _add_criterion(page, code: str, name: str, kind: str, weight: str, *, parent: str = "(top level)",
                   eforms_type: str = "quality", params: str = "") -> None:
    page.click("#add-criterion")
    page.select_option("#parent", label=parent)
    page.fill("#code", code)
    page.fill("#name", name)
    page.select_option("#eforms_type", eforms_type)
    page.fill("#size", weight)
    page.select_option("#rule_kind", kind)
    page.fill("#rule_params", params)
    page.click("#save-criterion")
    assert f"Criterion {code} added." in page.inner_text(".flash")


def start_draft(page, reference: str, title: str) -> None:
    """Create a draft with its dates and a one-line bill of materials, then open the criteria editor."""
    page.click("#new-tender")
    page.fill("#reference", reference)
    page.fill("#title", title)
    page.fill("#submission_deadline", "2027-02-15T12:00")
    page.fill("#opening_time", "2027-02-15T14:00")
    page.click("#save-details")
    assert f"Draft {reference} created." in page.inner_text(".flash")
    page.click("nav.tabs >> text=Bill of materials")
    page.select_option("#lines-0-material", "Nd")
    page.fill("#lines-0-kg_per_unit", "0.25")
    page.click("#save-materials")
    page.click("nav.tabs >> text=Criteria")


def test_officer_builds_a_small_tender_in_the_browser_and_publishes_it(app, make_user):
    require_chromium()
    clock.freeze(NOW)
    email = make_user("officer")
    with live_server(app) as base_url, chromium_page() as page:
        page.goto(f"{base_url}/login")
        page.fill("input[name=email]", email)
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{base_url}/tenders/")

        start_draft(page, "RB-E2E-01", "Permanent-magnet sets for tram motors")
        _add_criterion(page, "PRICE", "Price", "price_proportional", "40", eforms_type="price")
        _add_criterion(page, "QUAL", "Quality", "", "60")
        _add_criterion(page, "QUAL-EOL", "Recycling in the EU", "yes_no", "50", parent="Quality")
        _add_criterion(page, "QUAL-LEAD", "Lead time", "threshold", "50", parent="Quality",
                       params="threshold: 12\nbetter: lower")
        levels = page.inner_text("#levels")
        assert "Top level: 100 ✓" in levels and "Quality: 100 ✓" in levels
        assert "12 or less gets full points" in page.inner_text("#tree")
        assert page.locator("#ready").is_visible()

        page.click("nav.tabs >> text=Overview")
        page.click("#publish")
        assert "is published" in page.inner_text(".flash")
        assert page.inner_text(".card .badge") == "PUBLISHED"
        assert page.inner_text("nav.tabs") == "Overview"  # the editing tabs are gone
