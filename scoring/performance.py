"""Contract performance: the winner's resilience commitments against what it delivers, period by period.

The contract performance conditions (Directive 2014/24/EU Art. 70; scoring/performance_conditions.py) make
some resilience criteria binding. The commitment is what earned the winner its points: the value the final
evaluation read from its declared supply chain. What it delivers is the same metric computed by the same
code (compute_profile, then score_leaf through read_metric with the criterion's published handling) from the
supply chain the contractor reports for a period, so a report is measured exactly as the bid was.

A shortfall is how far delivery falls below the commitment, in the tolerance's unit: the metric's own points
(lower is better for concentration metrics, higher for shares) or the criterion's points. Beyond the
tolerance it is flagged; where the contract fixes an amount per point below the commitment, the amount is
that many points (counted from the commitment, not from the tolerance) times the amount. A report that
leaves a committed material undeclared cannot be measured in the metric: it is flagged without an amount,
for the officer to decide. Nothing here decides the response: the officer records it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import date, timedelta

from scoring.bids import Bid
from scoring.definition import Tender
from scoring.leaf_scoring import score_leaf
from scoring.performance_conditions import PerformanceConditions
from scoring.plan import LeafPlan, plan_scoring
from scoring.resilience import CONCENTRATION_METRICS, SupplyLine, compute_profile
from scoring.result import BidResult

AMOUNT_DIGITS = 2  # amounts in the currency's cents


@dataclass(frozen=True)
class Commitment:
    """One binding criterion and the winner's value on it (None: its points were the rule's minimum)."""

    code: str
    path: str
    metric: str
    stage: str
    material: str | None
    value: float | None
    points: float
    max_points: float

    def to_dict(self) -> dict:
        """JSON-ready; from_dict reads it back."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping) -> Commitment:
        """Inverse of to_dict."""
        return cls(**{key: data[key] for key in cls.__dataclass_fields__})


@dataclass(frozen=True)
class Delivery:
    """One commitment against the metric computed from a period's reported supply chain."""

    commitment: Commitment
    value: float | None  # None: a committed material left undeclared, or no supply chain reported
    points: float
    shortfall: float | None  # below the commitment, tolerance's unit, 0 when met or better; None: not measurable
    is_beyond_tolerance: bool
    amount: float | None  # by the published clause; None: no amount clause, or not measurable

    def to_dict(self) -> dict:
        """JSON-ready; the commitment nested."""
        return {**asdict(self), "commitment": self.commitment.to_dict()}

    @classmethod
    def from_dict(cls, data: Mapping) -> Delivery:
        """Inverse of to_dict."""
        fields = {key: data[key] for key in cls.__dataclass_fields__}
        return cls(**{**fields, "commitment": Commitment.from_dict(data["commitment"])})


@dataclass(frozen=True)
class PeriodAssessment:
    """Every binding criterion for one reporting period, and the contractual amount in total."""

    deliveries: tuple[Delivery, ...]

    @property
    def shortfalls(self) -> tuple[Delivery, ...]:
        """The deliveries beyond the tolerance."""
        return tuple(delivery for delivery in self.deliveries if delivery.is_beyond_tolerance)

    @property
    def amount(self) -> float | None:
        """The sum of the computed amounts; None when no shortfall carries one."""
        amounts = [delivery.amount for delivery in self.shortfalls if delivery.amount is not None]
        return round(math.fsum(amounts), AMOUNT_DIGITS) if amounts else None

    def to_dict(self) -> dict:
        """JSON-ready."""
        return {"deliveries": [delivery.to_dict() for delivery in self.deliveries]}

    @classmethod
    def from_dict(cls, data: Mapping) -> PeriodAssessment:
        """Inverse of to_dict."""
        return cls(tuple(Delivery.from_dict(item) for item in data["deliveries"]))


def commitments(tender: Tender, winner: BidResult) -> tuple[Commitment, ...]:
    """The winner's values on the binding criteria of `tender` (a lot's view for a tender in lots), in the
    published order; a binding code that is not a criterion of this lot binds nothing here."""
    conditions = tender.contract_performance
    if conditions is None:
        return ()
    leaves = _leaves(tender)
    results = {result.code: result for result in winner.criteria}
    found = []
    for code in conditions.binding:
        leaf = leaves.get(code)
        if leaf is None:
            continue
        result = results[code]
        source = leaf.criterion.source
        value = None if result.value is None else float(result.value)
        found.append(Commitment(code, leaf.path, source.metric, source.stage, source.material, value,
                                float(result.points if result.points is not None else leaf.rule.min_points),
                                float(leaf.max_points)))
    return tuple(found)


