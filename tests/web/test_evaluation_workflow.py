"""Committee, sealed four-eyes opening, blind scoring, consensus, decisions, export and finalisation."""
from __future__ import annotations

import io
import json
import re
from datetime import datetime, timezone
from html import unescape

import openpyxl
from sqlalchemy import select

from app.clock import clock
from app.extensions import db
from app.models import AuditEvent, Bid, Criterion, Tender
from tests.web.conftest import AFTER_OPENING, login, post_form, user_id

BEFORE_OPENING = datetime(2027, 3, 8, 13, 0, tzinfo=timezone.utc)  # deadline passed, opening time not yet


def _judged(app, tender_id) -> tuple[int, int, int]:
    with app.app_context():
        criterion = db.session.scalar(select(Criterion).where(Criterion.tender_id == tender_id,
                                                              Criterion.rule_kind == "judgement"))
        bid_id = db.session.scalar(select(Bid.id).where(Bid.tender_id == tender_id).order_by(Bid.id))
        return bid_id, criterion.id, criterion.rule_params["scale"]


def test_opening_needs_two_declared_members_after_the_opening_time(app, tender_id, committee):
    clock.freeze(BEFORE_OPENING)
    body = post_form(committee["chair"], f"/tenders/{tender_id}/opening").get_data(as_text=True)
    assert "cannot be opened before the opening time" in body
    clock.freeze(AFTER_OPENING)
    post_form(committee["chair"], f"/tenders/{tender_id}/opening")
    body = post_form(committee["chair"], f"/tenders/{tender_id}/opening").get_data(as_text=True)
    assert "a second committee member must confirm" in body
    page = committee["chair"].get(f"/tenders/{tender_id}/opening").get_data(as_text=True)
    assert 'id="awaiting-second"' in page and 'id="confirm-opening"' not in page  # nothing left for the chair
    assert 'id="confirm-opening"' in committee["bob"].get(f"/tenders/{tender_id}/opening").get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Tender, tender_id).status != "opened"
    post_form(committee["bob"], f"/tenders/{tender_id}/opening")
    with app.app_context():
        tender = db.session.get(Tender, tender_id)
        assert tender.status == "opened"
        record = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "tender.open"))
        bids = db.session.scalars(select(Bid).where(Bid.tender_id == tender_id)).all()
    opening_record = json.loads(record.details)["bids"]
    assert {(b["label"], b["sha256"]) for b in opening_record} == {(b.label, b.workbook_sha256) for b in bids}


def test_member_without_declaration_is_told_to_sign_first_on_every_bid_page(app, tender_id, opened, make_user):
    """A step not reached yet: a "not yet" page naming the declaration and linking to it, no bid data (not 403)."""
    with app.app_context():
        authority_id = db.session.get(Tender, tender_id).authority_id
    late = app.test_client()
    login(late, make_user("officer", email="late@authority.example", organisation_id=authority_id))
    post_form(opened["chair"], f"/tenders/{tender_id}/committee/members",
          {"user_id": user_id(app, "late@authority.example")})
    for page in ("scoring", "decisions", "results", "export.xlsx"):
        response = late.get(f"/tenders/{tender_id}/{page}")
        body = response.get_data(as_text=True)
        assert response.status_code == 200 and 'id="not-yet"' in body, page
        assert "Sign the conflict-of-interest declaration" in body
        assert f'href="/tenders/{tender_id}/committee"' in body


def test_scoring_is_blind_until_you_have_scored(app, tender_id, opened):
    bid_id, criterion_id, _ = _judged(app, tender_id)
    cell = {"bid_id": bid_id, "criterion_id": criterion_id}
    post_form(opened["alice"], f"/tenders/{tender_id}/scoring", {**cell, "points": 4,
                                                             "justification": "Alice: clear, staffed plan"})
    assert "Alice: clear, staffed plan" not in opened["bob"].get(f"/tenders/{tender_id}/scoring").get_data(as_text=True)
    post_form(opened["bob"], f"/tenders/{tender_id}/scoring", {**cell, "points": 1, "justification": "Bob: vague"})
    page = opened["bob"].get(f"/tenders/{tender_id}/scoring").get_data(as_text=True)
    assert "Alice: clear, staffed plan" in page and "disagreement" in page


