"""Judgement criteria: a 0..N scale with a descriptor per level, scored by the committee.

docs/domain.md (judgement criteria): every score needs a written justification; the chair's consensus counts,
else the median or mean of the evaluators' scores; a spread of 30% of the scale (Bonfire) flags
a disagreement.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from scoring.messages import Message, Percent
from scoring.rules.base import SCORE, ParamReader, PriceRange, Rule

AGGREGATES = ("consensus", "median", "mean")
STATISTICS = ("median", "mean")
DEFAULT_DISAGREEMENT_SHARE = 30.0  # percent of the scale, as Bonfire flags it (VendorPanel uses 40)
# What counts, by (the chair's consensus counts, the statistic is the median): one whole sentence each to translate.
COUNTED = {
    (True, True): Message("The chair's consensus score counts; without one, the median of the evaluators' scores."),
    (True, False): Message("The chair's consensus score counts; without one, the mean of the evaluators' scores."),
    (False, True): Message("The median of the evaluators' scores counts."),
    (False, False): Message("The mean of the evaluators' scores counts."),
}
# How the score that counts was reached (a criterion result's note), the templates an application reads back.
CONSENSUS_NOTE = Message("chair's consensus")
NO_SCORES_NOTE = Message("no scores")
MEDIAN_NOTE = Message("median of %(count)s evaluators (%(scores)s)", count="", scores="")
MEAN_NOTE = Message("mean of %(count)s evaluators (%(scores)s)", count="", scores="")
AGGREGATE_NOTES = (CONSENSUS_NOTE, NO_SCORES_NOTE, MEDIAN_NOTE, MEAN_NOTE)


@dataclass(frozen=True)
class Aggregate:
    """The score that counts, how it was reached, and whether the evaluators disagree."""

    score: float | None
    method: str
    spread: float | None
    is_disagreement: bool


@dataclass(frozen=True)
class JudgementRule(Rule):
    """Points = the aggregated score on the 0..scale levels."""

    kind: ClassVar[str] = "judgement"
    value_kind: ClassVar[str] = SCORE
    scale: int
    descriptors: tuple[str, ...]
    aggregate: str = "consensus"
    fallback: str = "median"  # used when aggregate is consensus and the chair has not set one
    disagreement_share: float = DEFAULT_DISAGREEMENT_SHARE

    @classmethod
    def read_params(cls, reader: ParamReader) -> dict[str, Any]:
        """scale (1..100), one descriptor per level 0..scale, aggregate, fallback, disagreement_share."""
        scale = reader.number("scale", low=1, high=100)
        if scale is not None and not scale.is_integer():
            reader.problem("scale", Message("expected a whole number of levels, got %(scale)s", scale=scale))
            scale = None
        descriptors = reader.get("descriptors")
        if descriptors is not None:
            if not isinstance(descriptors, (list, tuple)) or not all(
                    isinstance(d, str) and d.strip() for d in descriptors):
                reader.problem("descriptors", Message("expected a list of non-empty texts, one per level"))
                descriptors = None
            elif scale is not None and len(descriptors) != scale + 1:
                reader.problem("descriptors", Message("expected %(count)s descriptors (levels 0 to %(scale)s), got "
                                                      "%(found)s", count=int(scale) + 1, scale=int(scale),
                                                      found=len(descriptors)))
                descriptors = None
        return {"scale": None if scale is None else int(scale),
                "descriptors": None if descriptors is None else tuple(descriptors),
                "aggregate": reader.choice("aggregate", AGGREGATES, "consensus"),
                "fallback": reader.choice("fallback", STATISTICS, "median"),
                "disagreement_share": reader.number("disagreement_share", DEFAULT_DISAGREEMENT_SHARE, 0, 100)}

    def params(self) -> dict[str, Any]:
        """scale, descriptors, aggregate, fallback, disagreement_share."""
        return {"scale": self.scale, "descriptors": list(self.descriptors), "aggregate": self.aggregate,
                "fallback": self.fallback, "disagreement_share": self.disagreement_share}

    @property
    def max_points(self) -> float:
        """The top level of the scale."""
        return float(self.scale)

    def points(self, value: Any, context: PriceRange | None = None) -> float:
        """The aggregated score is the points."""
        return float(value)

    def score_problem(self, score: Any) -> Message | None:
        """Why one evaluator's score is not a level of the scale, or None."""
        if isinstance(score, bool) or not isinstance(score, int) or not 0 <= score <= self.scale:
            return Message("expected a whole score from 0 to %(scale)s, got %(value)s", scale=self.scale,
                           value=repr(score))
        return None

    def aggregate_scores(self, scores: Mapping[str, int], consensus: int | None) -> Aggregate:
        """The chair's consensus if it counts and is set, else the configured median or mean."""
        values = sorted(scores.values())
        spread = float(values[-1] - values[0]) if values else None
        is_disagreement = spread is not None and spread >= self.disagreement_share / 100 * self.scale
        statistic = self.fallback if self.aggregate == "consensus" else self.aggregate
        if self.aggregate == "consensus" and consensus is not None:
            return Aggregate(float(consensus), CONSENSUS_NOTE, spread, is_disagreement)
        if not values:
            return Aggregate(None, NO_SCORES_NOTE, None, False)
        score = statistics.median(values) if statistic == "median" else statistics.fmean(values)
        listed = ", ".join(str(v) for v in values)
        template = MEDIAN_NOTE if statistic == "median" else MEAN_NOTE
        return Aggregate(float(score), Message(template.msgid, count=len(values), scores=listed), spread,
                         is_disagreement)

    def describe(self) -> Message:
        """Plain-language rule text, with every level's descriptor (the authority's words, not translated)."""
        levels = "; ".join(f"{level} {text}" for level, text in enumerate(self.descriptors))
        statistic = self.fallback if self.aggregate == "consensus" else self.aggregate
        counted = COUNTED[(self.aggregate == "consensus", statistic == "median")]
        return Message("Scored by the evaluation committee on a scale of 0 to %(scale)s (%(levels)s), each score "
                       "with a written justification. %(counted)s A spread between evaluators of %(share)s of the "
                       "scale or more is flagged as a disagreement.", scale=self.scale, levels=levels,
                       counted=counted, share=Percent(self.disagreement_share))

    def formula(self) -> str:
        """The formula text."""
        return f"points = max points × score / {self.scale}"