def assess_period(tender: Tender, promised: Sequence[Commitment], lines: Iterable[SupplyLine]) -> PeriodAssessment:
    """Delivery on each commitment from the period's reported supply chain; InvalidInput (placed problems)
    when the report's supply chain cannot be read, exactly as for a bid."""
    conditions = tender.contract_performance
    if conditions is None:
        raise ValueError("the tender publishes no contract performance conditions")
    profile = compute_profile(tuple(lines), tender.bill_of_materials, tender.partner_group)
    leaves = _leaves(tender)
    report = Bid(id="performance report", bidder="", price=None)
    deliveries = []
    for commitment in promised:
        leaf = leaves[commitment.code]
        result = score_leaf(leaf, report, profile, None)
        value = None if result.value is None else float(result.value)
        points = float(result.points if result.points is not None else leaf.rule.min_points)
        shortfall = _shortfall(conditions, commitment, value, points)
        beyond = shortfall is None or shortfall > conditions.tolerance
        amount = (round(shortfall * conditions.amount_per_point, AMOUNT_DIGITS)
                  if beyond and shortfall is not None and conditions.amount_per_point is not None else None)
        deliveries.append(Delivery(commitment, value, points, shortfall, beyond, amount))
    return PeriodAssessment(tuple(deliveries))


def _shortfall(conditions: PerformanceConditions, commitment: Commitment, value: float | None,
               points: float) -> float | None:
    """How far below the commitment, in the tolerance's unit (never below 0); None when not measurable."""
    if conditions.tolerance_unit == "points":
        return _clean(max(0.0, commitment.points - points))
    if commitment.value is None:
        return 0.0  # scored at the minimum: no value was committed beyond it
    if value is None:
        return None
    gap = value - commitment.value if commitment.metric in CONCENTRATION_METRICS else commitment.value - value
    return _clean(max(0.0, gap))


def _clean(number: float) -> float:
    """Rounded to 6 decimals: 20 - 12.499999999999998 is a shortfall of 7.5, as the reader computes it."""
    return round(number, 6) + 0.0


def _leaves(tender: Tender) -> dict[str, LeafPlan]:
    """The leaves that read a resilience metric, by code."""
    return {leaf.code: leaf for leaf in plan_scoring(tender).leaves if leaf.criterion.source is not None}


def yearly_period(start: date, number: int, within_days: int) -> tuple[date, date, date]:
    """Contract year `number` (1 = the first): its first day, its last day, and the day its report is due."""
    first = _add_years(start, number - 1)
    last = _add_years(start, number) - timedelta(days=1)
    return first, last, last + timedelta(days=within_days)


def _add_years(day: date, years: int) -> date:
    """The same day `years` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True)
class CallOffPeriod:
    """A call-off as a reporting period: its number, its place in the sequence given, its day and due day."""

    number: int
    index: int
    day: date
    due: date


def call_off_periods(days: Sequence[date], within_days: int) -> tuple[CallOffPeriod, ...]:
    """Each call-off a reporting period (tender.yaml `reporting: {period: call_off}`: a report per call-off),
    numbered in order of date, call-offs of one day in the order given; each report is due `within_days` after
    its call-off."""
    order = sorted(range(len(days)), key=lambda index: days[index])  # stable: one day's call-offs as given
    return tuple(CallOffPeriod(number, index, days[index], call_off_due(days[index], within_days))
                 for number, index in enumerate(order, start=1))


def call_off_due(day: date, within_days: int) -> date:
    """The day a call-off's report is due: `within_days` after the call-off."""
    return day + timedelta(days=within_days)


@dataclass(frozen=True)
class TerminationCount:
    """How near the contract's termination clause is: the periods with a shortfall beyond the tolerance, in
    order, against the number the contract states (`termination_after`; None: the contract states none)."""

    periods: tuple[int, ...]
    after: int | None

    @property
    def is_open(self) -> bool:
        """Whether the clause's number is reached. The clause gives the authority a right (Directive 2014/24/EU
        Art. 70: the consequences are the contract's own); exercising it is the authority's decision."""
        return self.after is not None and len(self.periods) >= self.after


def termination_count(conditions: PerformanceConditions,
                      assessments: Mapping[int, PeriodAssessment]) -> TerminationCount:
    """The periods (by number) whose report has a shortfall beyond the tolerance, including one not measurable
    (a committed material left undeclared) and one the officer accepted: the clause counts shortfalls, and what
    the authority makes of them is its decision. A period without a report counts for nothing here."""
    counted = tuple(sorted(number for number, assessment in assessments.items() if assessment.shortfalls))
    return TerminationCount(counted, conditions.termination_after)
