"""Scoring rules: each turns a value into points and says how in plain language."""

from scoring.rules.base import PriceRange, Rule, Target
from scoring.rules.registry import RULE_KINDS, rule_from_params

__all__ = ["RULE_KINDS", "PriceRange", "Rule", "Target", "rule_from_params"]
