"""Missing answers after the deadline earn no free points (Directive 2014/24/EU Art. 56(3)).

A resolution scores the rule's minimum, excludes the bid, or enters the answer the bidder gave to a
recorded clarification request; nothing else gives a blank points.
"""

from dataclasses import replace
from datetime import date

import pytest

from scoring import InvalidInput, evaluate, rule_from_params
from scoring.bids import Clarification, Resolution
from tests.scoring.builders import DESCRIPTORS, consensus, make_bid, make_simple_tender, make_tender


def clarified(answer, **overrides) -> Resolution:
    fields = {"request": "Please confirm the take-back scheme stated in Annex 4 of your bid.",
              "requested_on": date(2026, 3, 10), "answer": answer, "evidence": "Letter of 12 March, ref. CL-7",
              "is_bid_unchanged": True}
    fields.update(overrides)
    return Resolution("clarified", "Annex 4 of the bid already describes the scheme; the answer confirms it",
                      Clarification(**fields))


def simple(**resolutions):
    """The simple tender with one bid that left EOL blank."""
    return evaluate(make_simple_tender(), [make_bid("A", answers={"RCY": 10}, resolutions=resolutions)])


@pytest.mark.parametrize(("params", "minimum"), [
    ({"kind": "yes_no", "points_yes": 100, "points_no": 0}, 0),
    ({"kind": "yes_no", "points_yes": 30, "points_no": 80}, 30),
    ({"kind": "pass_fail"}, 0),
    ({"kind": "linear", "better": "lower", "anchors": [[10, 100], [50, 20]]}, 20),
    ({"kind": "bands", "bands": [{"from": 0, "to": 10, "points": 40}, {"from": 10, "to": None, "points": 100}],
      "otherwise": 25}, 25),
    ({"kind": "threshold", "threshold": 5, "better": "higher", "points_met": 100, "points_not_met": 10}, 10),
    ({"kind": "judgement", "scale": 5, "descriptors": DESCRIPTORS}, 0),
    ({"kind": "prozorro_feature", "options": {"a": 0.05, "b": 0.1}}, 0.05),
])
def test_each_rule_names_its_minimum(params, minimum):
    assert rule_from_params(params, "rule").min_points == pytest.approx(minimum)


class TestMinimum:
    def test_a_blank_scored_at_the_minimum_earns_no_points(self):
        eol = simple(EOL=Resolution("minimum", "no declaration in the bid")).bid("A").criterion("EOL")
        assert (eol.status, eol.points, eol.weighted) == ("resolved", 0, 0)
        assert eol.note == "no answer: scored at the rule's minimum: no declaration in the bid"

    def test_the_minimum_is_the_worst_answer_the_rule_scores(self):
        rule = {"kind": "linear", "better": "higher", "anchors": [[0, 20], [20, 100]]}
        result = evaluate(make_simple_tender(criteria=[
            {"code": "PRICE", "name": "Price", "type": "price", "weight": 60, "rule": {"kind": "price_proportional"}},
            {"code": "RCY", "name": "Recycled content", "weight": 40, "rule": rule}]),
            [make_bid("A", resolutions={"RCY": Resolution("minimum", "left blank")})])
        assert result.bid("A").criterion("RCY").points == 20  # never more than the worst answer would earn

    def test_a_judgement_scored_at_the_minimum_gets_the_lowest_level(self):
        bid = make_bid("A", answers={"RES-EOL": True, "RES-RCY": 5}, supply=(),
                       resolutions={"QUAL": Resolution("minimum", "no quality plan in the bid"),
                                    "RES-DY-REF": Resolution("minimum", "no Dy refiner declared")})
        a = evaluate(make_tender(), [bid]).bid("A")
        assert (a.criterion("QUAL").points, a.criterion("RES-DY-REF").points) == (0, 0)
        assert not a.needs_resolution

    def test_a_pass_fail_gate_scored_at_the_minimum_fails(self):
        tender = make_simple_tender(criteria=[
            {"code": "PRICE", "name": "Price", "type": "price", "weight": 100, "rule": {"kind": "price_proportional"}},
            {"code": "COI", "name": "No conflict of interest", "rule": {"kind": "pass_fail"}}])
        a = evaluate(tender, [make_bid("A", resolutions={"COI": Resolution("minimum", "no declaration")})]).bid("A")
        assert not a.is_eligible
        assert a.reasons == ("Failed the pass/fail criterion No conflict of interest "
                             "(no answer: scored at the rule's minimum: no declaration)",)


class TestExclude:
    def test_the_bid_is_excluded_on_the_ground_of_the_missing_answer(self):
        result = simple(EOL=Resolution("exclude", "the take-back declaration is mandatory"))
        a = result.bid("A")
        assert not a.is_eligible and a.rank is None
        assert a.reasons == ("Excluded by the officer: no answer to EU recycling: the take-back declaration is "
                             "mandatory",)
        eol = a.criterion("EOL")
        assert (eol.status, eol.points, eol.weighted) == ("excluded", None, None)
        assert not a.needs_resolution and result.is_final


