"""Weights held exactly: level percentages, shares of the total, effective weights and what the JSON shows."""

import json
from fractions import Fraction

import pytest
import yaml

from scoring import InvalidInput, evaluate, parse_tender
from scoring.criteria import effective_weights
from tests.scoring.builders import make_bid, simple_tender_dict


def problems_of(data):
    with pytest.raises(InvalidInput) as error:
        parse_tender(data)
    return [str(problem) for problem in error.value.problems]


def thirds_tender(**overrides) -> dict:
    """Price 70% of the total; a quality group 30% whose three yes/no criteria are 33.3, 33.3 and 33.4 of it."""
    data = simple_tender_dict(criteria=[
        {"code": "PRICE", "name": "Price", "type": "price", "weight": 70, "rule": {"kind": "price_proportional"}},
        {"code": "Q", "name": "Quality", "weight": 30, "children": [
            {"code": f"Q{i}", "name": f"Quality {i}", "weight": weight, "rule": {"kind": "yes_no"}}
            for i, weight in enumerate((33.3, 33.3, 33.4), start=1)]},
    ])
    data.update(overrides)
    return data


def shares_tender() -> dict:
    """Price 40% of the total; a resilience group 60% whose criteria are 10, 20 and 30% of the total."""
    return simple_tender_dict(criteria=[
        {"code": "PRICE", "name": "Price", "type": "price", "share_of_total": 40,
         "rule": {"kind": "price_proportional"}},
        {"code": "RES", "name": "Resilience", "share_of_total": 60, "children": [
            {"code": "R1", "name": "Refining", "share_of_total": 10, "rule": {"kind": "yes_no"}},
            {"code": "R2", "name": "Recycling", "share_of_total": 20, "rule": {"kind": "yes_no"}},
            {"code": "R3", "name": "Recycled content", "share_of_total": 30,
             "rule": {"kind": "linear", "better": "higher", "anchors": [[0, 0], [20, 100]]}},
        ]},
    ])


def test_effective_weights_are_the_exact_products_of_the_decimals_written():
    tender = parse_tender(thirds_tender())
    assert effective_weights(tender.criteria, "percent") == {
        "PRICE": 70, "Q": 30, "Q1": Fraction("9.99"), "Q2": Fraction("9.99"), "Q3": Fraction("10.02")}


def test_evaluation_json_shows_the_decimal_weights_without_float_noise():
    tender = parse_tender(thirds_tender())
    bids = [make_bid("a", 100_000, answers={"Q1": True, "Q2": True, "Q3": False}),
            make_bid("b", 125_000, answers={"Q1": False, "Q2": True, "Q3": True})]
    text = json.dumps(evaluate(tender, bids).to_dict())
    assert '"max_weighted": 9.99,' in text and '"max_weighted": 10.02,' in text
    assert "9.98999" not in text
    result = evaluate(tender, bids)
    assert round(result.bid("a").total, 2) == 89.98  # 70 + 9.99 + 9.99
    assert round(result.bid("b").total, 2) == 76.01  # 70 x 100,000 / 125,000 = 56; + 9.99 + 10.02


def test_to_dict_writes_whole_weights_as_integers_and_decimals_as_written():
    criteria = parse_tender(thirds_tender()).to_dict()["criteria"]
    assert criteria[0]["weight"] == 70 and type(criteria[0]["weight"]) is int
    assert [child["weight"] for child in criteria[1]["children"]] == [33.3, 33.3, 33.4]
    assert "weight: 70\n" in yaml.safe_dump(criteria[0])


def test_share_of_total_gives_exact_level_percentages():
    tender = parse_tender(shares_tender())
    price, resilience = tender.criteria
    assert (price.weight, resilience.weight) == (40, 60)
    assert [c.weight for c in resilience.children] == [Fraction(50, 3), Fraction(100, 3), 50]
    shares = effective_weights(tender.criteria, "percent")
    assert [shares[code] for code in ("PRICE", "RES", "R1", "R2", "R3")] == [40, 60, 10, 20, 30]


