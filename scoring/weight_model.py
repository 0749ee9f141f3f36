"""The tree as numpy arrays for sensitivity analysis: levels of sibling weights and the bids' leaf fractions.

A bid's total is sum over leaves of fraction x effective weight, and a leaf's effective weight is the
product of its ancestors' shares of their levels: that is what lets one weight move (the others at its
level rescaled) or all weights be redrawn, without re-running the evaluation.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from scoring.criteria import Criterion, is_weighted, level_shares, path_text
from scoring.definition import Tender
from scoring.plan import plan_scoring
from scoring.result import BidResult


@dataclass(frozen=True, eq=False)
class Level:
    """Weighted siblings under one parent, with their shares of the level in percent."""

    parent_weight: float  # the parent's effective weight (the level's part of the total)
    codes: tuple[str, ...]
    paths: tuple[str, ...]
    shares: tuple[float, ...]


@dataclass(frozen=True, eq=False)
class WeightModel:
    """Levels, weighted leaves, and for each leaf the (level, position) of each ancestor."""

    levels: tuple[Level, ...]
    leaf_codes: tuple[str, ...]
    leaf_weights: np.ndarray  # effective weights, totals = fractions @ leaf_weights
    leaf_ancestry: tuple[tuple[tuple[int, int], ...], ...]
    node_leaves: dict[str, np.ndarray]  # node code -> indices of its weighted leaves
    node_weight: dict[str, float]
    scale: float  # the total's maximum: 100 in percent weighting, the sum of max points otherwise

    def fractions(self, bids: Sequence[BidResult]) -> np.ndarray:
        """Each bid's points as a fraction of the rule's maximum, per weighted leaf (missing counts 0)."""
        fractions = np.zeros((len(bids), len(self.leaf_codes)))
        for row, bid in enumerate(bids):
            by_code = {c.code: c for c in bid.criteria}
            for column, code in enumerate(self.leaf_codes):
                result = by_code[code]
                if result.points is not None:
                    fractions[row, column] = result.points / result.max_points
        return fractions

    def leaf_weights_for(self, level_draws: Sequence[np.ndarray]) -> np.ndarray:
        """Effective leaf weights (draws x leaves) from per-level shares (draws x level size, fractions)."""
        count = len(level_draws[0]) if level_draws else 1
        weights = np.full((count, len(self.leaf_codes)), self.scale)
        for column, ancestry in enumerate(self.leaf_ancestry):
            for level, position in ancestry:
                weights[:, column] *= level_draws[level][:, position]
        return weights


def build_weight_model(tender: Tender) -> WeightModel:
    """Reads levels and weighted leaves from the tender, in definition order."""
    plan = plan_scoring(tender)
    weights = {leaf.code: leaf.weight for leaf in plan.leaves}
    weights.update({group.criterion.code: group.weight for group in plan.groups})
    levels: list[Level] = []
    leaf_codes: list[str] = []
    ancestry: list[tuple[tuple[int, int], ...]] = []
    node_leaves: dict[str, list[int]] = {}

    def visit(siblings: Sequence[Criterion], parent_weight: float, names: tuple[str, ...],
              above: tuple[tuple[int, int], ...], owners: tuple[str, ...]) -> None:
        """Adds the level of these siblings, then recurses into its groups."""
        weighted = [(node, share) for node, share in zip(siblings, level_shares(siblings, tender.weighting))
                    if is_weighted(node, tender.weighting)]
        level = len(levels)
        levels.append(Level(parent_weight, tuple(n.code for n, _ in weighted),
                            tuple(path_text((*names, n.name)) for n, _ in weighted),
                            tuple(float(share) for _, share in weighted)))
        for position, (node, _) in enumerate(weighted):
            steps = (*above, (level, position))
            if node.is_group:
                visit(node.children, weights[node.code], (*names, node.name), steps, (*owners, node.code))
            else:
                for owner in (*owners, node.code):
                    node_leaves.setdefault(owner, []).append(len(leaf_codes))
                leaf_codes.append(node.code)
                ancestry.append(steps)

    visit(tender.criteria, plan.max_total, (), (), ())
    return WeightModel(tuple(levels), tuple(leaf_codes), np.array([weights[c] for c in leaf_codes]),
                       tuple(ancestry), {code: np.array(idx) for code, idx in node_leaves.items()},
                       weights, plan.max_total)
