"""A real browser signs in, sees the dashboard and signs out."""
from __future__ import annotations

import pytest

from tests.web.browser import assert_accessible, chromium_page, live_server, require_chromium
from tests.web.conftest import PASSWORD

pytestmark = pytest.mark.e2e


def test_officer_signs_in_sees_dashboard_and_signs_out(app, make_user):
    require_chromium()
    email = make_user("officer")
    with live_server(app) as base_url, chromium_page() as page:
        page.goto(f"{base_url}/dashboard")
        assert page.url.startswith(f"{base_url}/login")
        assert_accessible(page)
        page.fill("input[name=email]", email)
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{base_url}/dashboard")
        assert page.locator("h1").inner_text() == "Dashboard"
        assert page.locator("#new-tender").is_visible()
        assert email in page.locator(".who").inner_text()
        assert_accessible(page)
        page.click("#logout")
        page.wait_for_url(f"{base_url}/login")
        assert "You are signed out." in page.content()
        page.goto(f"{base_url}/tenders/")
        assert page.url.startswith(f"{base_url}/login")
