"""The header and footer are kept per reader and language (app/layout.py), with the session's CSRF token and the
request's way back put in at each request."""
from __future__ import annotations

import re
import time
from html import unescape
from itertools import count

from itsdangerous import TimestampSigner

from tests.web.conftest import csrf_token, login


def hidden(page: str, name: str) -> str:
    return unescape(re.findall(rf'name="{name}" value="([^"]*)"', page)[-1])


def test_each_reader_gets_their_own_header_and_a_working_token(app, make_user):
    officer, bidder = app.test_client(), app.test_client()
    officer_email, bidder_email = make_user("officer"), make_user("bidder")
    login(officer, officer_email)
    login(bidder, bidder_email)
    for _ in range(2):  # the second time from the kept header
        officer_page = officer.get("/tenders/").get_data(as_text=True)
        bidder_page = bidder.get("/portal/").get_data(as_text=True)
        assert officer_email in officer_page and bidder_email not in officer_page
        assert bidder_email in bidder_page and officer_email not in bidder_page
        assert 'href="/portal/"' in bidder_page and 'href="/portal/"' not in officer_page
    token = hidden(officer_page, "csrf_token")
    assert token != hidden(bidder_page, "csrf_token") and token != "resbid-layout-csrf-token"
    signed_out = officer.post("/logout", data={"csrf_token": token})
    assert signed_out.status_code == 302 and officer.get("/tenders/").status_code == 302


def test_a_session_keeps_its_token_and_a_new_session_gets_a_new_one(app, make_user, monkeypatch):
    client, email = app.test_client(), make_user("officer")
    login(client, email)
    seconds = count(int(time.time()))  # each signature a second later: a token signed again would differ
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda signer: next(seconds))
    first, second = (hidden(client.get("/tenders/").get_data(as_text=True), "csrf_token") for _ in range(2))
    assert first == second  # signed once for the session, not at every request
    assert client.post("/logout", data={"csrf_token": second}).status_code == 302
    login(client, email)
    renewed = hidden(client.get("/tenders/").get_data(as_text=True), "csrf_token")
    assert renewed != first
    assert client.post("/logout", data={"csrf_token": first}).status_code == 400  # the ended session's token
    assert client.post("/logout", data={"csrf_token": renewed}).status_code == 302


def test_the_language_switch_comes_back_to_the_page_it_was_on(app, client):
    assert hidden(client.get("/login").get_data(as_text=True), "next") == "/login?"
    page = client.get("/login?next=/tenders/%3Fa%3D1%26b%3D%3Cx%3E").get_data(as_text=True)
    assert hidden(page, "next") == "/login?next=/tenders/%3Fa%3D1%26b%3D%3Cx%3E"
    answer = client.post("/language", data={"csrf_token": csrf_token(client), "language": "de", "next": "/login?"})
    assert answer.status_code == 302
    german = client.get("/login").get_data(as_text=True)
    assert '<html lang="de">' in german and 'value="de" lang="de" selected' in german
    assert hidden(german, "next") == "/login?"


def test_the_stylesheet_address_follows_the_root_the_app_is_served_under(client):
    """Built once per root: an app mounted under a path (SCRIPT_NAME, as a proxy sets it) links its own copy."""
    stylesheets = [re.findall(r'<link rel="stylesheet" href="([^"]*)"', client.get(
        "/login", environ_overrides={"SCRIPT_NAME": root}).get_data(as_text=True)) for root in ("", "/resbid", "")]
    assert stylesheets == [["/static/resbid.css"], ["/resbid/static/resbid.css"], ["/static/resbid.css"]]
    assert client.get("/static/resbid.css").status_code == 200
