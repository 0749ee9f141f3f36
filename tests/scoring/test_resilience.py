"""Resilience metrics on hand-computed examples (arithmetic in the comments), flags and serialisation."""

import dataclasses
import inspect
import json

import pytest

from scoring.problems import InvalidInput
from scoring.resilience import (
    METRICS,
    STAGES,
    Metrics,
    ResilienceProfile,
    SupplyLine,
    compute_profile,
)

BOM = {"Nd": 0.6, "Dy": 0.4, "Pr": 1.0}  # kg per unit


def line(material, stage, country, share, recycled=0.0):
    return SupplyLine(material, stage, country, share, recycled)


@pytest.fixture
def magnet_profile():
    """Nd and Dy declared at processing, Nd also at extraction; Pr declared nowhere."""
    return compute_profile(
        [
            line("Nd", "processing", "CN", 80),
            line("Nd", "processing", "EE", 20, recycled=50),
            line("Dy", "processing", "CN", 100),
            line("Nd", "extraction", "AU", 60),
            line("Nd", "extraction", "US", 40),
        ],
        BOM,
    )


def test_metrics_for_one_material_and_stage(magnet_profile):
    nd = magnet_profile.metrics("processing", "Nd")
    assert nd.shares == (("CN", 80.0), ("EE", 20.0))
    assert nd.largest_third_country == "CN"
    assert nd.largest_third_country_share == 80.0  # EE is EU-27, CN is not
    assert nd.hhi == 6800.0  # 80^2 + 20^2 = 6400 + 400
    assert nd.eu_share == 20.0  # EE
    assert nd.partner_share == 0.0  # neither CN nor EE is a partner
    assert nd.recycled_share == 10.0  # (80 x 0 + 20 x 50) / 100


def test_partner_share_uses_the_default_group_or_the_tender_s(magnet_profile):
    assert magnet_profile.value("partner_share", "extraction", "Nd") == 60.0  # AU is a strategic partner, US is not
    assert magnet_profile.value("hhi", "extraction", "Nd") == 5200.0  # 60^2 + 40^2 = 3600 + 1600
    custom = compute_profile([line("Nd", "extraction", "AU", 60), line("Nd", "extraction", "US", 40)], BOM, ["US"])
    assert custom.value("partner_share", "extraction", "Nd") == 40.0
    assert custom.partner_group == {"US"}


def test_whole_product_aggregate_is_mass_weighted_over_covered_materials(magnet_profile):
    processing = magnet_profile.stages["processing"]
    assert processing.covered == ("Nd", "Dy")  # Pr not declared at processing: left out of the weighting
    assert processing.covered_mass_share == pytest.approx(50.0)  # (0.6 + 0.4) / (0.6 + 0.4 + 1.0)
    whole = magnet_profile.metrics("processing")
    # CN: (0.6 x 80 + 0.4 x 100) / (0.6 + 0.4) = (48 + 40) / 1 = 88;  EE: 0.6 x 20 / 1 = 12
    assert dict(whole.shares) == pytest.approx({"CN": 88.0, "EE": 12.0})
    assert whole.largest_third_country_share == pytest.approx(88.0)
    assert whole.hhi == pytest.approx(7888.0)  # 88^2 + 12^2 = 7744 + 144
    assert whole.eu_share == pytest.approx(12.0)
    assert whole.recycled_share == pytest.approx(6.0)  # (0.6 x 10 + 0.4 x 0) / 1
    extraction = magnet_profile.stages["extraction"]
    assert extraction.covered == ("Nd",)
    assert extraction.covered_mass_share == pytest.approx(30.0)  # 0.6 / 2.0
    assert magnet_profile.value("hhi", "extraction") == 5200.0  # only Nd: same as Nd's


def test_value_is_none_where_nothing_is_declared(magnet_profile):
    assert magnet_profile.value("hhi", "manufacturing") is None
    assert magnet_profile.value("hhi", "manufacturing", "Nd") is None
    assert magnet_profile.value("eu_share", "processing", "Pr") is None  # in the BOM, not declared
    assert magnet_profile.value("eu_share", "processing", "Li") is None  # not in the BOM
    assert magnet_profile.stages["manufacturing"].covered == ()
    assert magnet_profile.stages["manufacturing"].covered_mass_share == 0.0


@pytest.mark.parametrize(("metric", "stage"), [("hhi", "refining"), ("herfindahl", "processing"), (None, None)])
def test_value_rejects_unknown_metric_or_stage(magnet_profile, metric, stage):
    with pytest.raises(InvalidInput) as caught:
        magnet_profile.value(metric, stage, "Nd")
    assert caught.value.problems[0].place in ("metric", "stage")


