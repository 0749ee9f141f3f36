"""Checks a criteria tree as a whole and reports every problem at the criterion's path."""

from __future__ import annotations

import math
from collections.abc import Sequence

from scoring.criteria import CRITERION_TYPES, Criterion, is_weighted, path_text, walk
from scoring.problems import Problem
from scoring.rules.base import NUMBER, PRICE
from scoring.rules.prozorro import MAX_FEATURE_SUM, ProzorroFeatureRule

WEIGHT_TOLERANCE = 1e-6


def validate_tree(criteria: Sequence[Criterion], weighting: str) -> list[Problem]:
    """Every problem of the tree, each placed at its path ("Resilience > REE refining: weight missing")."""
    problems: list[Problem] = []
    if not criteria:
        return [Problem("criteria", "a tender needs at least one criterion")]
    seen: set[str] = set()
    for path, node in walk(criteria):
        place = path_text(path)
        if node.code in seen:
            problems.append(Problem(place, f"code {node.code!r} is used twice"))
        seen.add(node.code)
        problems += [Problem(place, message) for message in _node_messages(node, weighting)]
        if node.is_group and weighting == "percent":
            problems += _level_sum(node.children, place)
    if weighting == "percent":
        problems += _level_sum(criteria, "criteria")
    if not any(is_weighted(node, weighting) for node in criteria):
        problems.append(Problem("criteria", "no criterion carries weight: nothing to rank bids on"))
    problems += _prozorro_sum(criteria)
    return problems


def _node_messages(node: Criterion, weighting: str) -> list[str]:
    """The problems of one node on its own."""
    messages = []
    if node.type not in CRITERION_TYPES:
        messages.append(f"type {node.type!r} is not one of {', '.join(CRITERION_TYPES)} (eForms BT-539)")
    if node.is_group:
        messages += _group_messages(node, weighting)
    elif node.rule is None:
        messages.append("needs a rule or children")
    else:
        messages += _leaf_messages(node, weighting)
    return messages


def _group_messages(node: Criterion, weighting: str) -> list[str]:
    """A group has no rule or source, the right size field, and a gate only over absolute rules."""
    messages = []
    if node.rule is not None or node.source is not None:
        messages.append("a group carries neither rule nor source: its children do")
    weighted = is_weighted(node, weighting)
    if weighting == "percent":
        if weighted and not node.weight:
            messages.append("weight missing")
        elif not weighted and node.weight:
            messages.append("carries weight, but none of its children does")
    elif node.weight is not None or node.max_points is not None:
        messages.append("in points weighting a group's maximum is the sum of its children's max_points: "
                        "remove weight and max_points")
    if node.min_score is not None:
        relative = [leaf.name for _, leaf in walk(node.children) if leaf.rule and leaf.rule.is_relative]
        if relative:
            messages.append(f"min_score gate over {', '.join(relative)}, whose points depend on the other "
                            "bids: gate only criteria scored on their own")
        if not weighted:
            messages.append("min_score needs children that carry weight")
    return messages


def _leaf_messages(node: Criterion, weighting: str) -> list[str]:
    """A leaf's rule fits its type and source, and its size field fits the weighting."""
    messages = []
    rule = node.rule
    if node.min_score is not None:
        messages.append("min_score is for groups")
    if node.source is not None and rule.value_kind != NUMBER:
        messages.append(f"a source needs a numeric rule (linear, bands or threshold), not {rule.kind}")
    if rule.value_kind == PRICE and node.type == "quality":
        messages.append(f"{rule.kind} scores the price: give the criterion type price or cost")
    size_field, other_field = ("weight", "max_points") if weighting == "percent" else ("max_points", "weight")
    size = getattr(node, size_field)
    if getattr(node, other_field) is not None:
        messages.append(f"{other_field} does not apply in {weighting} weighting; use {size_field}")
    if size is not None and size < 0:
        messages.append(f"{size_field} must not be negative")
    elif rule.is_gate and size:
        messages.append(f"a pass/fail gate carries no {size_field}")
    elif not rule.is_gate and not isinstance(rule, ProzorroFeatureRule) and not size:
        messages.append(f"{size_field.replace('_', ' ')} missing")
    return messages


def _level_sum(siblings: Sequence[Criterion], place: str) -> list[Problem]:
    """Percent weights at one level add up to 100."""
    weights = [c.weight for c in siblings if c.weight and c.weight > 0 and is_weighted(c, "percent")]
    total = sum(weights)
    if weights and abs(total - 100) > WEIGHT_TOLERANCE:
        return [Problem(place, f"weights sum to {float(total):g}, expected 100")]
    return []


def _prozorro_sum(criteria: Sequence[Criterion]) -> list[Problem]:
    """The ProZorro features' maximum values add up to at most 0.30 (ProZorro, openprocurement)."""
    maxima = [n.rule.max_points for _, n in walk(criteria) if isinstance(n.rule, ProzorroFeatureRule)]
    if math.fsum(maxima) > MAX_FEATURE_SUM + WEIGHT_TOLERANCE:
        return [Problem("criteria", f"the ProZorro features' maximum values sum to {math.fsum(maxima):g}; "
                                    f"at most {MAX_FEATURE_SUM:g} is allowed")]
    return []
