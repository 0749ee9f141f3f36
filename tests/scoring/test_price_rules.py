"""Price formulas (docs/domain.md: price formulas) against hand-computed examples (arithmetic in the comments)."""

import math

import pytest

from scoring import InvalidInput, PriceRange, rule_from_params
from scoring.rules.price import price_problem

PRICES = PriceRange(lowest=80.0, highest=160.0)


def rule(kind, **params):
    return rule_from_params({"kind": kind, **params}, "rule")


@pytest.mark.parametrize("kind, price, expected", [
    # proportional: 100 x Pmin / P
    ("price_proportional", 80, 100.0),  # 100 x 80/80
    ("price_proportional", 100, 80.0),  # 100 x 80/100
    ("price_proportional", 160, 50.0),  # 100 x 80/160
    # one-sided linear: 100 x (2 - P / Pmin), floored at 0
    ("price_one_sided_linear", 80, 100.0),  # 100 x (2 - 1)
    ("price_one_sided_linear", 100, 75.0),  # 100 x (2 - 1.25)
    ("price_one_sided_linear", 160, 0.0),  # 100 x (2 - 2)
    ("price_one_sided_linear", 200, 0.0),  # 100 x (2 - 2.5) = -50, floored
    # two-sided linear: 100 x (Pmax - P) / (Pmax - Pmin)
    ("price_two_sided_linear", 80, 100.0),  # 100 x 80/80
    ("price_two_sided_linear", 100, 75.0),  # 100 x 60/80
    ("price_two_sided_linear", 160, 0.0),  # 100 x 0/80
    # log, A = 2: 100 x (1 - ln(P/Pmin) / ln 2)
    ("price_log", 80, 100.0),  # ln 1 = 0
    ("price_log", 120, 100 * (1 - math.log(1.5) / math.log(2))),  # 41.503...
    ("price_log", 160, 0.0),  # ln 2 / ln 2 = 1
    ("price_log", 320, 0.0),  # 1 - 2 = -1, floored
])
def test_relative_formulas(kind, price, expected):
    assert rule(kind).points(price, PRICES) == pytest.approx(expected)


def test_log_formula_with_a_three():
    # A = 3: 100 x (1 - ln(120/80) / ln 3) = 100 x (1 - 0.405465 / 1.098612) = 63.093
    assert rule("price_log", a=3).points(120, PRICES) == pytest.approx(63.0930, abs=1e-4)


@pytest.mark.parametrize("price, expected", [
    (50, 100.0),  # below pset_min: clamped to full points
    (100, 100.0),  # (200 - 100) / (200 - 100) = 1
    (150, 50.0),  # (200 - 150) / 100 = 0.5
    (200, 0.0),
    (250, 0.0),  # clamped
])
def test_preset_range_needs_no_other_bids(price, expected):
    preset = rule("price_preset_range", pset_min=100, pset_max=200)
    assert not preset.is_relative
    assert preset.points(price) == pytest.approx(expected)


def test_two_sided_linear_with_equal_prices_gives_full_points():
    assert rule("price_two_sided_linear").points(80, PriceRange(80.0, 80.0)) == 100.0


def test_two_sided_linear_warns_that_it_depends_on_other_bids():
    two_sided = rule("price_two_sided_linear")
    assert two_sided.warning.startswith("Depends on the other bids")
    assert two_sided.warning in two_sided.describe()


@pytest.mark.parametrize("kind, params, at_50", [
    # Pmin = 0: the formulas anchored on Pmin give a zero price full points and every other price none
    # (Pmin / P = 0; zero points at 2 x Pmin = 0 and at A x Pmin = 0); two-sided still spreads to Pmax
    ("price_proportional", {}, 0.0), ("price_one_sided_linear", {}, 0.0), ("price_log", {"a": 1.5}, 0.0),
    ("price_two_sided_linear", {}, 50.0), ("price_preset_range", {"pset_min": 10, "pset_max": 90}, 50.0),
])
def test_a_lowest_price_of_zero_divides_by_nothing(kind, params, at_50):
    prices = PriceRange(0.0, 100.0)
    assert rule(kind, **params).points(0, prices) == 100.0
    assert rule(kind, **params).points(50, prices) == at_50
    assert rule(kind, **params).points(100, prices) == 0.0


@pytest.mark.parametrize("kind", ["price_proportional", "price_one_sided_linear", "price_two_sided_linear",
                                  "price_log"])
def test_relative_rules_need_the_price_range(kind):
    assert rule(kind).is_relative
    with pytest.raises(ValueError, match="depends on the other bids"):
        rule(kind).points(100)


@pytest.mark.parametrize("kind, params", [
    ("price_proportional", {}), ("price_one_sided_linear", {}), ("price_two_sided_linear", {}),
    ("price_preset_range", {"pset_min": 10, "pset_max": 20}), ("price_log", {"a": 1.5}),
])
def test_every_formula_has_words_and_a_formula_and_round_trips(kind, params):
    price_rule = rule(kind, **params)
    assert price_rule.describe().endswith(".") and "points" in price_rule.describe()
    assert price_rule.formula().startswith("points = ")
    assert rule_from_params(price_rule.to_params(), "rule") == price_rule


@pytest.mark.parametrize("price, problem", [
    (None, "missing"), (0, None), (0.0, None), (-5, "negative (-5)"), (-0.0001, "negative (-0.0001)"),
    (float("nan"), "not a number (nan)"), ("100", "not a number ('100')"), (True, "not a number (True)"),
])
def test_unscorable_prices_are_named(price, problem):
    assert price_problem(price) == problem


@pytest.mark.parametrize("params, expected", [
    ({"kind": "price_preset_range", "pset_min": 200, "pset_max": 100},
     ["rule.pset_max: must be above pset_min (200)"]),
    ({"kind": "price_preset_range", "pset_min": -1},
     ["rule.pset_min: -1 is outside the allowed range (at least 0)", "rule.pset_max: missing"]),
    ({"kind": "price_log", "a": 2.5}, ["rule.a: expected one of 1.5, 2, 3, got 2.5"]),
    ({"kind": "price_proportional", "pmin": 3}, ["rule.pmin: unknown parameter"]),
    ({"kind": "price_cheapest"}, ["rule.kind: unknown rule kind 'price_cheapest'; expected one of "
                                  "price_proportional, price_one_sided_linear, price_two_sided_linear, "
                                  "price_preset_range, price_log, linear, bands, threshold, yes_no, pass_fail, "
                                  "judgement, prozorro_feature"]),
])
def test_invalid_parameters_list_every_problem_in_place(params, expected):
    with pytest.raises(InvalidInput) as error:
        rule_from_params(params, "rule")
    assert [str(problem) for problem in error.value.problems] == expected
