"""A real browser walks the bidder's path: template, self-assessment, submission, receipt, replacement, withdrawal."""
from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

import pytest

from tests.web.browser import assert_accessible, chromium_page, live_server, require_chromium
from tests.web.conftest import PASSWORD
from tests.web.portal_steps import (
    BID,
    bids_of,
    frozen_clock,  # noqa: F401  (autouse fixture: the clock stands at NOW)
    store_tender,
)
from workbooks import fill_workbook

pytestmark = pytest.mark.e2e


def test_bidder_checks_submits_replaces_and_withdraws_a_bid(app, make_user, tmp_path):
    require_chromium()
    tender_id = store_tender(app)
    email = make_user("bidder")
    with live_server(app) as base_url, chromium_page() as page:
        page.goto(f"{base_url}/login")
        assert_accessible(page)
        page.fill("input[name=email]", email)
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.click("nav >> text=Tenders")
        page.click("text=RB-2027-MAG-07")
        assert page.locator("#countdown").inner_text() == "closes in 3 days 4 hours"

        with page.expect_download() as download:
            page.click("#template")
        template = Path(download.value.path()).read_bytes()
        first, second = tmp_path / "first.xlsx", tmp_path / "second.xlsx"
        first.write_bytes(fill_workbook(template, BID))
        second.write_bytes(fill_workbook(template, replace(BID, answers={"EOL": True})))

        page.set_input_files("input[name=workbook]", str(first))
        page.click("#check")
        assert page.locator("h1").inner_text().startswith("Self-assessment")
        assert "answering yes would give 20 more points" in page.locator("#hints").inner_text()
        assert "scored by the evaluation committee" in page.locator("#criterion-PLAN").inner_text()

        assert hashlib.sha256(first.read_bytes()).hexdigest() in page.locator("#checked-workbook").inner_text()
        page.click("#submit-checked")  # the checked file, not chosen again
        assert page.locator("#sha256").inner_text() == hashlib.sha256(first.read_bytes()).hexdigest()
        with page.expect_download() as download:
            page.click("#download-receipt")
        receipt = Path(download.value.path()).read_text("utf-8")
        assert hashlib.sha256(first.read_bytes()).hexdigest() in receipt and "Version:" in receipt

        page.click("text=Back to the tender")
        page.set_input_files("input[name=workbook]", str(second))
        assert page.locator("#submit").inner_text() == "Replace version 1 with this workbook"
        page.click("#submit")
        assert page.locator("#sha256").inner_text() == hashlib.sha256(second.read_bytes()).hexdigest()

        page.click("#withdraw")
        page.click("#confirm")
        assert "Version 2 is withdrawn" in page.locator(".flash").inner_text()
    assert [(bid.version_no, bid.status) for bid in bids_of(app, tender_id)] == [(1, "superseded"), (2, "withdrawn")]