def test_share_of_total_under_a_group_given_as_weight_of_its_level():
    data = shares_tender()
    data["criteria"][0] = {**data["criteria"][0], "weight": 40}
    del data["criteria"][0]["share_of_total"]
    data["criteria"][1] = {**data["criteria"][1], "weight": 60}
    del data["criteria"][1]["share_of_total"]
    tender = parse_tender(data)
    assert [c.weight for c in tender.criteria[1].children] == [Fraction(50, 3), Fraction(100, 3), 50]


def test_share_of_total_round_trips_in_the_form_the_author_wrote():
    tender = parse_tender(shares_tender())
    data = tender.to_dict()
    assert [c.get("share_of_total") for c in data["criteria"][1]["children"]] == [10, 20, 30]
    assert all("weight" not in c for c in data["criteria"][1]["children"])
    assert data["criteria"][0]["share_of_total"] == 40
    assert parse_tender(data) == tender
    assert parse_tender(yaml.safe_load(yaml.safe_dump(data))) == tender


@pytest.mark.parametrize("mutate, expected", [
    (lambda d: d["criteria"][1]["children"][2].update(share_of_total=25),
     ["criteria[1].children: the shares of the total sum to 55, but the group's share is 60"]),
    (lambda d: d["criteria"][0].update(share_of_total=35),
     ["criteria: the shares of the total sum to 95, expected 100"]),
    (lambda d: d["criteria"][1]["children"][0].update(weight=10),
     ["criteria[1].children[0].share_of_total: give weight or share_of_total, not both"]),
    (lambda d: d["criteria"][1]["children"][1].update(weight=40, share_of_total=None),
     ["criteria[1].children[1].weight: the other criteria of this level give share_of_total; "
      "give every weight of a level in the same form"]),
    (lambda d: d["criteria"][1]["children"][0].update(share_of_total=-10),
     ["criteria[1].children[0].share_of_total: expected a share above 0, got -10"]),
    (lambda d: d["criteria"][1]["children"][0].update(share_of_total="a tenth"),
     ["criteria[1].children[0].share_of_total: expected a number, got 'a tenth'"]),
])
def test_bad_shares_of_the_total_are_placed(mutate, expected):
    data = shares_tender()
    mutate(data)
    for node in data["criteria"][1]["children"]:
        if node.get("share_of_total", 0) is None:
            del node["share_of_total"]
    assert problems_of(data) == expected


def test_share_of_total_does_not_apply_in_points_weighting():
    data = simple_tender_dict(weighting="points")
    for node, points in zip(data["criteria"], (60, 30, 10)):
        del node["weight"]
        node["max_points"] = points
    data["criteria"][1]["share_of_total"] = 30
    assert problems_of(data) == [
        "criteria[1].share_of_total: applies in percent weighting only; in points weighting each "
        "criterion's max_points already is its part of the total"]


def test_hand_computed_tender_weighted_by_shares_of_the_total():
    """By hand, the lowest price 90,000: price 40 x 90,000 / price; R1 10 if yes; R2 20 if yes;
    R3 30 x content / 20% (capped at 30).
    A (100,000, yes, no, 12%): 36 + 10 + 0 + 18 = 64.00
    B (120,000, no, yes, 20%): 30 + 0 + 20 + 30 = 80.00
    C (90,000, yes, yes, 5%): 40 + 10 + 20 + 7.5 = 77.50"""
    tender = parse_tender(shares_tender())
    bids = [make_bid("A", 100_000, answers={"R1": True, "R2": False, "R3": 12}),
            make_bid("B", 120_000, answers={"R1": False, "R2": True, "R3": 20}),
            make_bid("C", 90_000, answers={"R1": True, "R2": True, "R3": 5})]
    result = evaluate(tender, bids)
    assert {bid.bid_id: round(bid.total, 2) for bid in result.bids} == {"A": 64.0, "B": 80.0, "C": 77.5}
    assert result.bid("C").total == 77.5
    assert {row.code: row.max_weighted for row in result.bid("A").criteria} == {
        "PRICE": 40, "R1": 10, "R2": 20, "R3": 30}
