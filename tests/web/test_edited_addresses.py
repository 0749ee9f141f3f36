"""Edited addresses: each page a demo persona reaches answers query values no page writes (numbers beyond the
database's integers, negative pages, unknown sorts, lots and zones, markup, malformed dates) with a page, a
redirect or a 404, never a server error. Requesting every page so, with every hostile value in every form, found
three 500s (tests/web/test_access.py, tests/web/test_altered_fields.py, tests/web/test_setup_forms.py keep them).
"""
from __future__ import annotations

import pytest

from app.demo import DEMO_PASSWORD
from tests.web.conftest import login
from tests.web.demo_app import demo_app
from tests.web.routes import get_routes

HOSTILE_QUERIES = [
    "page=99999999999999999999999&sort=zzz", "page=-1&sort=", "lot=99999999999999999999999", "lot=abc&lot=-1",
    "bid=%3Cscript%3E&bid=99999999999999999999999", "bid_id=99999999999999999999999", "bid_id=abc",
    "from=2020-13-45&to=abc&zone=Mars%2FBase&tender=abc&actor=abc", "parent=abc&still=2&next=%2F%2Fevil.example",
    "%ff=%ff&page=1&page=2",
]
DOCUMENTS = ("/reports/", "/debriefs/")  # their first visit starts a render: tests/web/test_report_*.py read them
PERSONAS = ["officer@resbid.example", "auditor@resbid.example", "bidder@resbid.example"]


@pytest.fixture(scope="module")
def demo(databases):
    with demo_app(databases, "edited") as loaded:
        yield loaded


@pytest.mark.parametrize("email", PERSONAS)
def test_hostile_query_values_never_give_a_server_error(demo, email):
    app, tenders = demo
    client = app.test_client()
    login(client, email, DEMO_PASSWORD)
    pages = {url for tender_id, bid_id in tenders for url in get_routes(app, tender_id, bid_id)
             if not url.startswith(DOCUMENTS) and url != "/login"}
    read = [url for url in sorted(pages) if (response := client.get(url)).status_code in (200, 302)
            and response.mimetype == "text/html"]  # a page, or one that sends back when its query names nothing
    assert len(read) > 5
    errors = [f"{url}?{query}" for url in read for query in HOSTILE_QUERIES
              if client.get(f"{url}?{query}").status_code >= 500]
    assert errors == []
