"""Evaluation per lot and the award across lots (Directive 2014/24/EU Art. 46), with hand-computed figures.

The tender is builders.simple_tender_dict divided into lots: price 60 (proportional: 60 x Pmin / P), EU recycling
yes/no 25, recycled content 15 (linear, full at 20%). So price 100 with yes and 20% scores 100 when 100 is the
lot's lowest price.
"""

import json

import pytest

from scoring import evaluate
from scoring.lot_evaluation import LotsEvaluation, analyse_lot_sensitivity, evaluate_lots
from scoring.problems import InvalidInput
from tests.scoring.builders import make_bid, make_simple_tender, make_tender, many_bids

THREE_LOTS = [{"number": 1, "title": "Magnets"}, {"number": 2, "title": "Feedstock"},
              {"number": 3, "title": "Reserve"}]


def lot_tender(lots=THREE_LOTS, **rules):
    return make_simple_tender(lots=lots, lot_rules=rules or None)


def bid(name, price, eol=True, rcy=20, minutes=0, **fields):
    return make_bid(name, price, minutes, bidder=name, answers={"EOL": eol, "RCY": rcy}, **fields)


def totals(evaluation, number):
    return {result.bidder: round(result.total, 6) for result in evaluation.lot(number).bids}


def test_the_limit_on_lots_awarded_decides():
    # Lot 1: A 100; B 60 x 100/125 + 40 = 88. Lot 2: A 100; C 60 x 100/200 + 40 = 70. Lot 3: A 100; D 60 + 15 = 75.
    # At most one lot each: A in lot 1: 100 + 70 + 75 = 245; in lot 2: 88 + 100 + 75 = 263 (best);
    # in lot 3: 88 + 70 + 100 = 258.
    tender = lot_tender(max_lots_awarded_per_tenderer=1)
    evaluation = evaluate_lots(tender, {1: [bid("A", 100), bid("B", 125)], 2: [bid("A", 100), bid("C", 200)],
                                        3: [bid("A", 100), bid("D", 100, eol=False)]})
    assert totals(evaluation, 1) == {"A": 100, "B": 88}
    assert totals(evaluation, 2) == {"A": 100, "C": 70}
    assert totals(evaluation, 3) == {"A": 100, "D": 75}
    assert evaluation.award.winners() == {1: "B", 2: "A", 3: "D"}
    assert evaluation.award.total_score == pytest.approx(263)
    assert evaluation.award.tenderer("A").reason.startswith(
        "A ranks first in lots 1, 2 and 3; the limit of 1 lot per tenderer")


def test_a_tie_in_a_lot_is_settled_by_the_published_chain_and_decides_the_award():
    # Lot 1: A 60 + 0 + 15 = 75 and B 60 x 100/120 + 25 + 0 = 75: equal totals; the chain's first step,
    # quality, puts B (25) before A (15). Lot 2: A alone, 100. With at most one lot each, A wins lot 2, B lot 1.
    tender = lot_tender(THREE_LOTS[:2], max_lots_awarded_per_tenderer=1)
    evaluation = evaluate_lots(tender, {1: [bid("A", 100, eol=False), bid("B", 120, rcy=0)], 2: [bid("A", 100)]})
    lot_1 = evaluation.lot(1)
    assert [lot_1.bid(bid_id).bidder for bid_id in lot_1.binding.order] == ["B", "A"]
    assert lot_1.binding.tie_breaks[0].decided_by == ("quality",)
    assert evaluation.award.winners() == {1: "B", 2: "A"}


def test_equal_awards_are_settled_by_the_better_ranked_bid_in_the_lowest_numbered_lot():
    # A 100 in lots 1 and 2; B 85 in lot 1 (price 100, yes, 0%), C 85 in lot 2. At most one lot each:
    # A in lot 1: 100 + 85 = 185 = A in lot 2: 85 + 100. Lot 1, the lowest-numbered, goes to its better bid, A's.
    tender = lot_tender(THREE_LOTS[:2], max_lots_awarded_per_tenderer=1)
    evaluation = evaluate_lots(tender, {1: [bid("A", 100), bid("B", 100, rcy=0)],
                                        2: [bid("A", 100), bid("C", 100, rcy=0)]})
    assert evaluation.award.winners() == {1: "A", 2: "C"}
    assert "the published tie-break" in evaluation.award.explanation
    assert "gives lot 1 to A rather than giving it to B" in evaluation.award.explanation


