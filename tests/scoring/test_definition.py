"""Tender definitions: parsing, validation with placed messages, round trip, eForms fields."""

import pytest
import yaml

from scoring import InvalidInput, eforms_fields, parse_tender, validate_tree
from tests.scoring.builders import make_tender, simple_tender_dict, tender_dict


def problems_of(data):
    with pytest.raises(InvalidInput) as error:
        parse_tender(data)
    return [str(problem) for problem in error.value.problems]


def test_to_dict_gives_back_an_equal_tender_also_through_yaml():
    tender = make_tender(partner_group=["NO", "CA"], eligibility={"excluded_control_countries": ["CN"]},
                         abnormally_low={"below_mean_of_others_pct": 35, "below_next_pct": None})
    data = tender.to_dict()
    assert parse_tender(data) == tender
    assert parse_tender(yaml.safe_load(yaml.safe_dump(data))) == tender
    assert data["criteria"][1]["children"][0]["source"] == {
        "metric": "largest_third_country_share", "stage": "processing", "material": "Dy"}  # defaults left out


def test_defaults_are_filled_in():
    tender = parse_tender(simple_tender_dict())
    assert (tender.currency, tender.weighting, tender.award_method) == ("EUR", "percent", "weighted_sum")
    assert tender.tie_break == ("quality", "price", "submitted_at", "lots")
    # ProZorro's triggers (openprocurement awarding.py) are the defaults
    assert (tender.abnormally_low.below_mean_of_others_pct, tender.abnormally_low.below_next_pct) == (40, 30)


def test_weight_missing_is_placed_at_the_criterion_path():
    data = tender_dict()
    del data["criteria"][1]["children"][0]["weight"]
    assert problems_of(data) == [
        "Supply resilience: weights sum to 50, expected 100",
        "Supply resilience > Dy refining concentration: weight missing"]


def test_every_problem_is_reported_at_once():
    data = tender_dict(currency="euro", tie_break=["lots", "price"], award_method="cheapest")
    data["criteria"][0]["weight"] = 30  # top level now sums to 90
    data["criteria"][1]["children"][0]["rule"]["anchors"] = [[50, 100]]
    data["criteria"][1]["children"][1]["rule"]["points_yes"] = "all"
    data["criteria"][2]["min_score"] = 50  # a leaf cannot carry a gate
    data["criteria"].append({"code": "QUAL", "name": "Duplicate", "weight": 0, "rule": {"kind": "yes_no"},
                             "colour": "red"})
    assert problems_of(data) == [
        "currency: expected a three-letter ISO 4217 code, got 'euro'",
        "tie_break: drawing lots settles every tie, so it comes last",
        "award_method: expected one of weighted_sum, prozorro, got 'cheapest'",
        "criteria[1].children[0].rule.anchors: expected two [value, points] pairs",
        "criteria[1].children[1].rule.points_yes: expected a number, got 'all'",
        "criteria[3].colour: unknown field",
        "Quality plan: min_score is for groups",
        "Duplicate: code 'QUAL' is used twice",
        "Duplicate: weight missing",
        "criteria: weights sum to 90, expected 100",
    ]