def test_same_country_on_several_lines_is_merged_before_hhi():
    profile = compute_profile(
        [line("Nd", "processing", "CN", 50), line("Nd", "processing", "DE", 20), line("Nd", "processing", "CN", 30)],
        BOM,
    )
    nd = profile.metrics("processing", "Nd")
    assert nd.shares == (("CN", 80.0), ("DE", 20.0))  # 50 + 30
    assert nd.hhi == 6800.0  # 80^2 + 20^2, not 50^2 + 30^2 + 20^2 = 3800


def test_shares_within_tolerance_are_normalised_to_100():
    profile = compute_profile([line("Nd", "processing", "CN", 59.6), line("Nd", "processing", "AU", 40)], BOM)
    nd = profile.metrics("processing", "Nd")  # declared total 99.6
    assert nd.largest_third_country_share == pytest.approx(59.6 / 99.6 * 100)  # 59.839...
    assert nd.partner_share == pytest.approx(40 / 99.6 * 100)  # 40.160...
    assert sum(share for _, share in nd.shares) == pytest.approx(100.0)


def test_all_eu_supply_has_no_third_country():
    profile = compute_profile([line("Dy", "processing", "DE", 100)], BOM)
    dy = profile.metrics("processing", "Dy")
    assert dy.largest_third_country is None
    assert dy.largest_third_country_share == 0.0
    assert dy.eu_share == 100.0
    assert dy.hhi == 10000.0  # a single supplier: 100^2
    assert profile.flags == ()


def test_largest_third_country_ties_break_by_code():
    profile = compute_profile([line("Nd", "processing", "MY", 50), line("Nd", "processing", "CN", 50)], BOM)
    assert profile.metrics("processing", "Nd").largest_third_country == "CN"


def test_recycled_share_is_share_weighted():
    profile = compute_profile(
        [line("Nd", "processing", "DE", 25, recycled=100), line("Nd", "processing", "FR", 75, recycled=20)], BOM
    )
    assert profile.value("recycled_share", "processing", "Nd") == pytest.approx(40.0)  # (25 x 100 + 75 x 20) / 100


# --- flags ---------------------------------------------------------------------------------------


def flags_of(profile):
    return {(f.rule, f.stage, f.material, f.country) for f in profile.flags}


def test_crma_flags_strategic_materials_above_65_at_extraction_and_processing_only(magnet_profile):
    assert flags_of(magnet_profile) == {
        ("crma_art5", "processing", "Nd", "CN"),  # Nd strategic, CN 80% > 65%
        ("crma_art5", "processing", "Dy", "CN"),  # 100%
        # no NZIA flag: its 50% line concerns the technology and its main components, not mining or refining;
        # AU 60% of Nd extraction is below 65%
    }
    crma = next(f for f in magnet_profile.flags if f.rule == "crma_art5" and f.material == "Dy")
    assert crma.threshold == 65.0 and crma.source == "Regulation (EU) 2024/1252 Art. 5(1)"
    assert crma.message == (
        "Dysprosium / processing: China (CN) supplies 100%, above the 65% CRMA single-third-country benchmark "
        "(Regulation (EU) 2024/1252 Art. 5(1))"
    )


def test_nzia_flags_the_manufacturing_stage_only_and_crma_never_there():
    profile = compute_profile(
        [
            line("Nd", "extraction", "CN", 90), line("Nd", "extraction", "AU", 10),
            line("Nd", "processing", "CN", 90), line("Nd", "processing", "EE", 10),
            line("Nd", "manufacturing", "CN", 90), line("Nd", "manufacturing", "DE", 10),
        ],
        {"Nd": 1.0},
    )
    assert flags_of(profile) == {
        ("crma_art5", "extraction", "Nd", "CN"),
        ("crma_art5", "processing", "Nd", "CN"),
        ("nzia_art25", "manufacturing", "Nd", "CN"),  # components: Regulation (EU) 2024/1735 Art. 25
    }  # flags are per material: a pooled whole-product share never crosses a line no material crosses


def test_flag_lines_are_strict_inequalities():
    profile = compute_profile(
        [
            line("Nd", "processing", "CN", 65),  # exactly 65: no CRMA flag
            line("Nd", "processing", "DE", 35),
            line("Dy", "manufacturing", "CN", 50),  # exactly 50: no NZIA flag
            line("Dy", "manufacturing", "FR", 50),
            line("Pr", "manufacturing", "CN", 50.5),  # above 50: NZIA flag
            line("Pr", "manufacturing", "FR", 49.5),
        ],
        BOM,
    )
    assert flags_of(profile) == {("nzia_art25", "manufacturing", "Pr", "CN")}


