"""Properties of the resilience metrics on generated declarations (hypothesis)."""

import json

from hypothesis import given
from hypothesis import strategies as st

from scoring.countries import EU27
from scoring.resilience import METRICS, STAGES, ResilienceProfile, SupplyLine, compute_profile, validate_declaration
from tests.scoring.builders import MAGNET_BILL, SUPPLY_COUNTRIES, two_hundred_lines

MATERIALS = ["Nd", "Pr", "Dy", "Tb", "Li", "Co", "La", "graphite"]
EPS = 1e-6


@st.composite
def declarations(draw):
    """(bill of materials, lines): every declared (material, stage) sums to 100 (up to float rounding)."""
    materials = draw(st.lists(st.sampled_from(MATERIALS), min_size=1, max_size=4, unique=True))
    bom = {m: draw(st.floats(0.001, 100.0)) for m in materials}
    lines = []
    for material in materials:
        for stage in draw(st.lists(st.sampled_from(STAGES), unique=True, max_size=3)):
            weights = [draw(st.integers(1, 1000))] + draw(st.lists(st.integers(0, 1000), max_size=7))
            total = sum(weights)
            for weight in weights:
                country = draw(st.sampled_from(SUPPLY_COUNTRIES))
                recycled = draw(st.floats(0.0, 100.0))
                lines.append(SupplyLine(material, stage, country, 100.0 * weight / total, recycled))
    return bom, lines


def all_metrics(profile):
    for stage in STAGES:
        stage_profile = profile.stages[stage]
        yield from stage_profile.materials.values()
        if stage_profile.aggregate is not None:
            yield stage_profile.aggregate


@given(declarations())
def test_generated_declarations_are_valid(declaration):
    bom, lines = declaration
    assert validate_declaration(lines, bom) == []


@given(declarations())
def test_hhi_lies_between_the_largest_share_squared_and_10000(declaration):
    profile = compute_profile(*declaration[::-1])
    for metrics in all_metrics(profile):
        largest = metrics.shares[0][1]
        assert largest * largest - EPS <= metrics.hhi <= 10000 + EPS
        assert metrics.hhi >= 10000 / len(metrics.shares) - EPS  # equal shares are the least concentrated


@given(declarations(), st.randoms(use_true_random=False))
def test_metrics_do_not_depend_on_line_order(declaration, rnd):
    bom, lines = declaration
    shuffled = list(lines)
    rnd.shuffle(shuffled)
    assert compute_profile(shuffled, bom) == compute_profile(lines, bom)  # exactly, not approximately


@given(declarations())
def test_eu_share_plus_third_country_shares_is_100(declaration):
    profile = compute_profile(*declaration[::-1])
    for metrics in all_metrics(profile):
        third = sum(share for country, share in metrics.shares if country not in EU27)
        assert abs(metrics.eu_share + third - 100.0) < EPS


@given(declarations())
def test_metrics_are_within_their_ranges(declaration):
    profile = compute_profile(*declaration[::-1])
    for metrics in all_metrics(profile):
        for metric in METRICS:
            upper = 10000 if metric == "hhi" else 100
            assert -EPS <= metrics.value(metric) <= upper + EPS, metric
        assert metrics.eu_share + metrics.partner_share <= 100 + EPS  # distinct groups: no double counting
        third = [share for country, share in metrics.shares if country not in EU27]
        assert metrics.largest_third_country_share == max(third, default=0.0)


@given(declarations())
def test_profile_round_trips_through_json(declaration):
    profile = compute_profile(*declaration[::-1])
    assert ResilienceProfile.from_dict(json.loads(json.dumps(profile.to_dict()))) == profile


def test_a_200_line_declaration_covers_every_material_at_every_stage():
    """benchmarks/bench_resilience.py times this profile (budget: 2 ms, so 1,000 bids x 200 lines stay under 2 s)."""
    lines = two_hundred_lines()
    assert len(lines) == 200
    profile = compute_profile(lines, MAGNET_BILL)
    assert all(tuple(profile.stages[stage].materials) == tuple(MAGNET_BILL) for stage in STAGES)