def test_justification_is_mandatory_and_points_stay_on_the_scale(app, tender_id, opened):
    bid_id, criterion_id, scale = _judged(app, tender_id)
    cell = {"bid_id": bid_id, "criterion_id": criterion_id}
    body = post_form(opened["alice"], f"/tenders/{tender_id}/scoring", {**cell, "points": 3, "justification": " "})
    assert "justification" in body.get_data(as_text=True).lower()
    body = post_form(opened["alice"], f"/tenders/{tender_id}/scoring",
                     {**cell, "points": scale + 1, "justification": "x"})
    assert f"from 0 to {scale}" in body.get_data(as_text=True)


def test_consensus_locks_individual_scores(app, tender_id, opened):
    bid_id, criterion_id, _ = _judged(app, tender_id)
    cell = {"bid_id": bid_id, "criterion_id": criterion_id}
    post_form(opened["alice"], f"/tenders/{tender_id}/scoring", {**cell, "points": 3, "justification": "fine"})
    post_form(opened["chair"], f"/tenders/{tender_id}/consensus/start")
    body = post_form(opened["alice"], f"/tenders/{tender_id}/scoring", {**cell, "points": 5, "justification": "better"})
    assert "individual scores are locked" in body.get_data(as_text=True)
    body = post_form(opened["chair"], f"/tenders/{tender_id}/scoring", {**cell, "points": 3, "justification": "agreed"})
    assert "Score saved." in body.get_data(as_text=True)


def test_stale_edit_is_refused_instead_of_overwriting(app, tender_id, opened):
    bid_id, criterion_id, _ = _judged(app, tender_id)
    cell = {"bid_id": bid_id, "criterion_id": criterion_id}
    post_form(opened["alice"], f"/tenders/{tender_id}/scoring", {**cell, "points": 3, "justification": "first"})
    post_form(opened["alice"], f"/tenders/{tender_id}/scoring", {**cell, "points": 4, "justification": "second",
                                                             "version": 1})
    body = post_form(opened["alice"], f"/tenders/{tender_id}/scoring", {**cell, "points": 2, "justification": "stale",
                                                                    "version": 1})
    assert "changed by someone else" in body.get_data(as_text=True)
    with app.app_context():
        from app.models import Score

        assert db.session.scalar(select(Score.justification)) == "second"


def test_technical_member_never_receives_a_price(app, tender_id, opened, make_user):
    with app.app_context():
        authority_id = db.session.get(Tender, tender_id).authority_id
        prices = [f"{b.price:,.2f}" for b in db.session.scalars(select(Bid).where(Bid.tender_id == tender_id))]
    tech = app.test_client()
    login(tech, make_user("officer", email="tech@authority.example", organisation_id=authority_id))
    post_form(opened["chair"], f"/tenders/{tender_id}/committee/members",
          {"user_id": user_id(app, "tech@authority.example"), "is_technical": "y"})
    post_form(tech, f"/tenders/{tender_id}/committee/declaration")
    assert tech.get(f"/tenders/{tender_id}/results").status_code == 403
    assert tech.get(f"/tenders/{tender_id}/decisions").status_code == 403
    scoring = tech.get(f"/tenders/{tender_id}/scoring").get_data(as_text=True)
    sheet = openpyxl.load_workbook(io.BytesIO(tech.get(f"/tenders/{tender_id}/export.xlsx").data))
    exported = " ".join(str(c.value) for ws in sheet for row in ws.iter_rows() for c in row if c.value is not None)
    for price in prices:
        assert price not in scoring
        assert price.replace(",", "") not in exported and price.replace(",", "")[:-3] not in exported


