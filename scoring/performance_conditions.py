"""Reads tender.yaml's `contract_performance:`: the contract performance conditions published with the tender.

Directive 2014/24/EU Art. 70: contracting authorities may lay down special conditions relating to the
performance of a contract, provided they are linked to the subject-matter and indicated in the call for
competition or the procurement documents. Here they make the resilience the winner was scored on binding
during the contract: which resilience criteria bind, how far delivery may fall short of the commitment
(the tolerance), how often the contractor reports, and what a shortfall leads to as the contract states
it (a remedy plan, a fixed amount per point below the commitment, a termination right). Every number is
the tender's own parameter; none is a default: the Directive fixes none.

    contract_performance:
      binding: [RES-RECYCLED, RES-DY-REF]   # codes of criteria that read a resilience metric
      tolerance: {value: 2, unit: metric}   # metric: the metric's own points (percentage points, HHI
                                            # points); points: the criterion's points
      reporting: {period: yearly, periods: 3, report_within_days: 60}   # or period: call_off
      consequences:
        remedy_plan_days: 60                # the contractor submits a remedy plan within these days
        amount_per_point: 1000              # per point (tolerance unit) below the commitment, beyond tolerance
        termination_after: 2                # periods with a shortfall that open the termination right
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from scoring.messages import Message
from scoring.problems import Problem
from scoring.rules.base import as_number

TOLERANCE_UNITS = ("metric", "points")
PERIODS = ("yearly", "call_off")
KEYS = ("binding", "tolerance", "reporting", "consequences")
CONSEQUENCE_KEYS = ("remedy_plan_days", "amount_per_point", "termination_after")
PLACE = "contract_performance"


@dataclass(frozen=True)
class PerformanceConditions:
    """The published conditions (Art. 70); consequences None where the contract states none."""

    binding: tuple[str, ...]
    tolerance: float
    tolerance_unit: str  # one of TOLERANCE_UNITS
    period: str  # one of PERIODS
    periods: int | None  # yearly: the contract's years; call_off: None (a report per call-off)
    report_within_days: int
    remedy_plan_days: int | None = None
    amount_per_point: float | None = None
    termination_after: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """The section as tender.yaml writes it."""
        reporting: dict[str, Any] = {"period": self.period, "report_within_days": self.report_within_days}
        if self.periods is not None:
            reporting["periods"] = self.periods
        consequences = {key: getattr(self, key) for key in CONSEQUENCE_KEYS if getattr(self, key) is not None}
        return {"binding": list(self.binding), "tolerance": {"value": self.tolerance, "unit": self.tolerance_unit},
                "reporting": reporting, "consequences": consequences}


def parse_performance(raw: Any, metric_codes: set[str]) -> tuple[PerformanceConditions | None, list[Problem]]:
    """The conditions (None when the tender publishes none) and every problem, placed
    (`contract_performance.tolerance.value`). `metric_codes`: the codes of the criteria that read a
    resilience metric, in the tender's tree or a lot's."""
    if raw is None:
        return None, []
    if not isinstance(raw, Mapping):
        return None, [Problem(PLACE, Message("expected a mapping with %(keys)s", keys=", ".join(KEYS)))]
    problems = [Problem(f"{PLACE}.{key}", Message("unknown field")) for key in raw if key not in KEYS]
    binding = _binding(raw.get("binding"), metric_codes, problems)
    tolerance, unit = _tolerance(raw.get("tolerance"), problems)
    period, periods, within = _reporting(raw.get("reporting"), problems)
    consequences = _consequences(raw.get("consequences", {}), problems)
    if problems:
        return None, problems
    return PerformanceConditions(binding, tolerance, unit, period, periods, within, **consequences), []


def stored_performance(raw: Mapping) -> PerformanceConditions:
    """Conditions stored once checked (a tender's, by its form or an import; a contract's, as its tender published
    them), read again. Their binding codes were checked against the tender's criteria when stored, so they are
    taken as they are; any other problem means the stored copy is damaged, which no reader should see as "none"."""
    conditions, problems = parse_performance(raw, set(raw["binding"]))
    if conditions is None:
        raise ValueError(f"stored contract performance conditions no longer read: {problems}")
    return conditions


def _binding(raw: Any, metric_codes: set[str], problems: list[Problem]) -> tuple[str, ...]:
    place = f"{PLACE}.binding"
    if not isinstance(raw, Sequence) or isinstance(raw, str) or not raw:
        problems.append(Problem(place, Message("expected a non-empty list of criterion codes")))
        return ()
    for index, code in enumerate(raw):
        if code not in metric_codes:
            problems.append(Problem(f"{place}[{index}]", Message(
                "%(code)s is not a criterion that reads a resilience metric of the supply chain (a criterion with a "
                "source)", code=repr(code))))
    if len(set(map(str, raw))) != len(raw):
        problems.append(Problem(place, Message("a criterion appears twice")))
    return tuple(str(code) for code in raw)


def _tolerance(raw: Any, problems: list[Problem]) -> tuple[float, str]:
    place = f"{PLACE}.tolerance"
    if not isinstance(raw, Mapping) or set(raw) - {"value", "unit"}:
        problems.append(Problem(place, Message("expected {value: a number, unit: metric or points}")))
        return 0.0, "metric"
    value = as_number(raw.get("value"))
    if value is None or value < 0:
        problems.append(Problem(f"{place}.value", Message("expected a number of 0 or more, got %(value)s",
                                                                value=repr(raw.get("value")))))
    unit = raw.get("unit")
    if unit not in TOLERANCE_UNITS:
        problems.append(Problem(f"{place}.unit", Message("expected one of %(options)s, got %(value)s",
                                                               options=", ".join(TOLERANCE_UNITS), value=repr(unit))))
    return float(value or 0.0), str(unit)


def _reporting(raw: Any, problems: list[Problem]) -> tuple[str, int | None, int]:
    place = f"{PLACE}.reporting"
    if not isinstance(raw, Mapping) or set(raw) - {"period", "periods", "report_within_days"}:
        problems.append(Problem(place, Message("expected {period: yearly or call_off, periods, report_within_days}")))
        return "yearly", None, 0
    period = raw.get("period")
    if period not in PERIODS:
        problems.append(Problem(f"{place}.period", Message("expected one of %(options)s, got %(value)s",
                                                                 options=", ".join(PERIODS), value=repr(period))))
    periods = _count(raw, "periods", place, problems) if period == "yearly" or "periods" in raw else None
    if period == "call_off" and periods is not None:
        problems.append(Problem(f"{place}.periods",
                                Message("a report per call-off: the number of call-offs is not known")))
    within = _count(raw, "report_within_days", place, problems)
    return str(period), periods, within or 0


def _consequences(raw: Any, problems: list[Problem]) -> dict[str, Any]:
    place = f"{PLACE}.consequences"
    if not isinstance(raw, Mapping) or set(raw) - set(CONSEQUENCE_KEYS):
        problems.append(Problem(place, Message("expected a mapping with %(keys)s", keys=", ".join(CONSEQUENCE_KEYS))))
        return {}
    found: dict[str, Any] = {}
    for key in ("remedy_plan_days", "termination_after"):
        if raw.get(key) is not None:
            found[key] = _count(raw, key, place, problems)
    if raw.get("amount_per_point") is not None:
        amount = as_number(raw["amount_per_point"])
        if amount is None or amount <= 0:
            problems.append(Problem(f"{place}.amount_per_point",
                                    Message("expected an amount above 0, got %(value)s",
                                            value=repr(raw["amount_per_point"]))))
        found["amount_per_point"] = amount
    return found


def _count(raw: Mapping[str, Any], key: str, place: str, problems: list[Problem]) -> int | None:
    """A whole number of 1 or more."""
    value = raw.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        problems.append(Problem(f"{place}.{key}", Message("expected a whole number of 1 or more, got %(value)s",
                                                                value=repr(value))))
        return None
    return value
