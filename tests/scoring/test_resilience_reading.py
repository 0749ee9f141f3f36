"""Reading a whole-product metric: per material then mean or worst, pooled only by choice, undeclared materials
handled as the tender publishes (arithmetic in the comments)."""

import pytest

from scoring.resilience import SupplyLine, compute_profile, read_metric

MAGNET = {"Nd": 0.5, "Dy": 0.5}


def line(material, stage, country, share):
    return SupplyLine(material, stage, country, share)


@pytest.fixture
def single_sources():
    """Nd 100% from China and Dy 100% from Myanmar at refining: each input has a single source."""
    return compute_profile([line("Nd", "processing", "CN", 100), line("Dy", "processing", "MM", 100)], MAGNET)


def test_pooling_complementary_inputs_understates_concentration(single_sources):
    # pooled: CN 50%, MM 50% -> 2,500 + 2,500; HHI 10,000 would be one country for the whole product
    assert read_metric(single_sources, "hhi", "processing", aggregate="pooled").value == 5000.0
    # per material: 100^2 = 10,000 each, mass-weighted mean 10,000
    assert read_metric(single_sources, "hhi", "processing").value == 10000.0
    assert read_metric(single_sources, "largest_third_country_share", "processing", aggregate="pooled").value == 50.0
    assert read_metric(single_sources, "largest_third_country_share", "processing").value == 100.0


def test_the_issue_s_example_8200_pooled_against_10000_per_material():
    # Nd 0.9 kg, Dy 0.1 kg: pooled CN 90%, MM 10% -> 8,100 + 100 = 8,200
    profile = compute_profile([line("Nd", "processing", "CN", 100), line("Dy", "processing", "MM", 100)],
                              {"Nd": 0.9, "Dy": 0.1})
    assert read_metric(profile, "hhi", "processing", aggregate="pooled").value == pytest.approx(8200.0)
    assert read_metric(profile, "hhi", "processing", aggregate="mean").value == pytest.approx(10000.0)


def test_worst_material_against_mass_weighted_mean():
    # Nd 0.75 kg: CN 60, AU 40 -> HHI 3,600 + 1,600 = 5,200, largest 60; Dy 0.25 kg: CN 100 -> 10,000, 100
    profile = compute_profile([line("Nd", "processing", "CN", 60), line("Nd", "processing", "AU", 40),
                               line("Dy", "processing", "CN", 100)], {"Nd": 0.75, "Dy": 0.25})
    assert read_metric(profile, "hhi", "processing").value == pytest.approx(0.75 * 5200 + 0.25 * 10000)  # 6,400
    assert read_metric(profile, "hhi", "processing", aggregate="worst").value == 10000.0
    assert read_metric(profile, "largest_third_country_share", "processing").value == pytest.approx(70.0)
    assert read_metric(profile, "largest_third_country_share", "processing", aggregate="worst").value == 100.0
    # shares: the mass-weighted mean is the pooled share; worst is the least favourable material
    assert read_metric(profile, "partner_share", "processing").value == pytest.approx(30.0)  # 0.75 x 40
    assert read_metric(profile, "partner_share", "processing", aggregate="pooled").value == pytest.approx(30.0)
    assert read_metric(profile, "partner_share", "processing", aggregate="worst").value == 0.0  # Dy


def test_a_complete_reading_covers_all_the_mass(single_sources):
    reading = read_metric(single_sources, "hhi", "processing")
    assert (reading.covered_mass_share, reading.undeclared, reading.is_incomplete) == (100.0, (), False)


def test_an_undeclared_material_gives_no_value_under_the_minimum_handling():
    # Dy left undeclared at refining: the criterion scores its minimum, whatever Nd's figures
    profile = compute_profile([line("Nd", "processing", "DE", 100)], {"Nd": 0.6, "Dy": 0.4})
    reading = read_metric(profile, "eu_share", "processing")
    assert reading.value is None and reading.is_incomplete and not reading.is_blank
    assert reading.undeclared == ("Dy",)
    assert reading.covered_mass_share == pytest.approx(60.0)
    assert reading.note == ("incomplete: Dysprosium is not declared at the processing stage (60% of the bill of "
                            "materials' mass declared): scores the criterion's minimum")


def test_the_world_baseline_stands_in_for_an_undeclared_material():
    # Nd refined 100% in Estonia: HHI 10,000, largest third country 0, EU 100.
    # Dy undeclared: heavy REE refining, CN 100% (European Commission CRM study 2023): HHI 10,000, largest 100, EU 0.
    profile = compute_profile([line("Nd", "processing", "EE", 100)], {"Nd": 0.6, "Dy": 0.4})
    largest = read_metric(profile, "largest_third_country_share", "processing", undeclared="world_baseline")
    assert largest.value == pytest.approx(0.6 * 0 + 0.4 * 100)  # 40
    assert largest.is_incomplete and largest.undeclared == ("Dy",)
    assert "world supply mix" in largest.note
    eu = read_metric(profile, "eu_share", "processing", undeclared="world_baseline")
    assert eu.value == pytest.approx(0.6 * 100 + 0.4 * 0)  # 60
    # Pr refining: light REE, CN 84.9, MY 10.5, RU 1.9, IN 1.6, VN 1.0, NO 0.1
    # HHI 7,208.01 + 110.25 + 3.61 + 2.56 + 1 + 0.01 = 7,325.44
    profile = compute_profile([line("Nd", "processing", "EE", 100)], {"Nd": 0.5, "Pr": 0.5})
    hhi = read_metric(profile, "hhi", "processing", undeclared="world_baseline")
    assert hhi.value == pytest.approx(0.5 * 10000 + 0.5 * 7325.44)


def test_no_world_figure_falls_back_to_the_minimum():
    # recycled feedstock has no confirmed world figure
    profile = compute_profile([line("Nd", "processing", "EE", 100)], {"Nd": 0.6, "Dy": 0.4})
    reading = read_metric(profile, "recycled_share", "processing", undeclared="world_baseline")
    assert reading.value is None and reading.is_incomplete
    assert "no world figure for Dysprosium" in reading.note


def test_a_material_criterion_reads_its_material_and_applies_the_handling_when_undeclared():
    profile = compute_profile([line("Nd", "processing", "CN", 100)], {"Nd": 0.6, "Dy": 0.4})
    assert read_metric(profile, "hhi", "processing", "Nd").value == 10000.0
    missing = read_metric(profile, "hhi", "processing", "Dy")
    assert (missing.value, missing.undeclared, missing.covered_mass_share) == (None, ("Dy",), 0.0)
    assert read_metric(profile, "hhi", "processing", "Dy", undeclared="world_baseline").value == 10000.0


def test_a_blank_declaration_is_missing_not_incomplete():
    reading = read_metric(compute_profile([], MAGNET), "hhi", "processing")
    assert reading.is_blank and reading.value is None
