"""Self-assessment of one bid before other bids exist (the bidder portal)."""

import dataclasses
import json

import pytest

from scoring import InvalidInput, SelfAssessment, parse_tender, self_assess
from tests.scoring.builders import dy, make_bid, tender_dict


@pytest.fixture
def assessment():
    bid = make_bid("A", 100_000, answers={"RES-EOL": False, "RES-RCY": 5}, supply=dy(("CN", 100)))
    return self_assess(parse_tender(tender_dict()), bid)


def by_code(assessment, code):
    return next(c for c in assessment.criteria if c.code == code)


def test_relative_price_depends_on_the_other_bids(assessment):
    price = by_code(assessment, "PRICE")
    assert (price.status, price.points, price.weighted) == ("depends_on_other_bids", None, None)
    assert price.note == "Depends on the other bids: scored at the evaluation."
    assert price.rule_text.startswith("The lowest price gets full points")


def test_judgement_is_scored_by_the_committee(assessment):
    qual = by_code(assessment, "QUAL")
    assert (qual.status, qual.points, qual.note) == ("scored_by_committee", None, "Scored by the evaluation committee.")


def test_metric_hint_computed_from_the_rule(assessment):
    dy_refining = by_code(assessment, "RES-DY-REF")
    # 100% from one third country scores 0; 50% or less gives the full 45 x 50% = 22.5 weighted points
    assert (dy_refining.points, dy_refining.weighted) == (0, 0)
    assert dy_refining.hint == "refining of Dy: 100% from one third country; 50% or less would give 22.5 more points"
    assert dy_refining.hint_gain == pytest.approx(22.5)


def test_answer_hints(assessment):
    recycled = by_code(assessment, "RES-RCY")
    # 5 of 20 -> 25% of 13.5 = 3.375; 20 or more would add 13.5 - 3.375 = 10.125
    assert recycled.weighted == pytest.approx(3.375)
    assert recycled.hint == "Recycled content: 5; 20 or more would give 10.1 more points"
    assert by_code(assessment, "RES-EOL").hint == ("End-of-life recycling in the EU: no; answering yes would give "
                                                   "9 more points")


def test_totals(assessment):
    # auto-scored: Dy 0 + EOL 0 + recycled 3.375 out of 22.5 + 9 + 13.5 = 45; open: price 40 + quality 15
    assert (assessment.scored_total, assessment.scored_max, assessment.open_max) == pytest.approx((3.375, 45, 55))
    assert assessment.warnings == ()


def test_preset_price_is_scored_alone():
    data = tender_dict()
    data["criteria"][0]["rule"] = {"kind": "price_preset_range", "pset_min": 80_000, "pset_max": 120_000}
    bid = make_bid("A", 110_000, answers={"RES-EOL": True, "RES-RCY": 20}, supply=dy(("FR", 100)))
    price = by_code(self_assess(parse_tender(data), bid), "PRICE")
    assert (price.status, price.points, price.weighted) == ("scored", pytest.approx(25), pytest.approx(10))


def test_warnings_and_missing_answers():
    data = tender_dict(eligibility={"excluded_control_countries": ["CN"]})
    data["criteria"][1]["children"].append({"code": "COI", "name": "Conflict-minerals policy",
                                            "rule": {"kind": "pass_fail"}})
    bid = make_bid("A", 0, control_country="CN", answers={"COI": False}, supply=dy(("FR", 100)))
    result = self_assess(parse_tender(data), bid)
    assert result.warnings == (
        "Ultimate controlling entity in China (CN), which this tender excludes",
        "Failed the pass/fail criterion Supply resilience > Conflict-minerals policy",
        "Flagged as abnormally low at the evaluation: a price of zero, which may not be rejected on that ground "
        "alone (Court of Justice, Case C-367/19 Tax-Audit, 10 September 2020): the buyer must ask for an explanation "
        "under Art. 69 of Directive 2014/24/EU and decide")
    assert by_code(result, "RES-EOL").status == "missing"
    negative = self_assess(parse_tender(data), dataclasses.replace(bid, price=-5))
    assert "Invalid price: negative (-5); a price must be a number, zero or more" in negative.warnings


def test_bad_data_and_json(assessment):
    with pytest.raises(InvalidInput):
        self_assess(parse_tender(tender_dict()), make_bid("A", answers={"RES-RCY": "lots"}))
    assert SelfAssessment.from_dict(json.loads(json.dumps(assessment.to_dict()))) == assessment


@pytest.mark.parametrize("price", [None, -5, float("nan")])
def test_an_invalid_price_on_a_rule_scored_alone_is_not_scored_and_warned(price):
    data = tender_dict()
    data["criteria"][0]["rule"] = {"kind": "price_preset_range", "pset_min": 80_000, "pset_max": 120_000}
    result = self_assess(parse_tender(data), make_bid("A", price, answers={"RES-EOL": True, "RES-RCY": 20},
                                                      supply=dy(("FR", 100))))
    criterion = by_code(result, "PRICE")
    assert (criterion.status, criterion.points, criterion.weighted) == ("invalid", None, None)
    assert criterion.note == "Not a valid price: not scored, and the bid is ineligible until it is corrected."
    # auto-scored: Dy 22.5 + EOL 9 + recycled 13.5 of 45; open: the price's 40 and the committee's 15
    assert (result.scored_total, result.scored_max, result.open_max) == pytest.approx((45, 45, 55))
    assert result.warnings[0].startswith("Invalid price: ")


def test_each_lot_bid_for_is_assessed_on_its_own_view_and_problems_name_their_lot():
    from scoring.lot_definition import Lot
    from scoring.self_assessment import self_assess_lots

    tender = parse_tender(tender_dict())
    lots = dataclasses.replace(tender, lots=(Lot(1, "Magnets"), Lot(2, "Dy reserve", bill_of_materials={"Dy": 1})))
    first = make_bid("A-lot1", 100_000, answers={"RES-EOL": True}, supply=dy(("CN", 100)))
    second = make_bid("A-lot2", 20_000, answers={"RES-EOL": False}, supply=dy(("EE", 100)))
    assessed = self_assess_lots(lots, {2: second, 1: first})
    assert list(assessed) == [1, 2]
    assert assessed[2] == self_assess(lots.lot_view(2), second) != self_assess(lots.lot_view(2), first)
    assert self_assess_lots(tender, {1: first}) == {1: self_assess(tender, first)}
    with pytest.raises(InvalidInput) as caught:
        self_assess_lots(lots, {1: first, 2: dataclasses.replace(second, supply=dy(("EE", 60)))})
    assert caught.value.problems and all(str(problem).count("lot 2: ") == 1 for problem in caught.value.problems)
