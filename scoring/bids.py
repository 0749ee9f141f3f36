"""What a bid brings to the evaluation: price, answers, supply chain, committee scores, officer decisions."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from scoring.resilience import SupplyLine

ABNORMAL_DECISIONS = ("accepted", "rejected")


@dataclass(frozen=True)
class Judgement:
    """Committee scores for one criterion: {evaluator: (score, justification)} and the chair's consensus."""

    scores: Mapping[str, tuple[int, str]] = field(default_factory=dict)
    consensus: tuple[int, str] | None = None


@dataclass(frozen=True)
class Resolution:
    """The officer's explicit resolution of a missing answer: points on the rule's scale, and why."""

    points: float
    reason: str


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
    abnormal_decision: AbnormalDecision | None = None
