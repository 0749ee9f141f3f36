"""The guided path (issue 14): the stage as a stepper, next steps as links, "not yet" pages, confirmation pages
for irreversible acts, only the tabs a user may use, and a dashboard per role whose every reference is a link."""
from __future__ import annotations

import re
from datetime import datetime, timezone

from sqlalchemy import select

from app.clock import clock
from app.demo import DEMO_PASSWORD
from app.extensions import db
from app.models import Bid, Tender, User
from tests.web.conftest import AFTER_OPENING, login, post_form

BEFORE_OPENING = datetime(2027, 3, 8, 13, 0, tzinfo=timezone.utc)  # the BESS sample: deadline passed, not opened


def _body(client, path: str, status: int = 200) -> str:
    response = client.get(path)
    assert response.status_code == status, (path, response.status_code)
    return response.get_data(as_text=True)


def test_tender_page_shows_the_stage_as_a_stepper_and_the_next_steps(tender_id, committee):
    clock.freeze(BEFORE_OPENING)
    html = _body(committee["chair"], f"/tenders/{tender_id}")
    stepper = re.search(r'<ol class="stepper".*?</ol>', html, re.S).group(0)
    assert re.search(r'aria-current="step">\s*Closed', stepper) or 'aria-current="step">Closed' in stepper
    assert stepper.count("<li") == 6
    assert 'id="next-steps"' in html and "opening at 08 Mar 2027 15:00 CET" in html
    assert "by two committee members" in html


def test_after_the_opening_time_the_next_step_is_to_open_then_to_score(app, tender_id, committee):
    clock.freeze(AFTER_OPENING)
    html = _body(committee["chair"], f"/tenders/{tender_id}")
    assert f'href="/tenders/{tender_id}/opening/confirm"' in html and "opening due since" in html
    dashboard = _body(committee["chair"], "/dashboard")
    assert "opening due since" in dashboard and f'href="/tenders/{tender_id}"' in dashboard
    post_form(committee["chair"], f"/tenders/{tender_id}/opening")
    post_form(committee["alice"], f"/tenders/{tender_id}/opening")
    html = _body(committee["alice"], f"/tenders/{tender_id}")
    assert re.search(r"0 of \d+ criteria done", html)
    assert f'href="/tenders/{tender_id}/scoring"' in html
    assert re.search(r"\d+ judgements? to score", _body(committee["alice"], "/dashboard"))
    chair = _body(committee["chair"], f"/tenders/{tender_id}/scoring")
    for link in ("consensus/start", "decisions", "results", "finalise"):
        assert f'href="/tenders/{tender_id}/{link}"' in chair, link


def test_a_member_before_the_opening_gets_a_not_yet_page_a_non_member_403(app, tender_id, committee, make_user):
    clock.freeze(BEFORE_OPENING)
    html = _body(committee["bob"], f"/tenders/{tender_id}/scoring")
    assert 'id="not-yet"' in html and "bids are opened after 08 Mar 2027 15:00 CET" in html
    assert "by two committee members" in html and f'href="/tenders/{tender_id}/opening"' in html
    assert 'id="not-yet"' in _body(committee["bob"], f"/tenders/{tender_id}/opening/confirm")
    with app.app_context():
        authority_id = db.session.get(Tender, tender_id).authority_id
    outsider = app.test_client()
    login(outsider, make_user("officer", organisation_id=authority_id))
    assert outsider.get(f"/tenders/{tender_id}/scoring").status_code == 403


def test_tabs_a_user_may_never_use_are_hidden(app, tender_id, opened, make_user):
    with app.app_context():
        authority_id = db.session.get(Tender, tender_id).authority_id
    outsider = app.test_client()
    login(outsider, make_user("officer", organisation_id=authority_id))
    html = _body(outsider, f"/tenders/{tender_id}/committee")
    tabs = re.search(r'<nav class="tabs".*?</nav>', html, re.S).group(0)
    assert "Scoring" not in tabs and "Results" not in tabs and "Committee" in tabs
    member_tabs = re.search(r'<nav class="tabs".*?</nav>', _body(opened["bob"], f"/tenders/{tender_id}/committee"),
                            re.S).group(0)
    assert "Scoring" in member_tabs


