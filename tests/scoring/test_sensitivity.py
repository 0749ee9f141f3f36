"""Sensitivity: exact weight thresholds (checked by re-evaluating), seeded Dirichlet draws, price formulas."""

import json
from pathlib import Path

import pytest

from app.records.evaluation import folder_bids
from scoring import InvalidInput, SensitivityReport, analyse_sensitivity, evaluate, parse_tender, reweight
from scoring.reweighting import rescaled
from tender_files.bids import read_bids
from tender_files.folder import load_folder
from tests.scoring.builders import consensus, dy, make_bid, make_simple_tender, make_tender, simple_tender_dict

EPSILON = 1e-3


@pytest.fixture
def close_race():
    # A: price 100 -> full price points, nothing else. B: price 125 -> 0.8 of the price points, all else full.
    # Price weight x, EOL and RCY rescaled: A = x, B = 0.8 x + (100 - x) -> equal at x = 100 / 1.2 = 83.33
    tender = make_simple_tender()
    bids = [make_bid("A", 100, answers={"EOL": False, "RCY": 0}), make_bid("B", 125, answers={"EOL": True, "RCY": 20})]
    return tender, bids, evaluate(tender, bids)


def test_exact_threshold_by_hand(close_race):
    tender, bids, result = close_race
    report = analyse_sensitivity(tender, result)
    price = next(w for w in report.weights if w.code == "PRICE")
    assert price.rises_above == pytest.approx(250 / 3) and price.rises_above_winner == "A"
    assert price.falls_below is None and price.smallest_change == pytest.approx(250 / 3 - 60)
    assert price.text == "The winner changes if the weight rises above 83.3% (Bidder A first)."
    eol = next(w for w in report.weights if w.code == "EOL")
    # B = 0.84 (100 - y) + y > A = 0.8 (100 - y) for every y: no threshold
    assert eol.smallest_change is None and eol.text == "None within the possible range."


def test_summary_and_price_formulas(close_race):
    tender, _, result = close_race
    report = analyse_sensitivity(tender, result)
    # two-sided linear gives B (the highest price) no price points: A wins under that one formula
    assert {f.kind: f.order[0] for f in report.price_formulas} == {
        "published": "B", "price_one_sided_linear": "B", "price_two_sided_linear": "A", "price_log": "B"}
    assert [f.is_published for f in report.price_formulas] == [True, False, False, False]
    assert report.summary == (
        "The winner (Bidder B) stays first unless the Price weight rises above 83.3% (now 60%); it ranks first in "
        f"{report.first_place[0].probability * 100:g}% of 10,000 random weightings and under 3 of 4 price formulas.")
    assert report.first_place[0].bid_id == "B" and report.first_place[0].probability > 0.99


def assert_thresholds_hold(tender, bids, report):
    """Just inside each threshold the winner stays; just beyond it the named bid is first."""
    winner = report.winner
    for weight in report.weights:
        for threshold, direction, new_winner in ((weight.falls_below, -1, weight.falls_below_winner),
                                                 (weight.rises_above, +1, weight.rises_above_winner)):
            if threshold is None or not EPSILON < threshold < 100 - EPSILON:
                continue
            inside = evaluate(reweight(tender, weight.code, threshold - direction * EPSILON), bids)
            beyond = evaluate(reweight(tender, weight.code, threshold + direction * EPSILON), bids)
            assert inside.ranking("weighted_sum").order[0] == winner, weight
            assert beyond.ranking("weighted_sum").order[0] == new_winner, weight


def test_thresholds_in_a_nested_tree_match_re_evaluation():
    bids = [
        make_bid("A", 100_000, answers={"RES-EOL": True, "RES-RCY": 10}, supply=dy(("CN", 100)),
                 judgements={"QUAL": consensus(4)}),
        make_bid("B", 90_000, answers={"RES-EOL": False, "RES-RCY": 12}, supply=dy(("EE", 45), ("CN", 55)),
                 judgements={"QUAL": consensus(3)}),
        make_bid("C", 120_000, answers={"RES-EOL": True, "RES-RCY": 18}, supply=dy(("CN", 70), ("MY", 30)),
                 judgements={"QUAL": consensus(5)}),
    ]
    tender = make_tender()
    report = analyse_sensitivity(tender, evaluate(tender, bids))
    assert {w.code for w in report.weights} == {"PRICE", "RES", "QUAL", "RES-DY-REF", "RES-EOL", "RES-RCY"}
    assert any(w.smallest_change is not None for w in report.weights)
    assert_thresholds_hold(tender, bids, report)