@pytest.mark.parametrize("mutate, expected", [
    (lambda d: d["criteria"][1]["children"].append({"code": "X", "name": "Nothing"}),
     ["Supply resilience > Nothing: needs a rule or children"]),
    (lambda d: d["criteria"][0].update(type="quality"),
     ["Price: price_proportional scores the price: give the criterion type price or cost"]),
    (lambda d: d["criteria"][1].update(min_score=50, children=[
        {"code": "P2", "name": "Price again", "type": "price", "weight": 100, "rule": {"kind": "price_log"}}]),
     ["Supply resilience: min_score gate over Price again, whose points depend on the other bids: "
      "gate only criteria scored on their own"]),
    (lambda d: d["criteria"][1]["children"].append(
        {"code": "G", "name": "Conflict minerals policy", "weight": 5, "rule": {"kind": "pass_fail"}}),
     ["Supply resilience: weights sum to 105, expected 100",
      "Supply resilience > Conflict minerals policy: a pass/fail gate carries no weight"]),
    (lambda d: d["criteria"][2].update(source={"metric": "hhi", "stage": "processing"}),
     ["Quality plan: a source needs a numeric rule (linear, bands or threshold), not judgement"]),
    (lambda d: d["criteria"][1]["children"][0]["source"].update(material="Co", stage="refining"),
     ["criteria[1].children[0].source.stage: expected one of extraction, processing, manufacturing, "
      "got 'refining'", "criteria[1].children[0].source.material: 'Co' is not in the bill_of_materials"]),
    (lambda d: d.update(bill_of_materials={"Unobtainium": 1}),
     ["bill_of_materials.Unobtainium: 'Unobtainium' is not a material code of the reference data",
      "criteria[1].children[0].source.material: 'Dy' is not in the bill_of_materials"]),
    (lambda d: d.update(eligibility={"excluded_control_countries": ["CN", "XX"]}),
     ["eligibility.excluded_control_countries: 'XX' is not an ISO 3166-1 alpha-2 code such as DE"]),
    (lambda d: d.update(criteria=[]), ["criteria: expected a non-empty list of criteria"]),
    (lambda d: d.update(reference=None, sponsor="x"), ["reference: missing", "sponsor: unknown field"]),
])
def test_invalid_definitions(mutate, expected):
    data = tender_dict()
    mutate(data)
    assert problems_of(data) == expected


def test_a_weight_that_cannot_be_read_is_not_also_missing_or_summed():
    data = tender_dict()
    data["criteria"][1]["children"][0]["weight"] = "half"
    data["criteria"][1]["children"][1]["rule"] = {"kind": "yes_no", "points_yes": 300}
    assert problems_of(data) == [
        "criteria[1].children[0].weight: expected a number, got 'half'",
        "criteria[1].children[1].rule.points_yes: 300 is outside the allowed range 0 to 100"]


def test_points_mode():
    data = simple_tender_dict(weighting="points")
    for node, points in zip(data["criteria"], (60, 30, 10)):
        node["max_points"] = points
        del node["weight"]
    tender = parse_tender(data)
    assert [c.max_points for c in tender.criteria] == [60, 30, 10]
    data["criteria"][1]["weight"] = 30
    del data["criteria"][2]["max_points"]
    assert problems_of(data) == ["EU recycling: weight does not apply in points weighting; use max_points",
                                 "Recycled content: max points missing"]


def test_validate_tree_on_criteria_built_in_python():
    tender = make_tender()
    assert validate_tree(tender.criteria, "percent") == []
    assert [str(p) for p in validate_tree(tender.criteria, "points")][:2] == [
        "Price: weight does not apply in points weighting; use max_points", "Price: max points missing"]


def test_prozorro_features_sum_of_maxima_at_most_030():
    data = simple_tender_dict()
    data["criteria"] += [
        {"code": f"F{i}", "name": f"Feature {i}",
         "rule": {"kind": "prozorro_feature", "options": {"no": 0, "yes": 0.2}}}
        for i in range(2)]
    assert problems_of(data) == ["criteria: the ProZorro features' maximum values sum to 0.4; at most 0.3 is allowed"]
    data["criteria"][3]["rule"]["options"]["yes"] = 0.35
    assert problems_of(data) == ["criteria[3].rule.options.yes: 0.35 is outside the allowed range 0 to 0.3"]


def test_eforms_fields():
    data = tender_dict()
    data["criteria"][1]["min_score"] = 40
    fields = {f["code"]: f for f in eforms_fields(parse_tender(data))}
    assert fields["RES"]["numbers"] == [{"BT-541": 45, "BT-5421": "per-exa"},
                                        {"BT-541": 40, "BT-5423": "min-score"}]
    assert fields["RES-EOL"]["BT-539"] == "quality" and fields["RES-EOL"]["effective_weight"] == pytest.approx(9)
    assert fields["PRICE"]["BT-540"].startswith("The lowest price gets full points")
    points = simple_tender_dict(weighting="points")
    for node, value in zip(points["criteria"], (60, 30, 10)):
        node["max_points"] = node.pop("weight") and value
    assert eforms_fields(parse_tender(points))[0]["numbers"] == [{"BT-541": 60, "BT-5421": "poi-exa"}]
