"""The evaluation result: immutable, complete enough to publish, and JSON-safe both ways."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any, NamedTuple

from scoring.abnormal import AbnormalFlag
from scoring.problems import Problem
from scoring.rules.base import PriceRange
from scoring.serialise import from_jsonable, to_jsonable

# CriterionResult.status
SCORED = "scored"  # points from the bid's own value
RESOLVED = "resolved"  # the value was missing; the rule's minimum or a clarified answer gave the points
INCOMPLETE = "incomplete"  # a metric over materials some of which were not declared: the published handling scored it
EXCLUDED = "excluded"  # the value was missing and the bid is excluded on that ground: no points
MISSING = "missing"  # no value and no resolution yet: points None, the bid's total is provisional
INVALID = "invalid"  # the value cannot be scored (a zero, negative or missing price): the bid is ineligible
NOT_SCORED = "not_scored"  # a relative price rule with no eligible bid to compare with


class CriterionResult(NamedTuple):
    """One bid on one leaf criterion: raw value, points on the rule's scale, and weighted points.

    Immutable like the rest, but a NamedTuple: there is one per bid and criterion, and building a
    frozen dataclass costs about seven times as much (benchmarks/bench_scoring.py).
    """

    code: str
    status: str
    value: bool | float | str | None
    points: float | None
    max_points: float
    weighted: float | None
    max_weighted: float
    note: str = ""  # how the value was reached (a resolution's reason, the judgement's aggregate)
    is_disagreement: bool = False  # judgement: the evaluators' spread reached the rule's share of the scale


@dataclass(frozen=True, slots=True)
class GroupResult:
    """A group's subtotal and, when it has one, its minimum-score gate."""

    code: str
    weighted: float
    max_weighted: float
    min_score: float | None
    is_gate_passed: bool | None  # None: the group has no gate


@dataclass(frozen=True, slots=True)
class ProzorroScore:
    """The ProZorro comparison for one bid: coefficient and compared price (price / coefficient)."""

    coefficient: float
    compared_price: float


@dataclass(frozen=True, slots=True)
class BidResult:
    """Everything the evaluation says about one bid."""

    bid_id: str
    bidder: str
    price: float | None
    submitted_at: str | None  # ISO 8601
    criteria: tuple[CriterionResult, ...]  # leaves in definition order
    groups: tuple[GroupResult, ...]  # groups in definition order
    total: float  # sum of weighted points; missing answers add nothing until resolved
    quality_total: float  # the part from criteria of type quality (tie-break "quality")
    provisional_max: float  # total if every missing answer got full points
    is_eligible: bool
    reasons: tuple[str, ...]  # why the bid is ineligible
    rank: int | None  # in the binding ranking; None when ineligible
    needs_resolution: tuple[str, ...]  # codes of criteria with missing answers
    abnormal: AbnormalFlag
    prozorro: ProzorroScore | None = None

    @property
    def is_provisional(self) -> bool:
        """A total with unresolved missing answers is a lower bound, not a final score."""
        return bool(self.needs_resolution)

    def criterion(self, code: str) -> CriterionResult:
        """The result for one criterion code."""
        return next(result for result in self.criteria if result.code == code)


@dataclass(frozen=True, slots=True)
class TieBreak:
    """How one tie was settled by the published chain, in words anyone can check."""

    bid_ids: tuple[str, ...]
    decided_by: tuple[str, ...]  # the chain's steps that separated them; empty if none did
    explanation: str
    seed: str | None = None  # the draw's seed when lots were drawn


@dataclass(frozen=True, slots=True)
class Ranking:
    """An order of the eligible bids under one award method."""

    method: str  # "weighted_sum" | "prozorro"
    is_binding: bool
    order: tuple[str, ...]  # bid ids, best first
    positions: tuple[int, ...]  # rank of each bid in `order` (equal for ties the chain left open)
    tie_breaks: tuple[TieBreak, ...]


@dataclass(frozen=True, slots=True)
class MissingAnswer:
    """An eligible bid's criterion that still needs an officer's resolution."""

    bid_id: str
    code: str
    path: str


@dataclass(frozen=True)
class EvaluationResult:
    """The whole evaluation; `bids` sorted by binding rank, then ineligible bids by id."""

    tender_reference: str
    weighting: str
    award_method: str
    max_total: float
    bids: tuple[BidResult, ...]
    rankings: tuple[Ranking, ...]
    price_range: PriceRange | None  # Pmin and Pmax among the eligible bids
    needs_resolution: tuple[MissingAnswer, ...]
    awaiting_decision: tuple[str, ...]  # flagged abnormally low bids without the buyer's decision
    problems: tuple[Problem, ...]  # bid data problems that did not stop the evaluation (e.g. invalid price)

    @property
    def is_final(self) -> bool:
        """No total is provisional and every abnormally low flag has a decision."""
        return not self.needs_resolution and not self.awaiting_decision

    @property
    def binding(self) -> Ranking:
        """The ranking that decides the award."""
        return next(ranking for ranking in self.rankings if ranking.is_binding)

    @property
    def winner(self) -> BidResult | None:
        """The first bid of the binding ranking, if any bid is eligible."""
        return self.bid(self.binding.order[0]) if self.binding.order else None

    def ranking(self, method: str) -> Ranking | None:
        """The ranking under one method, if computed."""
        return next((ranking for ranking in self.rankings if ranking.method == method), None)

    @cached_property
    def bids_by_id(self) -> dict[str, BidResult]:
        """The bid results by bid id, built once (looking bids up one by one would be quadratic)."""
        return {result.bid_id: result for result in self.bids}

    def bid(self, bid_id: str) -> BidResult:
        """The result for one bid id."""
        return self.bids_by_id[bid_id]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict; from_dict gives back an equal result."""
        return to_jsonable(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> EvaluationResult:
        """Rebuilds a result from to_dict's output (after a JSON round trip too)."""
        return from_jsonable(cls, data)
