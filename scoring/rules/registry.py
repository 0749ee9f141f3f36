"""Rule kinds by name, so a tender definition's `rule: {kind: ...}` finds its class."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from scoring.messages import Message
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
        raise InvalidInput([Problem(place, Message("expected a mapping with a kind and its parameters"))])
    kind = params.get("kind")
    if not isinstance(kind, str) or kind not in RULE_KINDS:
        kinds = ", ".join(RULE_KINDS)
        message = (Message("missing; expected one of %(kinds)s", kinds=kinds) if kind is None
                   else Message("unknown rule kind %(kind)s; expected one of %(kinds)s", kind=repr(kind), kinds=kinds))
        raise InvalidInput([Problem(f"{place}.kind", message)])
    return RULE_KINDS[kind].from_params(params, place)