class TestClarified:
    def test_the_clarified_answer_is_scored_by_the_rule(self):
        eol = simple(EOL=clarified(True)).bid("A").criterion("EOL")
        assert (eol.status, eol.value, eol.points) == ("resolved", True, 100)
        assert eol.note == ("answer given on clarification (Directive 2014/24/EU Art. 56(3)) requested on "
                            "2026-03-10; evidence: Letter of 12 March, ref. CL-7")

    def test_a_clarified_number_is_scored_on_the_rule_like_any_answer(self):
        result = evaluate(make_simple_tender(), [make_bid("A", answers={"EOL": True},
                                                          resolutions={"RCY": clarified(15)})])
        assert result.bid("A").criterion("RCY").points == pytest.approx(75)

    def test_a_clarified_judgement_waits_for_the_committee_and_is_then_scored_normally(self):
        bid = make_bid("A", answers={"RES-EOL": True, "RES-RCY": 5}, supply=(),
                       resolutions={"QUAL": clarified("Quality plan, 14 pages"),
                                    "RES-DY-REF": Resolution("minimum", "none declared")})
        waiting = evaluate(make_tender(), [bid]).bid("A").criterion("QUAL")
        assert (waiting.status, waiting.points) == ("missing", None)
        assert waiting.note == ("no committee score yet; the bid was completed on clarification (Directive "
                                "2014/24/EU Art. 56(3)) requested on 2026-03-10; evidence: Letter of 12 March, "
                                "ref. CL-7")
        result = evaluate(make_tender(), [replace(bid, judgements={"QUAL": consensus(4)})])
        qual = result.bid("A").criterion("QUAL")
        assert (qual.status, qual.points) == ("scored", 4)
        assert not result.problems  # the clarification is not "ignored": it is why the committee could score


def test_invalid_resolutions_are_refused_with_their_place():
    bids = [make_bid("A", answers={"RCY": 10}, resolutions={
        "EOL": clarified("yes", requested_on="10 March", request=" ", evidence="", is_bid_unchanged=False),
        "RCY": Resolution("points", "60"),
        "PRICE": Resolution("minimum", "no price"),
    }), make_bid("B", answers={"RCY": 10}, resolutions={"EOL": Resolution("minimum", " ", clarified(True)
                                                                                  .clarification)}),
        make_bid("C", resolutions={"EOL": Resolution("clarified", "x"), "RCY": clarified(True)})]
    with pytest.raises(InvalidInput) as error:
        evaluate(make_simple_tender(), bids)
    assert [str(p) for p in error.value.problems] == [
        "bids[A].resolutions.EOL.clarification.request: the clarification request is required",
        "bids[A].resolutions.EOL.clarification.requested_on: expected the date of the request",
        "bids[A].resolutions.EOL.clarification.evidence: the reference of the bidder's answer is required",
        "bids[A].resolutions.EOL.clarification.is_bid_unchanged: an answer that changes the bid cannot be "
        "entered (Directive 2014/24/EU Art. 56(3)); state that it clarifies or completes what the bid contained",
        "bids[A].resolutions.EOL.clarification.answer: expected yes or no (true/false), got 'yes'",
        "bids[A].resolutions.RCY.kind: a missing answer earns no points of its own: expected minimum, exclude, "
        "clarified or unsubstantiated, got 'points'",
        "bids[A].resolutions.PRICE: a price cannot be resolved; a bid without a valid price is ineligible",
        "bids[B].resolutions.EOL.reason: a resolution needs a reason",
        "bids[B].resolutions.EOL.clarification: only a clarified resolution records a clarification",
        "bids[C].resolutions.EOL.clarification: a clarified resolution needs the request and the bidder's answer",
        "bids[C].resolutions.RCY.clarification.answer: expected a number, got True",
    ]


def test_an_unsubstantiated_claim_scores_the_minimum_beside_the_value_it_claimed():
    """RCY (recycled content, linear 0% -> 0, 20% -> 100, weight 15) answered 10%: 50 points, 50 / 100 x 15 = 7.5
    weighted; found not substantiated on verification: the rule's minimum, 0, the claimed 10 kept as the value."""
    claimed = make_bid("A", answers={"EOL": True, "RCY": 10})
    unsubstantiated = make_bid("A", answers={"EOL": True, "RCY": 10},
                               resolutions={"RCY": Resolution("unsubstantiated", "no mass balance")})
    before = evaluate(make_simple_tender(), [claimed]).bid("A").criterion("RCY")
    after = evaluate(make_simple_tender(), [unsubstantiated]).bid("A")
    assert (before.status, before.points, before.weighted) == ("scored", 50, 7.5)
    rcy = after.criterion("RCY")
    assert (rcy.status, rcy.value, rcy.points, rcy.weighted) == ("resolved", 10, 0, 0)
    assert rcy.note == "claim not substantiated: scored at the rule's minimum: no mass balance"
    assert after.criterion("EOL").points == 100  # only the criterion decided on changes
