"""Orders eligible bids and settles ties by the tender's published chain, explaining each tie.

Directive 2014/24/EU is silent on ties: the chain is configured and published with the
tender. Drawing lots is a deterministic draw seeded by the tender reference: bids are ordered by
the SHA-256 of "reference|bid id", so anyone can repeat it and the input order does not matter.
"""

from __future__ import annotations

import hashlib
import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from scoring.result import Ranking, TieBreak
from scoring.rules.base import number_text

DECIMALS = 9  # scores equal to 9 decimals are a tie: float noise must not decide an award

STEP_WORDS = {"quality": "the higher quality score", "price": "the lower price",
              "submitted_at": "the earlier submission", "lots": "drawing lots"}


@dataclass(frozen=True)
class Contender:
    """What ranking needs to know about an eligible bid."""

    bid_id: str
    score: float  # lower is better: the negated total, or the ProZorro compared price
    quality: float
    price: float | None
    submitted_at: datetime | None


def draw_key(seed: str, bid_id: str) -> str:
    """The bid's place in the seeded draw of lots."""
    return hashlib.sha256(f"{seed}|{bid_id}".encode()).hexdigest()


def rank(contenders: Sequence[Contender], chain: Sequence[str], seed: str, method: str, is_binding: bool,
         score_text: Callable[[float], str]) -> Ranking:
    """Best first; each tie on score is split by the chain's steps in order, and explained."""
    steps = _step_keys(seed)
    ordered = sorted(contenders, key=lambda c: (round(c.score, DECIMALS), c.bid_id))
    order: list[str] = []
    positions: list[int] = []
    tie_breaks: list[TieBreak] = []
    for _, tied in itertools.groupby(ordered, key=lambda c: round(c.score, DECIMALS)):
        tied = list(tied)
        groups, used = _split(tied, tuple(chain), steps)
        for group in groups:
            position = len(order) + 1
            order += [c.bid_id for c in group]
            positions += [position] * len(group)
        if len(tied) > 1:
            tie_breaks.append(_explain(tied, groups, used, seed, score_text(tied[0].score)))
    return Ranking(method, is_binding, tuple(order), tuple(positions), tuple(tie_breaks))


def _step_keys(seed: str) -> dict[str, Callable[[Contender], object]]:
    """Sort keys of the chain's steps; lower sorts first."""
    return {"quality": lambda c: -round(c.quality, DECIMALS),
            "price": lambda c: math.inf if c.price is None else c.price,
            "submitted_at": lambda c: math.inf if c.submitted_at is None else c.submitted_at.timestamp(),
            "lots": lambda c: draw_key(seed, c.bid_id)}


def _split(tied: list[Contender], chain: tuple[str, ...], steps: dict
           ) -> tuple[list[list[Contender]], list[str]]:
    """The tied bids in order, as groups still tied after the chain, and the steps that separated any."""
    if len(tied) == 1 or not chain:
        return [sorted(tied, key=lambda c: c.bid_id)], []
    key = steps[chain[0]]
    buckets = [list(group) for _, group in itertools.groupby(sorted(tied, key=key), key=key)]
    if len(buckets) == 1:
        return _split(tied, chain[1:], steps)
    groups: list[list[Contender]] = []
    used = [chain[0]]
    for bucket in buckets:
        sub_groups, sub_used = _split(bucket, chain[1:], steps)
        groups += sub_groups
        used += [step for step in sub_used if step not in used]
    return groups, used


def _explain(tied: list[Contender], groups: list[list[Contender]], used: list[str], seed: str,
             score: str) -> TieBreak:
    """One sentence or two saying who tied, what decided, and what (if anything) stayed tied."""
    ids = tuple(c.bid_id for group in groups for c in group)
    text = f"Bids {', '.join(sorted(ids))} tied on {score}. "
    if used:
        text += "Decided by " + ", then ".join(_step_detail(step, tied, seed) for step in used) + ": "
        text += " before ".join(", ".join(c.bid_id for c in group) for group in groups) + "."
    unresolved = [group for group in groups if len(group) > 1]
    if unresolved:
        text += " " if used else ""
        text += "; ".join(f"{', '.join(c.bid_id for c in group)} remain tied: the published tie-break chain "
                          "does not separate them, so they share a rank" for group in unresolved) + "."
    drawn = "lots" in used
    return TieBreak(ids, tuple(used), text.strip(), seed if drawn else None)


def _step_detail(step: str, tied: list[Contender], seed: str) -> str:
    """The step's words with each bid's value, so the explanation can be checked."""
    values = {"quality": lambda c: f"{number_text(c.quality)} quality points",
              "price": lambda c: "no price" if c.price is None else number_text(c.price),
              "submitted_at": lambda c: "no time" if c.submitted_at is None else c.submitted_at.isoformat()}
    if step == "lots":
        return (f"drawing lots (a deterministic draw seeded by the tender reference {seed!r}: bids in order "
                "of the SHA-256 of \"reference|bid id\")")
    listed = ", ".join(f"{c.bid_id} {values[step](c)}" for c in tied)
    return f"{STEP_WORDS[step]} ({listed})"
