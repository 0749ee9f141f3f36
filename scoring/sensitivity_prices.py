"""The ranking under each price formula of DOMAIN.md §4, every other score unchanged (informational)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from scoring.definition import Tender
from scoring.plan import plan_scoring
from scoring.result import BidResult, EvaluationResult
from scoring.rules.base import PRICE, Rule
from scoring.rules.price import LogPrice, OneSidedLinearPrice, PresetRangePrice, ProportionalPrice, TwoSidedLinearPrice


def price_alternatives(tender: Tender) -> list[tuple[Rule, bool]]:
    """The formulas to compare, each with whether it is the published one: the four relative formulas
    (log with the published A, else 2) and the preset range when the tender fixed one."""
    published = [leaf.rule for leaf in plan_scoring(tender).leaves if leaf.rule.value_kind == PRICE]
    if not published:
        return []
    rule = published[0]
    candidates: list[Rule] = [ProportionalPrice(), OneSidedLinearPrice(), TwoSidedLinearPrice(),
                              rule if isinstance(rule, LogPrice) else LogPrice()]
    if isinstance(rule, PresetRangePrice):
        candidates.append(rule)
    return [(candidate, candidate == rule) for candidate in candidates]


def totals_under(tender: Tender, result: EvaluationResult, bids: Sequence[BidResult], formula: Rule
                 ) -> np.ndarray:
    """Each bid's total with every price criterion scored by `formula` instead of its published rule."""
    plan = plan_scoring(tender)
    columns = [index for index, leaf in enumerate(plan.leaves) if leaf.rule.value_kind == PRICE]
    totals = np.array([bid.total for bid in bids])
    for index in columns:
        leaf = plan.leaves[index]
        old = np.array([bid.criteria[index].weighted or 0.0 for bid in bids])
        new = np.array([formula.points(bid.price, result.price_range) / formula.max_points * leaf.weight
                        for bid in bids])
        totals += new - old
    return totals


def order_by(totals: np.ndarray, bid_ids: Sequence[str]) -> tuple[str, ...]:
    """Bids by total, highest first; equal totals keep the binding order (a stable sort)."""
    order = np.argsort(-np.round(totals, 9), kind="stable")
    return tuple(bid_ids[i] for i in order)