def test_export_neutralises_formula_injection(app, tender_id, opened):
    bid_id, criterion_id, _ = _judged(app, tender_id)
    payload = '=HYPERLINK("http://evil.example","x")'
    post_form(opened["alice"], f"/tenders/{tender_id}/scoring", {"bid_id": bid_id, "criterion_id": criterion_id,
                                                             "points": 2, "justification": payload})
    book = openpyxl.load_workbook(io.BytesIO(opened["chair"].get(f"/tenders/{tender_id}/export.xlsx").data))
    cells = [c for row in book["Matrix"].iter_rows() for c in row
             if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert cells and all(c.data_type == "s" and not c.value.startswith("=") for c in cells)


def test_finalise_waits_for_decisions_then_locks_everything(app, tender_id, opened):
    chair = opened["chair"]
    refused = post_form(opened["alice"], f"/tenders/{tender_id}/finalise").get_data(as_text=True)
    assert "only the committee chair" in refused
    assert "resolve these first" in post_form(chair, f"/tenders/{tender_id}/finalise").get_data(as_text=True)
    post_form(chair, f"/tenders/{tender_id}/consensus/start")
    with app.app_context():
        bids = db.session.scalars(select(Bid).where(Bid.tender_id == tender_id)).all()
        judged = db.session.scalars(select(Criterion.id).where(Criterion.tender_id == tender_id,
                                                               Criterion.rule_kind == "judgement")).all()
        flagged = [b.id for b in bids if b.label == "voltaris-energy-storage"]
    for bid in bids:
        for criterion_id in judged:
            post_form(chair, f"/tenders/{tender_id}/scoring", {"bid_id": bid.id, "criterion_id": criterion_id,
                                                           "points": 3, "justification": "agreed in meeting"})
    body = post_form(chair, f"/tenders/{tender_id}/finalise").get_data(as_text=True)
    assert "abnormally low price without a decision" in body
    post_form(chair, f"/tenders/{tender_id}/decisions/abnormal", {"bid_id": flagged[0], "decision": "rejected",
                                                              "reason": "No credible explanation of the price"})
    body = post_form(chair, f"/tenders/{tender_id}/finalise").get_data(as_text=True)
    assert "Evaluation finalised" in body
    with app.app_context():
        from app.records.stored_results import fresh_evaluation, result_sha256

        tender = db.session.get(Tender, tender_id)
        assert tender.status == "finalised"
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "tender.finalise"))
        assert json.loads(event.details)["result_sha256"] == tender.result_sha256 == result_sha256(
            fresh_evaluation(tender).result)
    body = post_form(chair, f"/tenders/{tender_id}/scoring", {"bid_id": bids[0].id, "criterion_id": judged[0],
                                                          "points": 1, "justification": "too late"})
    assert "finalised: everything is locked" in body.get_data(as_text=True)


def test_bidder_and_auditor_cannot_reach_evaluation_pages(app, tender_id, client, login_as):
    login_as("bidder")
    for page in ("committee", "opening", "scoring", "results", "export.xlsx"):
        assert client.get(f"/tenders/{tender_id}/{page}").status_code == 403


def test_post_without_csrf_is_400(tender_id, officers):
    assert officers["chair"].post(f"/tenders/{tender_id}/committee/chair").status_code == 400


def test_a_zero_price_is_flagged_not_excluded_and_awaits_the_chairs_art_69_decision(app, tender_id, opened):
    chair = opened["chair"]
    with app.app_context():
        bid = db.session.scalar(select(Bid).where(Bid.tender_id == tender_id, Bid.label == "tejo-grid-batteries"))
        bid.price, bid_id, bidder = 0, bid.id, bid.organisation.name
        db.session.commit()
    decisions = unescape(re.sub("<[^>]+>", "", chair.get(f"/tenders/{tender_id}/decisions").get_data(as_text=True)))
    assert f"{bidder}: a price of zero, which may not be rejected on that ground alone (Court of Justice, " \
           "Case C-367/19 Tax-Audit, 10 September 2020)" in decisions
    assert "Invalid price" not in unescape(chair.get(f"/tenders/{tender_id}/results").get_data(as_text=True))
    post_form(chair, f"/tenders/{tender_id}/decisions/abnormal", {"bid_id": bid_id, "decision": "accepted",
                                                              "reason": "Strategic entry; costs covered by the parent"})
    with app.app_context():
        from app.records.stored_results import fresh_evaluation

        result = fresh_evaluation(db.session.get(Tender, tender_id)).result
    zero = result.bid("tejo-grid-batteries")
    assert zero.is_eligible and zero.abnormal.decision == "accepted" and zero.bid_id not in result.awaiting_decision
    assert result.price_range.lowest == 0 and zero.criterion("PRICE-LOW").points == 100
