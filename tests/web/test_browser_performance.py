"""A real browser, by links: the contractor of the finalised magnet sample downloads the year's performance report
workbook, submits it with 11% recycled feedstock against the 18% committed, and sees the shortfall at once; the
officer finds it on the dashboard and requests a remedy. Both pages pass axe and fit a 390 px phone."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.web.browser import (
    assert_checked_at_both_widths,
    chromium_page,
    live_server,
    require_chromium,
    sign_in,
)
from tests.web.contract_steps import bid_supply, filled_report, finalised_magnets, with_recycled

pytestmark = pytest.mark.e2e


def test_contractor_reports_and_the_officer_responds_to_the_shortfall(app, make_user, tmp_path):
    require_chromium()
    ids = finalised_magnets(app)
    contractor = make_user("bidder", email="contractor@nordic.example", organisation_id=ids["winner"])
    officer = make_user("officer", email="officer@authority.example", organisation_id=ids["authority"])
    with live_server(app) as base_url, chromium_page() as page:
        sign_in(page, base_url, contractor)
        page.click("#contracts >> text=RB-2027-MAG-01")
        assert "open for its report" in page.locator("#period-1").inner_text()
        with page.expect_download() as download:
            page.click("#download-1")
        report = tmp_path / "report.xlsx"
        report.write_bytes(filled_report(Path(download.value.path()).read_bytes(),
                                         with_recycled(bid_supply(app, ids["bid"]), 11)))
        page.set_input_files("input[name=p1-workbook]", str(report))
        page.click("#submit-1")
        assert "Report received" in page.locator(".flash-success").inner_text()
        row = page.locator("#deliveries-1 tr.shortfall")
        assert "Recycled rare-earth feedstock" in row.inner_text() and "11.0%" in row.inner_text()
        assert "17,500.00 EUR" in row.inner_text() and "awaiting the authority's response" in row.inner_text()
        assert "so far: 1 of the 2 after which" in page.locator("#termination").inner_text()
        assert_checked_at_both_widths(page)

        sign_in(page, base_url, officer)
        page.click("#contracts >> text=RB-2027-MAG-01")
        page.locator("#deliveries-1").wait_for()  # count() does not wait for the contract page to load
        assert page.locator("#deliveries-1 tr.shortfall").count() == 1
        form = page.locator("form.response")
        form.locator("select").select_option("remedy")
        form.locator("textarea").fill("Restore 18% recycled feedstock: the remedy plan names the scrap sources.")
        assert_checked_at_both_widths(page)
        form.locator("button[type=submit]").click()
        assert "Response recorded." in page.locator(".flash-success").inner_text()
        assert "remedy requested: due by" in page.locator("#deliveries-1 tr.shortfall").inner_text()
        assert page.locator("form.response").count() == 0
        assert "response to a contract shortfall recorded" in page.locator("#history").inner_text()
