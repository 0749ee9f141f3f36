"""Worked examples of the price formulas, computed by the scoring library's own rules so the page cannot drift."""
from __future__ import annotations

from dataclasses import dataclass

from scoring.problems import InvalidInput
from scoring.rules import PriceRange, Rule, rule_from_params
from scoring.rules.price import PRICE_RULES

EXAMPLE_PRICES = (100_000.0, 125_000.0, 180_000.0)
# A range fixed in advance needs its two ends; the example uses these unless the officer has typed valid ones.
EXAMPLE_RANGE = {"pset_min": 90_000.0, "pset_max": 200_000.0}


@dataclass(frozen=True)
class PriceExample:
    """One price formula: its kind, its formula written out and the points of three example prices."""

    kind: str
    rule: Rule
    points: tuple[tuple[float, float], ...]  # (price, points out of 100)


def price_examples(params_of: dict[str, dict]) -> list[PriceExample]:
    """Every price formula on the same three prices; `params_of` gives a kind's typed parameters if valid."""
    prices = PriceRange(min(EXAMPLE_PRICES), max(EXAMPLE_PRICES))
    examples = []
    for rule_class in PRICE_RULES:
        default = EXAMPLE_RANGE if rule_class.kind == "price_preset_range" else {}
        try:
            rule = rule_from_params({**default, **params_of.get(rule_class.kind, {}), "kind": rule_class.kind}, "rule")
        except InvalidInput:  # the officer's parameters are wrong: the form says so at the field
            rule = rule_from_params({**default, "kind": rule_class.kind}, "rule")
        examples.append(PriceExample(rule_class.kind, rule,
                                     tuple((price, rule.points(price, prices)) for price in EXAMPLE_PRICES)))
    return examples
