"""world_baseline: the resilience metrics on world supply shares (USGS MCS 2025, EC CRM study 2023)."""

import pytest

from scoring.problems import InvalidInput
from scoring.resilience import METRICS, world_baseline


def test_light_ree_processing_for_neodymium():
    # European Commission, Study on the Critical Raw Materials for the EU 2023:
    # CN 84.9, MY 10.5, RU 1.9, IN 1.6, VN 1.0, NO 0.1 (sums to 100: no remainder)
    base = world_baseline("Nd", "processing")
    assert base.basket == "light REE"
    assert base.confidence == "secondary"
    assert base.largest_third_country == "CN"
    metrics = base.metrics
    assert metrics["largest_third_country_share"] == 84.9
    # 84.9^2 + 10.5^2 + 1.9^2 + 1.6^2 + 1.0^2 + 0.1^2 = 7208.01 + 110.25 + 3.61 + 2.56 + 1 + 0.01
    assert metrics["hhi"] == pytest.approx(7325.44)
    assert metrics["eu_share"] == 0.0
    assert metrics["partner_share"] == pytest.approx(0.1)  # NO (EEA)
    assert metrics["recycled_share"] is None  # recycling rates are not confirmed
    assert base.rest_of_world == 0.0
    assert base.lower_bounds == ()
    assert base.sources == ("European Commission, Study on the Critical Raw Materials for the EU 2023",)
    assert [s.country for s in base.shares] == ["CN", "MY", "RU", "IN", "VN", "NO"]


def test_heavy_ree_uses_the_basket_for_extraction_and_its_own_row_for_processing():
    assert world_baseline("Dy", "processing").metrics["hhi"] == 10000.0  # CN 100%
    base = world_baseline("Tb", "extraction")
    assert base.basket == "REE"
    assert base.confidence == "confirmed"
    # USGS MCS 2025: CN 69.2, US 11.5, MM 7.9, AU 3.3, NG 3.3, TH 3.3 -> rest of world 1.5
    assert base.rest_of_world == pytest.approx(1.5)
    # known shares only: 4788.64 + 132.25 + 62.41 + 3 x 10.89 = 5015.97, a lower bound
    assert base.metrics["hhi"] == pytest.approx(5015.97)
    assert base.metrics["partner_share"] == pytest.approx(3.3)  # AU only
    assert set(base.lower_bounds) == {"hhi", "eu_share", "partner_share"}
    assert "XX" not in [s.country for s in base.shares]
    assert any("lower bounds" in note for note in base.notes)


def test_a_more_than_figure_makes_the_largest_share_a_lower_bound():
    base = world_baseline("graphite", "processing")  # IEA: battery-grade CN > 90%
    assert base.metrics["largest_third_country_share"] == 90.0
    assert "largest_third_country_share" in base.lower_bounds


@pytest.mark.parametrize(
    ("material", "stage"),
    [("Li", "processing"), ("Co", "processing"), ("Ge", "extraction"), ("Nd", "manufacturing"), ("Sm", "processing")],
)
def test_no_confirmed_data_gives_no_numbers(material, stage):
    base = world_baseline(material, stage)
    assert base.metrics == dict.fromkeys(METRICS)
    assert base.shares == ()
    assert "no confirmed data" in base.notes


def test_partner_group_can_be_the_tender_s():
    assert world_baseline("Li", "extraction", ["CL"]).metrics["partner_share"] == pytest.approx(20.4)


@pytest.mark.parametrize(("material", "stage"), [("Fe", "processing"), ("Nd", "refining"), (None, ["x"])])
def test_unknown_material_or_stage(material, stage):
    with pytest.raises(InvalidInput):
        world_baseline(material, stage)
