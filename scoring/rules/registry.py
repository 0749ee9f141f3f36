"""Rule kinds by name, so a tender definition's `rule: {kind: ...}` finds its class."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from scoring.problems import InvalidInput, Problem
from scoring.rules.base import Rule
from scoring.rules.declarations import PassFailRule, YesNoRule
from scoring.rules.judgement import JudgementRule
from scoring.rules.numeric import BandsRule, LinearRule, ThresholdRule
from scoring.rules.price import PRICE_RULES
from scoring.rules.prozorro import ProzorroFeatureRule

RULE_KINDS: dict[str, type[Rule]] = {
    rule.kind: rule for rule in (*PRICE_RULES, LinearRule, BandsRule, ThresholdRule, YesNoRule,
                                 PassFailRule, JudgementRule, ProzorroFeatureRule)}


def rule_from_params(params: Mapping[str, Any], place: str) -> Rule:
    """Builds the rule named by params['kind'], raising InvalidInput with every problem at its place."""
    if not isinstance(params, Mapping):
        raise InvalidInput([Problem(place, "expected a mapping with a kind and its parameters")])
    kind = params.get("kind")
    if not isinstance(kind, str) or kind not in RULE_KINDS:
        message = "missing" if kind is None else f"unknown rule kind {kind!r}"
        raise InvalidInput([Problem(f"{place}.kind", f"{message}; expected one of {', '.join(RULE_KINDS)}")])
    return RULE_KINDS[kind].from_params(params, place)