def test_thresholds_in_points_weighting():
    data = simple_tender_dict(weighting="points")
    for node, points in zip(data["criteria"], (50, 30, 20)):
        node["max_points"] = points
        del node["weight"]
    tender = parse_tender(data)
    bids = [make_bid("A", 100, answers={"EOL": False, "RCY": 5}), make_bid("B", 130, answers={"EOL": True, "RCY": 10})]
    report = analyse_sensitivity(tender, evaluate(tender, bids))
    assert [w.weight for w in report.weights] == pytest.approx([50, 30, 20])
    assert_thresholds_hold(tender, bids, report)


def test_draws_are_reproducible_and_seeded(close_race):
    tender, _, result = close_race
    first = analyse_sensitivity(tender, result, draws=500, seed=7, concentration=5)
    assert analyse_sensitivity(tender, result, draws=500, seed=7, concentration=5) == first
    assert sum(f.probability for f in first.first_place) == pytest.approx(1)
    assert {f.bid_id for f in first.first_place} == {"A", "B"}  # loose weights: A sometimes wins
    default = analyse_sensitivity(tender, result, draws=100)
    assert default.seed == analyse_sensitivity(tender, result, draws=100).seed  # derived from the reference


def test_report_survives_a_json_round_trip(close_race):
    tender, _, result = close_race
    report = analyse_sensitivity(tender, result, draws=200)
    assert SensitivityReport.from_dict(json.loads(json.dumps(report.to_dict()))) == report


def test_sensitivity_never_changes_the_binding_result(close_race):
    tender, bids, result = close_race
    analyse_sensitivity(tender, result, draws=100)
    assert evaluate(tender, bids) == result


def test_one_or_no_eligible_bid():
    tender = make_simple_tender()
    single = analyse_sensitivity(tender, evaluate(tender, [make_bid("A", answers={"EOL": True, "RCY": 1})]))
    assert single.summary == "Bidder A is the only eligible bid, so no weight or price formula can change the winner."
    none = analyse_sensitivity(tender, evaluate(tender, [make_bid("A", -1)]))
    assert none.winner is None and none.summary == "No bid is eligible, so there is no winner to test."


def test_invalid_arguments(close_race):
    tender, _, result = close_race
    with pytest.raises(InvalidInput) as error:
        analyse_sensitivity(tender, result, draws=0, concentration=-1)
    assert [str(p) for p in error.value.problems] == [
        "draws: expected a whole number from 1 to 10,000,000, got 0",
        "concentration: expected a number above 0, got -1"]


def test_reweight_rescales_siblings_proportionally():
    tender = reweight(make_tender(), "RES-EOL", 40)
    # siblings 50 and 30 share the remaining 60 in the ratio 5:3 -> 37.5 and 22.5
    assert [c.weight for c in tender.criteria[1].children] == pytest.approx([37.5, 40, 22.5])
    assert rescaled((50, 20, 30), 1, 40) == pytest.approx((37.5, 40, 22.5))
    with pytest.raises(InvalidInput):
        reweight(make_tender(), "NOPE", 10)


def test_identical_bids_have_no_threshold_and_share_nothing_by_chance():
    tender = make_simple_tender()
    same = {"EOL": True, "RCY": 10}
    result = evaluate(tender, [make_bid("A", answers=same), make_bid("B", minutes=1, answers=same)])
    report = analyse_sensitivity(tender, result, draws=300)
    assert all(w.smallest_change is None for w in report.weights)
    # equal totals under every weighting: the better-ranked bid (A, earlier) keeps first place
    assert [(f.bid_id, f.probability) for f in report.first_place] == [("A", 1.0)]


SAMPLES = sorted(path.parent for path in (Path(__file__).parents[2] / "sample_tenders").glob("*/tender.yaml"))


def evaluated_sample(folder):
    loaded = load_folder(folder)
    return loaded.tender, evaluate(loaded.tender, folder_bids(loaded, read_bids(loaded)))


