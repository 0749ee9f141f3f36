"""The weighted-sum ranking with the price scored by another formula (informational).

A tender may score its price in parts, each with its own formula and weight. Only the parts scored
against the other bids (Pmin, Pmax) have an alternative: each of the four relative formulas of the
price rules is put in place of every relative part's formula, while a part scored against a range
fixed in advance keeps its published formula, because no other bid moves it. The published row is
the binding result itself, never a re-computation of it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from scoring.messages import Listing, Message
from scoring.plan import LeafPlan, ScoringPlan
from scoring.result import BidResult, EvaluationResult
from scoring.rules.base import PRICE
from scoring.rules.price import LogPrice, OneSidedLinearPrice, PriceRule, ProportionalPrice, TwoSidedLinearPrice

if TYPE_CHECKING:
    import numpy as np

PUBLISHED = "published"
NO_CHANGE = Message("No change: this is the binding result.")
ONLY_FIXED = Message("Price is scored only against a range fixed in advance, which the other bids do not change, "
                     "so no other price formula is compared.")
SOME_FIXED = Message("Each other formula replaces the formula of the price parts scored against the other bids; "
                     "parts scored against a range fixed in advance keep their published formula.")


@dataclass(frozen=True, slots=True)
class PriceFormulaRanking:
    """The weighted-sum ranking as published, or with the relative price parts under one other formula."""

    kind: str  # "published", or the kind of the formula put in place of the relative parts
    description: str
    changes: str  # which price parts this row scores differently from the published result, in words
    is_published: bool
    order: tuple[str, ...]
    totals: tuple[float, ...]  # each bid's total points, in `order`


def price_formula_rankings(plan: ScoringPlan, result: EvaluationResult, bids: Sequence[BidResult]
                           ) -> tuple[tuple[PriceFormulaRanking, ...], str]:
    """The published row then one row per other relative formula, and a note on what the rows change;
    no rows when no price part depends on the other bids. `bids` are the eligible ones in binding order."""
    parts = [leaf for leaf in plan.leaves if leaf.rule.value_kind == PRICE]
    relative = [index for index, leaf in enumerate(plan.leaves)
                if leaf.rule.value_kind == PRICE and leaf.rule.is_relative]
    if not relative:
        return (), ONLY_FIXED if parts else ""
    bid_ids = tuple(bid.bid_id for bid in bids)
    published = PriceFormulaRanking(PUBLISHED, _published(parts), NO_CHANGE, True, bid_ids,
                                    tuple(bid.total for bid in bids))
    rows = [published]
    for formula in _relative_formulas(plan, relative):
        changed = tuple(index for index in relative if plan.leaves[index].rule != formula)
        if not changed:
            continue  # the published formula already: the published row shows it
        totals = _totals_under(plan, result, bids, formula, changed)
        order = _order_by(totals, bid_ids)
        by_bid = dict(zip(bid_ids, totals.tolist()))
        rows.append(PriceFormulaRanking(formula.kind, formula.describe(), _changes(plan, changed, parts), False,
                                        order, tuple(by_bid[bid_id] for bid_id in order)))
    return tuple(rows), SOME_FIXED if len(relative) < len(parts) else ""


def _published(parts: Sequence[LeafPlan]) -> Message:
    """The published formula of each price part."""
    each = Listing(Message("%(criterion)s by %(formula)s", criterion=leaf.path, formula=leaf.rule.name())
                   for leaf in parts)
    return Message("As published: %(parts)s.", parts=each)


def row_messages(plan: ScoringPlan, row: PriceFormulaRanking) -> tuple[str, str]:
    """A stored row's description and changes as the Messages they were written from (an application writes them
    in its reader's language); the row's figures are not recomputed. A row the plan cannot have written (stored
    from other inputs) keeps its texts."""
    parts = [leaf for leaf in plan.leaves if leaf.rule.value_kind == PRICE]
    if row.is_published:
        return _published(parts), NO_CHANGE
    relative = [index for index, leaf in enumerate(plan.leaves)
                if leaf.rule.value_kind == PRICE and leaf.rule.is_relative]
    formula = next((formula for formula in _relative_formulas(plan, relative) if formula.kind == row.kind), None)
    if formula is None:
        return row.description, row.changes
    changed = tuple(index for index in relative if plan.leaves[index].rule != formula)
    return formula.describe(), _changes(plan, changed, parts)


def _relative_formulas(plan: ScoringPlan, relative: Sequence[int]) -> tuple[PriceRule, ...]:
    """The four relative formulas; the log formula with the published A when a part uses it, else 2."""
    a = next((plan.leaves[index].rule.a for index in relative if isinstance(plan.leaves[index].rule, LogPrice)), 2.0)
    return ProportionalPrice(), OneSidedLinearPrice(), TwoSidedLinearPrice(), LogPrice(a)


def _totals_under(plan: ScoringPlan, result: EvaluationResult, bids: Sequence[BidResult], formula: PriceRule,
                  changed: Sequence[int]) -> np.ndarray:
    """Each bid's total as evaluate sums it, with the `changed` parts scored by `formula`."""
    import numpy as np  # imported where used: numpy takes 0.1 s, which importing scoring need not pay
    totals = []
    for bid in bids:
        weighted = [criterion.weighted for criterion in bid.criteria]
        for index in changed:
            leaf = plan.leaves[index]
            weighted[index] = formula.points(bid.price, result.price_range) / formula.max_points * leaf.weight
        totals.append(math.fsum(value for value in weighted if value is not None))
    return np.array(totals)


def _changes(plan: ScoringPlan, changed: Sequence[int], parts: Sequence[LeafPlan]) -> Message:
    """The parts scored differently, and the parts kept as published (those fixed in advance)."""
    scored = Listing((plan.leaves[index].path for index in changed), conjunction=True)
    kept = [leaf for leaf in parts if not leaf.rule.is_relative]
    if not kept:
        return Message("%(parts)s.", parts=scored)
    published = Listing(Message("%(criterion)s (%(formula)s)", criterion=leaf.path, formula=leaf.rule.name())
                        for leaf in kept)
    return Message("%(parts)s. Kept as published: %(kept)s.", parts=scored, kept=published)


def _order_by(totals: np.ndarray, bid_ids: Sequence[str]) -> tuple[str, ...]:
    """Bids by total, highest first; equal totals keep the binding order (a stable sort)."""
    import numpy as np  # imported where used, as in _totals_under
    order = np.argsort(-np.round(totals, 9), kind="stable")
    return tuple(bid_ids[i] for i in order)
