"""What-if weights: a copy of the tender with one weight moved and its siblings rescaled proportionally."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from fractions import Fraction

from scoring.criteria import Criterion, is_weighted, level_shares
from scoring.definition import Tender
from scoring.problems import InvalidInput, Problem


def rescaled(shares: Sequence[Fraction], index: int, value: Fraction) -> tuple[Fraction, ...]:
    """Sets one share of a level to `value` and rescales the others proportionally, keeping the level's sum
    (exactly for Fractions; floats may round)."""
    total = sum(shares)
    factor = max(0, (total - value) / (total - shares[index]))  # floats: never negative through rounding
    return tuple(value if i == index else share * factor for i, share in enumerate(shares))


def reweight(tender: Tender, code: str, share: float) -> Tender:
    """The tender with criterion `code` at `share` percent of its level, the weighted siblings rescaled
    (in points weighting, the max points of each sibling's leaves are scaled to the same effect)."""
    if not 0 < share < 100:
        raise InvalidInput([Problem(code, f"a share must be above 0 and below 100, got {share!r}")])
    found = _reweighted(tender.criteria, tender.weighting, code, Fraction(share))
    if found is None:
        raise InvalidInput([Problem(code, "no weighted criterion with siblings to rescale has this code")])
    return dataclasses.replace(tender, criteria=found)


def _reweighted(siblings: tuple[Criterion, ...], weighting: str, code: str, share: Fraction
                ) -> tuple[Criterion, ...] | None:
    """The level with the change applied, or None if `code` is not under it."""
    codes = [c.code for c in siblings if is_weighted(c, weighting)]
    if code in codes:
        if len(codes) < 2:
            return None
        old = [s for s, c in zip(level_shares(siblings, weighting), siblings) if is_weighted(c, weighting)]
        new = dict(zip(codes, rescaled(old, codes.index(code), share)))
        factors = {c: new[c] / s for c, s in zip(codes, old)}
        return tuple(_scaled(c, weighting, factors[c.code], new[c.code]) if c.code in new else c for c in siblings)
    for index, node in enumerate(siblings):
        children = _reweighted(node.children, weighting, code, share)
        if children is not None:
            return (*siblings[:index], dataclasses.replace(node, children=children), *siblings[index + 1:])
    return None


def _scaled(node: Criterion, weighting: str, factor: Fraction, share: Fraction) -> Criterion:
    """Percent: the node's new weight. Points: every leaf below scaled by the factor."""
    if weighting == "percent":
        return dataclasses.replace(node, weight=share)
    if node.is_group:
        return dataclasses.replace(node, children=tuple(_scaled(c, weighting, factor, share) for c in node.children))
    return dataclasses.replace(node, max_points=None if node.max_points is None else node.max_points * factor)