def test_irreversible_acts_go_through_a_confirmation_page(app, tender_id, opened):
    chair = opened["chair"]
    with app.app_context():
        bid = db.session.scalar(select(Bid).where(Bid.tender_id == tender_id).order_by(Bid.id))
        bid_id, name = bid.id, bid.organisation.name
    pages = {"consensus/start": "/consensus/start", "finalise": "/finalise",
             f"decisions/exclude?bid_id={bid_id}": "/decisions/exclude"}
    for page, action in pages.items():
        html = _body(chair, f"/tenders/{tender_id}/{page}")
        assert "What will happen" in html and "What can no longer be changed" in html, page
        assert f'action="/tenders/{tender_id}{action}"' in html and 'method="post"' in html, page
        assert "<script" not in html
    exclude = _body(chair, f"/tenders/{tender_id}/decisions/exclude?bid_id={bid_id}")
    assert name in exclude and 'name="reason"' in exclude and f'value="{bid_id}"' in exclude
    decisions = _body(chair, f"/tenders/{tender_id}/decisions")
    assert f'href="/tenders/{tender_id}/decisions/exclude?bid_id={bid_id}"' in decisions
    with app.app_context():
        assert db.session.get(Tender, tender_id).consensus_started_at is None  # a GET changes nothing


def test_opening_confirmation_page_says_what_can_no_longer_change(tender_id, committee):
    clock.freeze(AFTER_OPENING)
    opening = _body(committee["chair"], f"/tenders/{tender_id}/opening")
    assert f'href="/tenders/{tender_id}/opening/confirm"' in opening
    html = _body(committee["chair"], f"/tenders/{tender_id}/opening/confirm")
    assert "cannot be withdrawn" in html and f'action="/tenders/{tender_id}/opening"' in html


def _demo(app, runner) -> dict[str, int]:
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    with app.app_context():
        return {t.status: t.id for t in db.session.scalars(select(Tender))}


def test_every_persona_has_a_dashboard_of_links(app, runner):
    ids = _demo(app, runner)
    pages = {}
    for email in ("officer@resbid.example", "bidder@resbid.example", "auditor@resbid.example"):
        client = app.test_client()
        login(client, email, DEMO_PASSWORD)
        response = client.get("/dashboard")
        assert response.status_code == 200, email
        pages[email] = response.get_data(as_text=True)
    officer = pages["officer@resbid.example"]
    assert 'id="my-tenders"' in officer and f'href="/tenders/{ids["finalised"]}"' in officer
    bidder = pages["bidder@resbid.example"]
    assert 'id="my-bids"' in bidder and 'href="/portal/"' in bidder and "/portal/bids/" in bidder
    auditor = pages["auditor@resbid.example"]
    assert f'href="/reports/tenders/{ids["finalised"]}"' in auditor
    for html in pages.values():  # every tender reference in a table cell is a link
        assert not re.search(r"<td>RB-[\w-]+</td>", html)


def test_bidder_withdraws_through_a_confirmation_page(app, runner):
    _demo(app, runner)
    client = app.test_client()
    login(client, "bidder@resbid.example", DEMO_PASSWORD)
    with app.app_context():
        bidder = db.session.scalar(select(User).where(User.email == "bidder@resbid.example"))
        live = db.session.scalars(select(Bid).join(Tender).where(
            Bid.status == "submitted", Tender.status == "published",
            Bid.organisation_id == bidder.organisation_id)).first()
        bid_id = live.id if live else None
    assert bid_id is not None  # the demo bidder's bid in the published tender
    receipt = _body(client, f"/portal/bids/{bid_id}")
    assert f'href="/portal/bids/{bid_id}/withdraw"' in receipt
    html = _body(client, f"/portal/bids/{bid_id}/withdraw")
    assert "What will happen" in html and f'action="/portal/bids/{bid_id}/withdraw"' in html


def test_a_debrief_letter_not_due_yet_answers_a_page_saying_when(app, runner):
    ids = _demo(app, runner)
    client = app.test_client()
    login(client, "bidder@resbid.example", DEMO_PASSWORD)  # Hardanger bids in the tender still open for bids
    html = _body(client, f"/debriefs/{ids['published']}")
    assert 'id="not-yet"' in html and "once the contracting authority has finalised" in html
    assert f'href="/portal/tenders/{ids["published"]}"' in html


def test_a_published_tender_page_links_to_its_committee_and_opening(tender_id, committee):
    html = _body(committee["chair"], f"/tenders/{tender_id}")
    tabs = re.search(r'<nav class="tabs".*?</nav>', html, re.S).group(0)
    assert f'href="/tenders/{tender_id}/committee"' in tabs and f'href="/tenders/{tender_id}/opening"' in tabs
    assert 'aria-current="page"' in tabs
