"""Eligibility: officer exclusion, controlling country, invalid price, gates, abnormally low prices."""

import pytest

from scoring import AbnormalDecision, evaluate, parse_tender
from scoring.abnormal import AbnormallyLowConfig, flag_abnormally_low
from tests.scoring.builders import make_bid, make_simple_tender, simple_tender_dict

ANSWERS = {"EOL": True, "RCY": 20}
ZERO_PRICE = ("a price of zero, which may not be rejected on that ground alone (Court of Justice, Case C-367/19 "
              "Tax-Audit, 10 September 2020): the buyer must ask for an explanation under Art. 69 of Directive "
              "2014/24/EU and decide")


def bid(bid_id, price=100.0, **fields):
    fields.setdefault("answers", ANSWERS)
    return make_bid(bid_id, price, **fields)


def test_officer_exclusion_and_controlling_country():
    tender = make_simple_tender(eligibility={"excluded_control_countries": ["CN"]})
    result = evaluate(tender, [bid("A", exclusion="conviction for fraud (Art. 57(1))"),
                               bid("B", control_country="CN"), bid("C", control_country="DE")])
    assert result.bid("A").reasons == ("Excluded by the officer: conviction for fraud (Art. 57(1))",)
    assert result.bid("B").reasons == ("Ultimate controlling entity in China (CN), which this tender excludes",)
    assert [r.bid_id for r in result.bids if r.is_eligible] == ["C"]
    assert (result.bid("A").rank, result.bid("C").rank) == (None, 1)


@pytest.mark.parametrize("price, words", [(-10, "negative (-10)"), (-0.01, "negative (-0.01)"), (None, "missing")])
def test_invalid_price_makes_the_bid_ineligible_and_is_a_clear_problem(price, words):
    result = evaluate(make_simple_tender(), [bid("A", price, bidder="Acme GmbH"), bid("B", 200)])
    a = result.bid("A")
    assert not a.is_eligible
    assert a.reasons == (f"Invalid price: {words}; a price must be a number, zero or more",)
    assert a.criterion("PRICE").status == "invalid" and a.criterion("PRICE").points is None
    assert [str(p) for p in result.problems] == [f"bids[A].price: Acme GmbH's price is {words}: the bid is ineligible"]
    # Pmin comes from the eligible bids only: B gets full price points
    assert result.bid("B").criterion("PRICE").points == 100


def test_pass_fail_gate():
    data = simple_tender_dict()
    data["criteria"].append({"code": "COI", "name": "No conflict of interest", "rule": {"kind": "pass_fail"}})
    tender = parse_tender(data)
    result = evaluate(tender, [bid("A", answers={**ANSWERS, "COI": False}), bid("B", answers={**ANSWERS, "COI": True}),
                               bid("C")])
    assert result.bid("A").reasons == ("Failed the pass/fail criterion No conflict of interest",)
    assert result.bid("B").is_eligible
    # a gate carries no weight: it adds nothing to the total
    assert result.bid("B").criterion("COI").weighted == 0 and result.bid("B").total == pytest.approx(100)
    # unanswered: eligible for now, but provisional
    assert result.bid("C").is_eligible and result.bid("C").needs_resolution == ("COI",)


def test_minimum_score_gate_montte():
    data = simple_tender_dict()
    data["criteria"] = [data["criteria"][0], {"code": "Q", "name": "Quality", "weight": 40, "min_score": 50,
                                              "children": [dict(data["criteria"][1], weight=60),
                                                           dict(data["criteria"][2], weight=40)]}]
    tender = parse_tender(data)
    result = evaluate(tender, [bid("A", 50, answers={"EOL": False, "RCY": 20}),  # 40% of the group
                               bid("B", 100, answers={"EOL": True, "RCY": 0})])  # 60%
    assert result.bid("A").reasons == ("Scored 40% on Quality, below its minimum score of 50%",)
    assert result.bid("A").groups[0].is_gate_passed is False
    assert result.bid("B").groups[0].is_gate_passed is True
    # A's lower price does not set Pmin: it is ineligible
    assert result.price_range.lowest == 100 and result.bid("B").criterion("PRICE").points == 100


