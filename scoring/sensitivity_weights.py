"""How far each weight can move before the winner changes, solved exactly, and Dirichlet redraws.

Moving one weight to x with its siblings rescaled by (100 - x) / (100 - w) keeps the level at 100
and makes every bid's total linear in x: T(x) = a + c x. The winner changes where another bid's line
crosses the winner's, so the thresholds are the roots of (a_b - a_w) + (c_b - c_w) x in [0, 100].
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from scoring.weight_model import WeightModel

CHUNK_ELEMENTS = 1_000_000  # bids x draws per matrix product: 8 MB of float64 (larger was not faster)


@dataclass(frozen=True)
class Crossing:
    """The nearest weights, below and above the published one, where another bid takes first place."""

    falls_below: float | None
    falls_below_winner: str | None
    rises_above: float | None
    rises_above_winner: str | None


def crossings(model: WeightModel, fractions: np.ndarray, bid_ids: tuple[str, ...]) -> dict[str, Crossing]:
    """For each weight at a level with siblings, the thresholds where the first bid (row 0) loses first place."""
    contributions = {code: fractions[:, idx] @ model.leaf_weights[idx] for code, idx in model.node_leaves.items()}
    totals = fractions @ model.leaf_weights
    found = {}
    for level in model.levels:
        if len(level.codes) < 2:
            continue
        level_sum = sum(contributions[code] for code in level.codes)
        for code, share in zip(level.codes, level.shares):
            own = contributions[code]
            others = level_sum - own
            fraction = own / model.node_weight[code]  # weighted nodes only: never zero
            slope = level.parent_weight * fraction / 100 - others / (100 - share)
            intercept = totals - level_sum + 100 * others / (100 - share)
            found[code] = _nearest(intercept - intercept[0], slope - slope[0], share, bid_ids)
    return found


def _nearest(offset: np.ndarray, slope: np.ndarray, share: float, bid_ids: tuple[str, ...]) -> Crossing:
    """Roots of offset + slope x: the largest below `share` (slope < 0) and the smallest above (slope > 0)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        roots = -offset / slope
    below = np.where((slope < 0) & (roots > 0), roots, -np.inf)
    above = np.where((slope > 0) & (roots < 100), roots, np.inf)
    below[0], above[0] = -np.inf, np.inf
    low, high = int(np.argmax(below)), int(np.argmin(above))
    return Crossing(min(float(below[low]), share) if np.isfinite(below[low]) else None,
                    bid_ids[low] if np.isfinite(below[low]) else None,
                    max(float(above[high]), share) if np.isfinite(above[high]) else None,
                    bid_ids[high] if np.isfinite(above[high]) else None)


def first_place_counts(model: WeightModel, fractions: np.ndarray, draws: int, seed: int,
                       concentration: float) -> np.ndarray:
    """How often each bid (rows in ranking order, so ties go to the better-ranked) comes first when every
    level's shares are drawn from Dirichlet(concentration x published shares)."""
    rng = np.random.default_rng(seed)
    level_draws = [_draw_level(rng, level.shares, draws, concentration) for level in model.levels]
    counts = np.zeros(len(fractions), dtype=np.int64)
    chunk = max(1, CHUNK_ELEMENTS // max(1, len(fractions)))
    for start in range(0, draws, chunk):
        weights = model.leaf_weights_for([d[start:start + chunk] for d in level_draws])
        winners = np.argmax(fractions @ weights.T, axis=0)
        counts += np.bincount(winners, minlength=len(fractions))
    return counts


def _draw_level(rng: np.random.Generator, shares: tuple[float, ...], draws: int, concentration: float
                ) -> np.ndarray:
    """draws x len(shares) fractions summing to 1, centred on the published shares."""
    alpha = np.asarray(shares) / 100 * concentration
    if len(shares) < 2:
        return np.ones((draws, len(shares)))
    return rng.dirichlet(alpha, size=draws)