def test_no_crma_flag_for_a_critical_but_not_strategic_material():
    profile = compute_profile([line("La", "processing", "CN", 90), line("La", "processing", "FR", 10)], {"La": 1.0})
    assert flags_of(profile) == set()


# --- serialisation -------------------------------------------------------------------------------


def test_to_dict_is_json_ready_and_round_trips(magnet_profile):
    data = magnet_profile.to_dict()
    restored = ResilienceProfile.from_dict(json.loads(json.dumps(data)))
    assert restored == magnet_profile
    assert restored.to_dict() == data


def test_to_dict_shape(magnet_profile):
    data = magnet_profile.to_dict()
    assert set(data) == {"version", "data_version", "bill_of_materials", "partner_group", "stages", "flags"}
    assert list(data["stages"]) == list(STAGES)
    processing = data["stages"]["processing"]
    assert set(processing) == {"covered", "covered_mass_share", "aggregate", "materials"}
    nd = processing["materials"]["Nd"]
    assert set(nd) == set(METRICS) | {"largest_third_country", "shares"}
    assert nd["shares"] == {"CN": 80.0, "EE": 20.0}
    assert data["stages"]["manufacturing"]["aggregate"] is None
    assert set(data["flags"][0]) == {"rule", "stage", "material", "country", "share", "threshold", "source", "message"}


@pytest.mark.parametrize("bad", [{}, {"version": 99}, {"version": 1, "stages": []}, "profile", None])
def test_from_dict_rejects_anything_else(bad):
    with pytest.raises(InvalidInput) as caught:
        ResilienceProfile.from_dict(bad)
    assert caught.value.problems[0].place == "resilience profile"


def test_metrics_value_by_name(magnet_profile):
    nd = magnet_profile.metrics("processing", "Nd")
    assert [nd.value(metric) for metric in METRICS] == [80.0, 6800.0, 20.0, 0.0, 10.0]
    assert Metrics.from_dict(nd.to_dict()) == nd


def test_empty_declaration_gives_an_empty_profile():
    profile = compute_profile([], BOM)
    assert all(profile.value("hhi", stage) is None for stage in STAGES)
    assert profile.flags == ()


def test_a_supply_line_is_built_from_its_fields_in_order_with_their_defaults_and_stays_frozen():
    """SupplyLine writes its own __init__ (for speed): it must take exactly the dataclass's fields."""
    parameters = list(inspect.signature(SupplyLine.__init__).parameters.values())[1:]
    assert [(p.name, p.default) for p in parameters] == [
        (f.name, inspect.Parameter.empty if f.default is dataclasses.MISSING else f.default)
        for f in dataclasses.fields(SupplyLine)]
    line = SupplyLine("Nd", "processing", "CN", 70.0, place="Supply chain!A14")
    assert line == SupplyLine(material="Nd", stage="processing", country="CN", share=70.0, recycled=0.0,
                              supplier="", evidence="", place="Supply chain!A14")
    assert line.to_dict() == {"material": "Nd", "stage": "processing", "country": "CN", "share": 70.0,
                              "recycled": 0.0, "supplier": "", "evidence": "", "place": "Supply chain!A14"}
    assert dataclasses.replace(line, share=30.0).share == 30.0 and hash(line) == hash(SupplyLine(**line.to_dict()))
    with pytest.raises(dataclasses.FrozenInstanceError):
        line.share = 30.0


def test_a_supply_line_comes_back_from_its_dict_as_it_was_and_owns_its_fields():
    """from_dict takes a dict naming every field in order as the line's own fields (the reading process's
    lines come back that way): the line must equal the one written, be frozen and not share the dict."""
    line = SupplyLine("Nd", "processing", "CN", 70.0, 25.0, "Baotou Refinery", "Annex 9", "Supply chain!A14")
    written = json.loads(json.dumps(line.to_dict()))
    back = SupplyLine.from_dict(written)
    assert back == line and hash(back) == hash(line) and back.to_dict() == line.to_dict()
    written["share"] = 10.0
    assert back.share == 70.0
    with pytest.raises(dataclasses.FrozenInstanceError):
        back.share = 10.0
    # another order or fewer fields: as SupplyLine(**data), defaults filled in
    assert SupplyLine.from_dict({"stage": "processing", "material": "Nd", "country": "CN", "share": 70.0}) == \
        SupplyLine("Nd", "processing", "CN", 70.0)
    assert list(SupplyLine.from_dict(dict(reversed(line.to_dict().items()))).to_dict()) == list(line.to_dict())
    with pytest.raises(TypeError, match="colour"):
        SupplyLine.from_dict({**line.to_dict(), "colour": "red"})