class TestAbnormallyLow:
    def test_flags_with_the_prozorro_defaults(self):
        flags = flag_abnormally_low({"A": 100.0, "B": 100.0, "C": 100.0, "D": 55.0}, AbnormallyLowConfig())
        # D: mean of the others 100 -> 45% below (>= 40); next 100 -> 45% below (>= 30)
        assert flags["D"].is_flagged
        assert flags["D"].reasons == ("45% below the mean of the other bids (trigger 40%)",
                                      "45% below the next bid (trigger 30%)")
        assert not flags["A"].is_flagged and flags["A"].below_next_pct == 0

    def test_below_next_only(self):
        # 65 vs next 100: 35% below (>= 30); mean of others (100 + 200) / 2 = 150 -> 56.7% below too
        flags = flag_abnormally_low({"A": 65.0, "B": 100.0, "C": 200.0}, AbnormallyLowConfig(None, 30))
        assert flags["A"].reasons == ("35% below the next bid (trigger 30%)",)
        assert flags["A"].below_mean_of_others_pct == pytest.approx(56.666666667)

    def test_one_bid_is_never_compared(self):
        assert not flag_abnormally_low({"A": 1.0}, AbnormallyLowConfig())["A"].is_flagged

    def test_decisions(self):
        tender = make_simple_tender()
        prices = {"A": 100, "B": 100, "C": 110}
        bids = [bid(k, p) for k, p in prices.items()]
        rejected = evaluate(tender, [*bids, bid("D", 50, abnormal_decision=AbnormalDecision(
            "rejected", "explanation did not account for the magnet alloy cost"))])
        d = rejected.bid("D")
        assert d.abnormal.is_flagged and d.abnormal.decision == "rejected"
        assert d.reasons == ("Abnormally low price rejected after explanation: explanation did not account "
                             "for the magnet alloy cost",)
        assert rejected.price_range.lowest == 100 and rejected.is_final
        accepted = evaluate(tender, [*bids, bid("D", 50, abnormal_decision=AbnormalDecision("accepted", "ok"))])
        assert accepted.bid("D").is_eligible and accepted.winner.bid_id == "D"
        pending = evaluate(tender, [*bids, bid("D", 50)])
        assert pending.awaiting_decision == ("D",) and not pending.is_final

    def test_a_zero_price_stays_in_and_awaits_the_art_69_decision(self):
        result = evaluate(make_simple_tender(), [bid("A", 0), bid("B", 200), bid("C", 250)])
        a = result.bid("A")
        assert a.is_eligible and a.reasons == () and result.problems == ()
        assert a.abnormal.is_flagged and a.abnormal.reasons[0] == ZERO_PRICE
        assert result.awaiting_decision == ("A",) and not result.is_final
        # Pmin is zero: the zero price gets full points, every other price none (Pmin / P = 0)
        assert result.price_range.lowest == 0 and a.criterion("PRICE").points == 100
        assert result.bid("B").criterion("PRICE").points == 0 == result.bid("C").criterion("PRICE").points

    @pytest.mark.parametrize("decision, is_eligible", [("accepted", True), ("rejected", False)])
    def test_the_decision_on_a_zero_price_is_the_buyers(self, decision, is_eligible):
        decided = bid("A", 0, abnormal_decision=AbnormalDecision(decision, "explanation examined"))
        result = evaluate(make_simple_tender(), [decided, bid("B", 200)])
        assert result.bid("A").is_eligible is is_eligible and result.awaiting_decision == ()
        assert result.bid("A").abnormal.decision == decision
        assert result.price_range.lowest == (0 if is_eligible else 200)

    def test_a_zero_price_is_flagged_even_alone_or_beside_another_zero(self):
        assert flag_abnormally_low({"A": 0.0}, AbnormallyLowConfig())["A"].reasons == (ZERO_PRICE,)
        flags = flag_abnormally_low({"A": 0.0, "B": 0.0}, AbnormallyLowConfig())
        assert flags["A"].reasons == flags["B"].reasons == (ZERO_PRICE,)
        assert flags["A"].below_mean_of_others_pct is None and flags["A"].below_next_pct is None
        # nothing lies below a zero mean or a zero next price: no percentage, no division by zero
        flags = flag_abnormally_low({"A": 0.0, "B": 0.0, "C": 10.0}, AbnormallyLowConfig())
        assert flags["A"].reasons == (ZERO_PRICE, "100% below the mean of the other bids (trigger 40%)")
        assert flags["A"].below_next_pct is None and flags["C"].below_mean_of_others_pct is None
        assert not flags["C"].is_flagged

    def test_triggers_are_configurable(self):
        tender = make_simple_tender(abnormally_low={"below_mean_of_others_pct": None, "below_next_pct": None})
        result = evaluate(tender, [bid("A", 100), bid("B", 10)])
        assert not result.bid("B").abnormal.is_flagged and result.bid("B").abnormal.below_next_pct == 90


def test_one_bid():
    result = evaluate(make_simple_tender(), [bid("A", 123)])
    assert result.winner.bid_id == "A" and result.bid("A").total == pytest.approx(100)


def test_all_bids_ineligible():
    result = evaluate(make_simple_tender(), [bid("A", -1), bid("B", exclusion="withdrew")])
    assert result.winner is None and result.binding.order == () and result.price_range is None
    assert result.bid("B").criterion("PRICE").status == "not_scored"
    assert result.bid("B").criterion("PRICE").note == "no eligible bid to compare prices with"


def test_no_bids():
    result = evaluate(make_simple_tender(), [])
    assert result.bids == () and result.winner is None