def test_abnormally_low_prices_are_compared_within_each_lot():
    # Lot 1: A 100 against B 160 and C 180: mean of the others 170, 100 is 41.176470588% below it (trigger 40%)
    # and 37.5% below the next price, 160 (trigger 30%): flagged. Lot 2: A 100 against 110 and 120: 13.043478261%
    # below their mean 115 and 9.090909091% below 110: not flagged, although pooled with lot 1 it would be.
    tender = lot_tender(THREE_LOTS[:2])
    evaluation = evaluate_lots(tender, {1: [bid("A", 100), bid("B", 160), bid("C", 180)],
                                        2: [bid("A", 100), bid("B", 110), bid("C", 120)]})
    lot_1, lot_2 = evaluation.lot(1).bid("A").abnormal, evaluation.lot(2).bid("A").abnormal
    assert lot_1.is_flagged and lot_1.below_mean_of_others_pct == 41.176470588 and lot_1.below_next_pct == 37.5
    assert not lot_2.is_flagged
    assert (lot_2.below_mean_of_others_pct, lot_2.below_next_pct) == (13.043478261, 9.090909091)
    assert evaluation.lot(1).awaiting_decision == ("A",) and evaluation.lot(2).awaiting_decision == ()


def test_an_exclusion_concerning_the_tenderer_excludes_it_from_every_lot():
    tender = lot_tender(THREE_LOTS[:2])
    evaluation = evaluate_lots(tender, {
        1: [bid("A", 100, exclusion="final conviction for fraud", exclusion_concerns_tenderer=True),
            bid("B", 110, exclusion="the lot 1 offer lacks the signed declaration"), bid("C", 120)],
        2: [bid("A", 100), bid("B", 110), bid("C", 120)]})
    lot_2 = evaluation.lot(2)
    assert not lot_2.bid("A").is_eligible
    assert lot_2.bid("A").reasons == ("Excluded by the officer: final conviction for fraud (grounds concerning the "
                                      "tenderer, recorded in lot 1: excluded from every lot)",)
    assert lot_2.bid("B").is_eligible  # B's exclusion concerns its lot 1 offer only
    assert evaluation.award.winners() == {1: "C", 2: "B"}


def test_an_excluded_controlling_country_excludes_the_tenderer_from_every_lot_it_bids_for():
    tender = make_simple_tender(lots=THREE_LOTS[:2], eligibility={"excluded_control_countries": ["CN"]})
    evaluation = evaluate_lots(tender, {1: [bid("A", 100, control_country="CN"), bid("B", 110)],
                                        2: [bid("A", 100, control_country="CN"), bid("B", 120)]})
    assert [evaluation.lot(n).bid("A").is_eligible for n in (1, 2)] == [False, False]
    assert evaluation.award.winners() == {1: "B", 2: "B"}
    with pytest.raises(InvalidInput) as error:
        evaluate_lots(tender, {1: [bid("A", 100, control_country="CN")], 2: [bid("A", 100, control_country="DE")]})
    assert str(error.value) == ("lots: A: the bids name different controlling countries (CN in lot 1; DE in lot 2); "
                                "a tenderer has one ultimate controlling entity")


def test_bidding_for_more_lots_than_allowed_is_a_placed_problem_until_the_officer_excludes_one():
    tender = lot_tender(max_lots_bid_per_tenderer=2)
    bids = {1: [bid("A", 100)], 2: [bid("A", 100)], 3: [bid("A", 100), bid("B", 100)]}
    with pytest.raises(InvalidInput) as error:
        evaluate_lots(tender, bids)
    assert str(error.value) == ("lots: A: bids for 3 lots (lots 1, 2 and 3); the tender allows bids for at most 2 "
                                "lots per tenderer")
    bids[3] = [bid("A", 100, exclusion="the third bid exceeds the published limit"), bid("B", 100)]
    assert evaluate_lots(tender, bids).award.winners() == {1: "A", 2: "A", 3: "B"}


def test_a_problem_in_a_lots_bids_is_placed_in_that_lot():
    tender = lot_tender(THREE_LOTS[:2])
    with pytest.raises(InvalidInput) as error:
        evaluate_lots(tender, {1: [bid("A", 100)], 2: [bid("A", 100, rcy="lots")], 7: []})
    assert [p.place for p in error.value.problems] == ["lot 7"]
    with pytest.raises(InvalidInput) as error:
        evaluate_lots(tender, {1: [bid("A", 100)], 2: [bid("A", 100, rcy="lots")]})
    assert all(p.place.startswith("lot 2: ") for p in error.value.problems) and error.value.problems


def test_a_tender_without_lots_is_one_lot_evaluated_exactly_as_before():
    tender = make_tender()
    bids = many_bids(12, seed=5)
    evaluation = evaluate_lots(tender, {1: bids})
    assert evaluation.lot(1) == evaluate(tender, bids)
    assert evaluation.lots[0].title == tender.title
    assert evaluation.award.winners() == {1: evaluate(tender, bids).winner.bidder}


def test_sensitivity_and_the_round_trip_per_lot():
    tender = lot_tender(THREE_LOTS[:2])
    evaluation = evaluate_lots(tender, {1: [bid("A", 100), bid("B", 125)], 2: [bid("A", 100), bid("C", 90)]})
    reports = analyse_lot_sensitivity(tender, evaluation, draws=200)
    assert reports[1].winner == "A" and reports[2].winner == "C"
    assert LotsEvaluation.from_dict(json.loads(json.dumps(evaluation.to_dict()))) == evaluation
