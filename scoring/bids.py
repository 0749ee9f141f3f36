"""What a bid brings to the evaluation: price, answers, supply chain, committee scores, officer decisions."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from scoring.resilience import SupplyLine

ABNORMAL_DECISIONS = ("accepted", "rejected")


@dataclass(frozen=True)
class Judgement:
    """Committee scores for one criterion: {evaluator: (score, justification)} and the chair's consensus."""

    scores: Mapping[str, tuple[int, str]] = field(default_factory=dict)
    consensus: tuple[int, str] | None = None


# How a missing answer is resolved after the deadline. A blank earns no points of its own: it is scored
# at the rule's minimum, it is the ground for excluding the bid, or the bidder completes it in answer to a
# recorded clarification request (Directive 2014/24/EU Art. 56(3)). Nothing else may give it points.
MINIMUM = "minimum"
EXCLUDE = "exclude"
CLARIFIED = "clarified"
# A claim the bid made (an answer, a declared supply chain) that the committee asked the bidder to substantiate
# (Art. 56(3)) and found not substantiated: the criterion scores the rule's minimum although the bid answered it.
# Every other kind leaves an answered criterion as the bid answered it.
UNSUBSTANTIATED = "unsubstantiated"
RESOLUTION_KINDS = (MINIMUM, EXCLUDE, CLARIFIED, UNSUBSTANTIATED)


@dataclass(frozen=True)
class Clarification:
    """A recorded request under Directive 2014/24/EU Art. 56(3) and the bidder's answer.

    The answer is in the rule's own value type (yes/no, a number, an option key; for a judgement
    criterion, what the bidder supplied, which the committee then scores). `is_bid_unchanged` is the
    officer's statement that the answer clarifies or completes what the bid contained and does not
    change it: without it the answer may not be entered.
    """

    request: str
    requested_on: date
    answer: Any
    evidence: str  # reference of the document holding the bidder's answer
    is_bid_unchanged: bool


@dataclass(frozen=True)
class Resolution:
    """The officer's resolution of a missing answer: its kind, the reason, and for `clarified` the record."""

    kind: str  # MINIMUM | EXCLUDE | CLARIFIED | UNSUBSTANTIATED
    reason: str
    clarification: Clarification | None = None


@dataclass(frozen=True)
class AbnormalDecision:
    """The buyer's decision on an abnormally low price after asking for an explanation (Art. 69)."""

    decision: str  # "accepted" | "rejected"
    reason: str


@dataclass(frozen=True)
class Bid:
    """One tender as the evaluation sees it (built by the app from workbooks and database rows)."""

    id: str
    bidder: str
    price: float | None
    submitted_at: datetime | None = None  # UTC, aware
    control_country: str | None = None  # ultimate controlling entity's country, ISO alpha-2
    answers: Mapping[str, Any] = field(default_factory=dict)
    supply: tuple[SupplyLine, ...] = ()
    judgements: Mapping[str, Judgement] = field(default_factory=dict)
    resolutions: Mapping[str, Resolution] = field(default_factory=dict)
    exclusion: str | None = None  # the officer excluded the bid, with this reason
    # The exclusion's grounds concern the tenderer (Directive 2014/24/EU Art. 57), not this bid: in a tender
    # divided into lots it excludes the tenderer from every lot (scoring/lot_evaluation.py).
    exclusion_concerns_tenderer: bool = False
    abnormal_decision: AbnormalDecision | None = None
