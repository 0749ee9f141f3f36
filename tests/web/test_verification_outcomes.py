"""The outcome of a verification request and what follows: a claim not verified scores its criterion at the
rule's minimum or excludes the bid, through the resolutions and exclusions the decisions page records, so the
stored evaluation is recomputed; every step is in the audit log."""
from __future__ import annotations

import json

import pytest

from app.extensions import db
from app.models import Bid, Tender
from app.records.stored_results import evaluation_of
from tests.web.conftest import login
from tests.web.verification_steps import actions, answer, ask, bid_of, bidder_of, line_of, record_outcome, requests_of

HARDANGER = "hardanger-battery-systems"
NO_BALANCE = "The bidder sent no mass balance for the recycled feedstock it declared."


def _result(app, tender_id):
    with app.test_request_context():
        return evaluation_of(db.session.get(Tender, tender_id)).result.bid(HARDANGER)


def _asked(app, tender_id, opened) -> tuple[Bid, int]:
    bid = bid_of(app, tender_id, HARDANGER)
    ask(opened["chair"], tender_id, bid.id, line_of(app, bid.id, "Li", "processing"),
        "Send the mass balance for the recycled lithium.", "2027-03-12")
    return bid, requests_of(app, bid.id)[0].id


def test_not_verified_scores_the_criterion_at_its_minimum_and_the_total_falls_by_its_points(app, tender_id, opened):
    bid, request_id = _asked(app, tender_id, opened)
    before = _result(app, tender_id)
    recycled = next(c for c in before.criteria if c.code == "RES-RECYCLED")
    # RES-RECYCLED: linear, 0% -> 0 and 10% -> 100 points, 5 of the 100 points: the declared share of about 7.6%
    # earns share / 10 x 100 points, weighted share / 10 x 100 / 100 x 5 = share / 2
    assert recycled.weighted == pytest.approx(recycled.value / 2)
    page = record_outcome(opened["chair"], tender_id, bid.id, request_id, "not_verified", NO_BALANCE, "minimum",
                          "RES-RECYCLED").get_data(as_text=True)
    assert "Outcome recorded." in page and "not verified" in page
    after = _result(app, tender_id)
    scored = next(c for c in after.criteria if c.code == "RES-RECYCLED")
    assert (scored.status, scored.points, scored.weighted) == ("resolved", 0, 0)
    assert scored.value == pytest.approx(recycled.value)  # what the bid claimed stays beside the points
    assert after.total == pytest.approx(before.total - recycled.value / 2)
    assert [e.action for e in actions(app, tender_id, "verification.")] == ["verification.request",
                                                                           "verification.outcome"]
    [resolved] = actions(app, tender_id, "bid.resolve_unsubstantiated")
    assert json.loads(resolved.details)["criterion"] == "RES-RECYCLED"
    decisions = opened["chair"].get(f"/tenders/{tender_id}/decisions").get_data(as_text=True)
    assert "the claim was not substantiated on verification" in decisions and NO_BALANCE in decisions


def test_not_verified_can_exclude_the_bid_under_article_57_4_h(app, tender_id, opened):
    bid, request_id = _asked(app, tender_id, opened)
    assert _result(app, tender_id).is_eligible
    record_outcome(opened["chair"], tender_id, bid.id, request_id, "not_verified", NO_BALANCE, "exclude_57_4_h")
    with app.app_context():
        reason = db.session.get(Bid, bid.id).exclusion_reason
    assert reason == f"Directive 2014/24/EU Art. 57(4)(h): {NO_BALANCE}"
    excluded = _result(app, tender_id)
    assert not excluded.is_eligible and excluded.rank is None
    assert [e.action for e in actions(app, tender_id, "")][-2:] == ["bid.exclude", "verification.outcome"]


def test_an_outcome_is_recorded_once_with_a_reason_and_only_not_verified_has_consequences(app, tender_id, opened,
                                                                                       make_user):
    bid, request_id = _asked(app, tender_id, opened)
    chair = opened["chair"]
    refusals = {
        ("verified", NO_BALANCE, "minimum", "RES-RECYCLED"): "only a claim not verified leads to a decision",
        ("not_verified", NO_BALANCE, "", ""): "scored at its criterion&#39;s minimum or the bid is excluded",
        ("not_verified", NO_BALANCE, "minimum", "PRICE-LOW"): "choose the criterion the claim earned points on",
        ("clarified", "", "", ""): "a written reason is required",
    }
    for (outcome, reason, consequence, criterion), message in refusals.items():
        page = record_outcome(chair, tender_id, bid.id, request_id, outcome, reason, consequence, criterion)
        assert message in page.get_data(as_text=True), outcome
    assert requests_of(app, bid.id)[0].outcome is None
    member = record_outcome(opened["alice"], tender_id, bid.id, request_id, "verified", "Seen it.")
    assert "only the committee chair may do this" in member.get_data(as_text=True)
    record_outcome(chair, tender_id, bid.id, request_id, "clarified", "The answer explains the share.")
    again = record_outcome(chair, tender_id, bid.id, request_id, "verified", "Seen it.")
    assert "already recorded" in again.get_data(as_text=True)
    stored = requests_of(app, bid.id)[0]
    assert (stored.outcome, stored.consequence, stored.outcome_reason) == ("clarified", None,
                                                                           "The answer explains the share.")
    bidder = app.test_client()
    login(bidder, bidder_of(app, make_user, bid))
    late = answer(bidder, request_id, "One more thing")
    assert "answers are no longer accepted" in late.get_data(as_text=True)