def two_part_price_dict(main="price_proportional", spread=None):
    """Price 60 scored in parts: 45 against the other bids (`main`), 15 against a budget range fixed in
    advance (or, with `spread`, by a second relative formula)."""
    data = simple_tender_dict()
    budget = ({"kind": "price_preset_range", "pset_min": 80, "pset_max": 180} if spread is None
              else {"kind": spread})
    data["criteria"][0] = {"code": "PRICE", "name": "Price", "type": "price", "weight": 60, "children": [
        {"code": "PRICE-LOW", "name": "Against the lowest price", "type": "price", "weight": 75,
         "rule": {"kind": main}},
        {"code": "PRICE-BUD", "name": "Against the budget range", "type": "price", "weight": 25,
         "rule": budget}]}
    return data


def price_parts_bids():
    return [make_bid("A", 100, answers={"EOL": False, "RCY": 0}), make_bid("B", 125, answers={"EOL": True, "RCY": 20}),
            make_bid("C", 170, answers={"EOL": True, "RCY": 20})]


@pytest.mark.parametrize("folder", SAMPLES, ids=lambda folder: folder.name)
def test_the_published_row_is_the_binding_result_on_every_sample(folder):
    tender, result = evaluated_sample(folder)
    published = [f for f in analyse_sensitivity(tender, result, draws=50).price_formulas if f.is_published]
    binding = result.ranking("weighted_sum")
    assert len(published) == 1 and published[0].order == binding.order
    assert dict(zip(published[0].order, published[0].totals)) == {
        bid_id: result.bid(bid_id).total for bid_id in binding.order}


@pytest.mark.parametrize("formula", ["price_one_sided_linear", "price_two_sided_linear", "price_log"])
def test_an_alternative_rescores_the_relative_part_and_keeps_the_budget_range(formula):
    tender, bids = parse_tender(two_part_price_dict()), price_parts_bids()
    report = analyse_sensitivity(tender, evaluate(tender, bids), draws=50)
    row = next(f for f in report.price_formulas if f.kind == formula)
    # the same tender published with `formula` on the relative part, budget range unchanged, evaluated in full
    expected = evaluate(parse_tender(two_part_price_dict(main=formula)), bids)
    assert row.order == expected.ranking("weighted_sum").order
    assert list(row.totals) == pytest.approx([expected.bid(bid_id).total for bid_id in row.order])
    assert row.changes == ("Price > Against the lowest price. Kept as published: Price > Against the budget range "
                           "(a range fixed in advance, 80 to 180).")


def test_the_formula_already_published_is_not_offered_again_and_every_row_says_what_it_is():
    tender = parse_tender(two_part_price_dict())
    report = analyse_sensitivity(tender, evaluate(tender, price_parts_bids()), draws=50)
    assert [(f.kind, f.is_published) for f in report.price_formulas] == [
        ("published", True), ("price_one_sided_linear", False), ("price_two_sided_linear", False),
        ("price_log", False)]
    published = report.price_formulas[0]
    assert published.description == ("As published: Price > Against the lowest price by the proportional formula; "
                                      "Price > Against the budget range by a range fixed in advance, 80 to 180.")
    assert published.changes == "No change: this is the binding result."


def test_two_relative_parts_each_alternative_names_the_parts_it_changes():
    tender = parse_tender(two_part_price_dict(main="price_one_sided_linear", spread="price_two_sided_linear"))
    report = analyse_sensitivity(tender, evaluate(tender, price_parts_bids()), draws=50)
    changes = {f.kind: f.changes for f in report.price_formulas}
    assert changes == {
        "published": "No change: this is the binding result.",
        "price_proportional": "Price > Against the lowest price and Price > Against the budget range.",
        "price_one_sided_linear": "Price > Against the budget range.",
        "price_two_sided_linear": "Price > Against the lowest price.",
        "price_log": "Price > Against the lowest price and Price > Against the budget range."}


def test_a_price_scored_only_against_a_range_fixed_in_advance_has_no_alternative_formula():
    data = simple_tender_dict()
    data["criteria"][0]["rule"] = {"kind": "price_preset_range", "pset_min": 80, "pset_max": 180}
    tender = parse_tender(data)
    report = analyse_sensitivity(tender, evaluate(tender, price_parts_bids()), draws=50)
    assert report.price_formulas == ()
    assert report.price_note == ("Price is scored only against a range fixed in advance, which the other bids do "
                                 "not change, so no other price formula is compared.")
    assert "price formulas" not in report.summary
