"""A metric criterion's published handling: aggregation over materials and undeclared materials, from
tender.yaml to the points, the rule text and the bidder's self-assessment."""

import pytest
import yaml

from scoring import InvalidInput, evaluate, parse_tender, self_assess
from scoring.resilience import SupplyLine
from scoring.result import INCOMPLETE, MISSING, SCORED
from tests.scoring.builders import make_bid, tender_dict

HHI_RULE = {"kind": "linear", "better": "lower", "anchors": [[2500, 100], [10000, 20]]}  # minimum: 20 points


def hhi_tender(**source):
    """The magnet tender (Nd 0.62, Pr 0.2, Dy 0.05, Tb 0.01 kg) with its Dy criterion replaced by a whole-product
    refining HHI."""
    data = tender_dict()
    data["criteria"][1]["children"][0].update(
        name="Refining concentration", source={"metric": "hhi", "stage": "processing", **source}, rule=HHI_RULE)
    return parse_tender(data)


def refining(**shares_by_material):
    """Supply lines at refining: {material: {country: share}}."""
    return [SupplyLine(material, "processing", country, share)
            for material, shares in shares_by_material.items() for country, share in shares.items()]


ALL_SINGLE_SOURCE = refining(Nd={"CN": 100}, Pr={"MY": 100}, Dy={"VN": 100}, Tb={"EE": 100})


def hhi_result(tender, supply):
    bid = make_bid("a", supply=supply, answers={"RES-EOL": True, "RES-RCY": 10})
    return evaluate(tender, [bid]).bid("a").criterion("RES-DY-REF")


def test_the_default_is_the_mass_weighted_mean_of_each_material_s_concentration():
    tender = hhi_tender()
    assert tender.criteria[1].children[0].source.aggregate == "mean"
    result = hhi_result(tender, ALL_SINGLE_SOURCE)
    assert result.status == SCORED and result.value == pytest.approx(10000.0)  # every material single-sourced
    assert result.points == pytest.approx(20.0)


def test_pooled_is_an_explicit_choice():
    result = hhi_result(hhi_tender(aggregate="pooled"), ALL_SINGLE_SOURCE)
    # pooled over 0.88 kg: CN 0.62, MY 0.2, VN 0.05, EE 0.01 -> percent 70.45, 22.73, 5.68, 1.14
    expected = sum((100 * mass / 0.88) ** 2 for mass in (0.62, 0.2, 0.05, 0.01))
    assert result.value == pytest.approx(expected)
    assert result.value < 6000


def test_worst_material():
    supply = refining(Nd={"CN": 50, "AU": 50}, Pr={"CN": 50, "AU": 50}, Dy={"CN": 50, "AU": 50}, Tb={"CN": 100})
    assert hhi_result(hhi_tender(aggregate="worst"), supply).value == 10000.0  # Tb
    assert hhi_result(hhi_tender(), supply).value == pytest.approx((0.87 * 5000 + 0.01 * 10000) / 0.88)


def test_an_undeclared_material_scores_the_minimum_and_is_shown_incomplete():
    supply = refining(Nd={"EE": 50, "FR": 50}, Pr={"EE": 50, "FR": 50}, Dy={"EE": 50, "FR": 50})  # no Tb
    result = hhi_result(hhi_tender(), supply)
    assert result.status == INCOMPLETE
    assert result.points == 20.0  # the rule's minimum; the declared materials alone (HHI 5,000) would score 73.3
    assert "Terbium is not declared at the processing stage" in result.note
    assert "98.86% of the bill of materials' mass declared" in result.note  # 0.87 / 0.88


def test_the_world_baseline_handling_fills_the_undeclared_material():
    supply = refining(Nd={"EE": 50, "FR": 50}, Pr={"EE": 50, "FR": 50}, Dy={"EE": 50, "FR": 50})  # no Tb
    result = hhi_result(hhi_tender(undeclared="world_baseline"), supply)
    # Tb refining: heavy REE, CN 100% (European Commission CRM study 2023): HHI 10,000
    value = (0.87 * 5000 + 0.01 * 10000) / 0.88
    assert result.status == INCOMPLETE and result.value == pytest.approx(value)
    # linear from (2,500, 100) to (10,000, 20)
    assert result.points == pytest.approx(100 - 80 * (value - 2500) / 7500)


