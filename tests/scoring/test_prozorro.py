"""ProZorro features (openprocurement): coef = 1 + sum(chosen) / (1 - sum(max)); lowest price / coef wins."""

import pytest

from scoring import evaluate, parse_tender
from scoring.rules.prozorro import coefficient
from tests.scoring.builders import make_bid, simple_tender_dict


def prozorro_tender(**overrides):
    data = simple_tender_dict(**overrides)
    data["criteria"] += [
        {"code": "F-EU", "name": "EU refining", "rule": {"kind": "prozorro_feature",
                                                         "options": {"none": 0, "part": 0.05, "all": 0.15}}},
        {"code": "F-RCY", "name": "Recycled feedstock", "rule": {"kind": "prozorro_feature",
                                                                 "options": {"no": 0, "yes": 0.1}}},
    ]
    return parse_tender(data)


def test_coefficient_hand_computed():
    # sum(max) = 0.15 + 0.1 = 0.25; chosen 0.05 + 0.1 = 0.15 -> 1 + 0.15 / 0.75 = 1.2
    assert coefficient([0.05, 0.1], [0.15, 0.1]) == pytest.approx(1.2)


def bids():
    common = {"EOL": True, "RCY": 20}
    return [
        make_bid("A", 100_000, answers={**common, "F-EU": "none", "F-RCY": "no"}),  # coef 1 -> 100,000
        make_bid("B", 110_000, answers={**common, "F-EU": "all", "F-RCY": "yes"}),  # 1 + 0.25/0.75 -> 82,500
        make_bid("C", 105_000, answers={**common, "F-EU": "part", "F-RCY": "no"}, minutes=1),  # 1 + 0.05/0.75
    ]


def test_informational_alongside_the_weighted_sum():
    result = evaluate(prozorro_tender(), bids())
    assert result.binding.method == "weighted_sum" and result.binding.order[0] == "A"
    prozorro = result.ranking("prozorro")
    assert not prozorro.is_binding and prozorro.order == ("B", "C", "A")
    b = result.bid("B").prozorro
    assert (b.coefficient, b.compared_price) == (pytest.approx(4 / 3), pytest.approx(82_500))
    # C: 105,000 / (1 + 0.05 / 0.75) = 105,000 / 1.0667 = 98,437.5
    assert result.bid("C").prozorro.compared_price == pytest.approx(98_437.5)


def test_binding_when_the_award_method_is_prozorro():
    result = evaluate(prozorro_tender(award_method="prozorro"), bids())
    assert result.binding.method == "prozorro" and result.winner.bid_id == "B"
    assert [result.bid(b).rank for b in "BCA"] == [1, 2, 3]
    assert not result.ranking("weighted_sum").is_binding


def test_ties_go_to_the_earlier_bid():
    same = {"EOL": True, "RCY": 20, "F-EU": "none", "F-RCY": "no"}
    result = evaluate(prozorro_tender(award_method="prozorro"), [make_bid("A", minutes=9, answers=same),
                                                                 make_bid("B", minutes=2, answers=same)])
    assert result.binding.order == ("B", "A")
    assert result.binding.tie_breaks[0].explanation.startswith("Bids A, B tied on a compared price of 100,000.")


def test_feature_criteria_can_carry_weight_in_the_weighted_sum():
    data = simple_tender_dict()
    data["criteria"][0]["weight"] = 50
    data["criteria"].append({"code": "F", "name": "Feature", "weight": 10,
                             "rule": {"kind": "prozorro_feature", "options": {"no": 0, "yes": 0.2}}})
    result = evaluate(parse_tender(data), [make_bid("A", answers={"EOL": True, "RCY": 20, "F": "yes"})])
    assert result.bid("A").criterion("F").weighted == pytest.approx(10)  # 0.2 of max 0.2
    assert result.bid("A").prozorro.coefficient == pytest.approx(1.25)  # 1 + 0.2 / 0.8
