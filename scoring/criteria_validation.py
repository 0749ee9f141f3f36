"""Checks a criteria tree as a whole and reports every problem at the criterion's path."""

from __future__ import annotations

import math
from collections.abc import Sequence

from scoring.criteria import CRITERION_TYPES, Criterion, is_weighted, path_text, walk
from scoring.messages import Message
from scoring.problems import Problem
from scoring.rules.base import NUMBER, PRICE
from scoring.rules.prozorro import MAX_FEATURE_SUM, ProzorroFeatureRule

WEIGHT_TOLERANCE = 1e-6


def validate_tree(criteria: Sequence[Criterion], weighting: str) -> list[Problem]:
    """Every problem of the tree, each placed at its path ("Resilience > REE refining: weight missing")."""
    problems: list[Problem] = []
    if not criteria:
        return [Problem("criteria", Message("a tender needs at least one criterion"))]
    seen: set[str] = set()
    for path, node in walk(criteria):
        place = path_text(path)
        if node.code in seen:
            problems.append(Problem(place, Message("code %(code)s is used twice", code=repr(node.code))))
        seen.add(node.code)
        problems += [Problem(place, message) for message in _node_messages(node, weighting)]
        if node.is_group and weighting == "percent":
            problems += _level_sum(node.children, place)
    if weighting == "percent":
        problems += _level_sum(criteria, "criteria")
    if not any(is_weighted(node, weighting) for node in criteria):
        problems.append(Problem("criteria", Message("no criterion carries weight: nothing to rank bids on")))
    problems += _prozorro_sum(criteria)
    return problems


def _node_messages(node: Criterion, weighting: str) -> list[Message]:
    """The problems of one node on its own."""
    messages = []
    if node.type not in CRITERION_TYPES:
        messages.append(Message("type %(type)s is not one of %(types)s (eForms BT-539)", type=repr(node.type),
                                types=", ".join(CRITERION_TYPES)))
    if node.is_group:
        messages += _group_messages(node, weighting)
    elif node.rule is None:
        messages.append(Message("needs a rule or children"))
    else:
        messages += _leaf_messages(node, weighting)
    return messages


def _group_messages(node: Criterion, weighting: str) -> list[Message]:
    """A group has no rule or source, the right size field, and a gate only over absolute rules."""
    messages = []
    if node.rule is not None or node.source is not None:
        messages.append(Message("a group carries neither rule nor source: its children do"))
    weighted = is_weighted(node, weighting)
    if weighting == "percent":
        if weighted and not node.weight:
            messages.append(Message("weight missing"))
        elif not weighted and node.weight:
            messages.append(Message("carries weight, but none of its children does"))
    elif node.weight is not None or node.max_points is not None:
        messages.append(Message("in points weighting a group's maximum is the sum of its children's max_points: "
                                "remove weight and max_points"))
    if node.min_score is not None:
        relative = [leaf.name for _, leaf in walk(node.children) if leaf.rule and leaf.rule.is_relative]
        if relative:
            messages.append(Message("min_score gate over %(criteria)s, whose points depend on the other bids: gate "
                                    "only criteria scored on their own", criteria=", ".join(relative)))
        if not weighted:
            messages.append(Message("min_score needs children that carry weight"))
    return messages


def _leaf_messages(node: Criterion, weighting: str) -> list[Message]:
    """A leaf's rule fits its type and source, and its size field fits the weighting."""
    messages = []
    rule = node.rule
    if node.min_score is not None:
        messages.append(Message("min_score is for groups"))
    if node.source is not None and rule.value_kind != NUMBER:
        messages.append(Message("a source needs a numeric rule (linear, bands or threshold), not %(kind)s",
                                kind=rule.kind))
    if rule.value_kind == PRICE and node.type == "quality":
        messages.append(Message("%(kind)s scores the price: give the criterion type price or cost", kind=rule.kind))
    size_field, other_field = ("weight", "max_points") if weighting == "percent" else ("max_points", "weight")
    size = getattr(node, size_field)
    if getattr(node, other_field) is not None:
        messages.append(Message("%(field)s does not apply in %(weighting)s weighting; use %(size)s", field=other_field,
                                weighting=weighting, size=size_field))
    if size is not None and size < 0:
        messages.append(Message("%(field)s must not be negative", field=size_field))
    elif rule.is_gate and size:
        messages.append(Message("a pass/fail gate carries no %(field)s", field=size_field))
    elif not rule.is_gate and not isinstance(rule, ProzorroFeatureRule) and not size:
        messages.append(Message("weight missing") if size_field == "weight" else Message("max points missing"))
    return messages


def _level_sum(siblings: Sequence[Criterion], place: str) -> list[Problem]:
    """Percent weights at one level add up to 100."""
    weights = [c.weight for c in siblings if c.weight and c.weight > 0 and is_weighted(c, "percent")]
    total = sum(weights)
    if weights and abs(total - 100) > WEIGHT_TOLERANCE:
        return [Problem(place, Message("weights sum to %(total)s, expected 100", total=float(total)))]
    return []


def _prozorro_sum(criteria: Sequence[Criterion]) -> list[Problem]:
    """The ProZorro features' maximum values add up to at most 0.30 (ProZorro, openprocurement)."""
    maxima = [n.rule.max_points for _, n in walk(criteria) if isinstance(n.rule, ProzorroFeatureRule)]
    if math.fsum(maxima) > MAX_FEATURE_SUM + WEIGHT_TOLERANCE:
        return [Problem("criteria", Message("the ProZorro features' maximum values sum to %(total)s; at most "
                                            "%(maximum)s is allowed", total=math.fsum(maxima),
                                            maximum=MAX_FEATURE_SUM))]
    return []