def test_a_blank_declaration_stays_missing():
    assert hhi_result(hhi_tender(), []).status == MISSING


def test_the_self_assessment_names_the_missing_material_and_stage():
    supply = refining(Nd={"EE": 100}, Pr={"EE": 100}, Dy={"EE": 100})
    bid = make_bid("a", supply=supply, answers={"RES-EOL": True, "RES-RCY": 10})
    assessed = next(c for c in self_assess(hhi_tender(), bid).criteria if c.code == "RES-DY-REF")
    assert assessed.status == INCOMPLETE and assessed.points == 20.0
    assert "Terbium" in assessed.note and "processing stage" in assessed.note


def test_the_handling_round_trips_and_is_in_the_rule_text():
    tender = hhi_tender(aggregate="worst", undeclared="world_baseline")
    data = tender.to_dict()
    assert data["criteria"][1]["children"][0]["source"] == {
        "metric": "hhi", "stage": "processing", "material": None, "aggregate": "worst",
        "undeclared": "world_baseline"}
    assert parse_tender(yaml.safe_load(yaml.safe_dump(data))) == tender
    source = tender.criteria[1].children[0].source
    assert source.handling_text() == (
        "Measured per material; the material with the least favourable value counts. A material left "
        "undeclared at this stage counts at its world supply mix (USGS Mineral Commodity Summaries 2025; "
        "European Commission, Study on the Critical Raw Materials for the EU 2023; IEA for battery-grade "
        "graphite); where there is no world "
        "figure, this criterion scores its minimum.")
    assert hhi_tender().criteria[1].children[0].source.handling_text() == (
        "Measured per material, then the mass-weighted mean over the bill of materials. A material left "
        "undeclared at this stage scores this criterion at its minimum.")


@pytest.mark.parametrize("source, expected", [
    ({"aggregate": "median"}, ["criteria[1].children[0].source.aggregate: expected one of mean, worst, pooled, "
                               "got 'median'"]),
    ({"undeclared": "zero"}, ["criteria[1].children[0].source.undeclared: expected one of minimum, "
                              "world_baseline, got 'zero'"]),
    ({"material": "Dy", "aggregate": "worst"},
     ["criteria[1].children[0].source.aggregate: applies to a whole-product metric only (no material)"]),
    ({"aggregate": "pooled", "undeclared": "world_baseline"},
     ["criteria[1].children[0].source.undeclared: the world baseline gives each material's concentration, "
      "which cannot be pooled: use aggregate mean or worst"]),
])
def test_bad_handling_is_placed(source, expected):
    data = tender_dict()
    data["criteria"][1]["children"][0].update(source={"metric": "hhi", "stage": "processing", **source},
                                              rule=HHI_RULE)
    with pytest.raises(InvalidInput) as error:
        parse_tender(data)
    assert [str(problem) for problem in error.value.problems] == expected


def test_a_resolution_does_not_override_the_published_handling_and_says_so():
    from scoring.bids import Resolution
    supply = refining(Nd={"EE": 100}, Pr={"EE": 100}, Dy={"EE": 100})  # no Tb
    bid = make_bid("a", supply=supply, answers={"RES-EOL": True, "RES-RCY": 10},
                   resolutions={"RES-DY-REF": Resolution("minimum", "no Tb declared")})
    result = evaluate(hhi_tender(), [bid])
    assert result.bid("a").criterion("RES-DY-REF").points == 20.0
    assert [str(problem) for problem in result.problems] == [
        "bids[a].resolutions.RES-DY-REF: ignored: the tender's published handling of undeclared materials scores "
        "this criterion"]
