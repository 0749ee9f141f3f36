"""A tender's contract performance conditions (Directive 2014/24/EU Art. 70) as its pages state them.

Art. 70 lets the authority bind the contractor to special conditions only if they are indicated in the call for
competition or the procurement documents, so the officer's tender page, the bidders' tender page and the contract
pages must state the same conditions in the same words: they all take them from here. The binding criteria are
named as the reader's page names them (app/records/texts.py), beside the code the criteria table shows.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from app.models import Criterion, Tender
from app.presentation import money_text, plain_text
from app.records.texts import criterion_name
from scoring.performance_conditions import PerformanceConditions, stored_performance


@dataclass(frozen=True)
class PerformanceTerms:
    """The published conditions in the reader's language."""

    binding: tuple[str, ...]  # "RES-RECYCLED · Recycled feedstock", in the order the tender lists them
    tolerance: str
    reporting: str
    consequences: tuple[str, ...]  # empty: the contract states none


def metric_criteria(tender: Tender) -> list[Criterion]:
    """The tender's criteria that read a resilience metric (those the conditions may bind), in the order of the
    criteria tree (the shared tree, then each lot's), each code once: a lot may repeat a shared criterion."""
    rows = {row.id: row for row in tender.criteria}

    def positions(row: Criterion) -> tuple[int, ...]:
        parent = rows.get(row.parent_id) if row.parent_id else None
        return (*positions(parent), row.position) if parent else (row.position,)

    found: dict[str, Criterion] = {}
    for row in sorted((row for row in rows.values() if row.source),
                      key=lambda row: (row.lot_number or 0, positions(row))):
        found.setdefault(row.code, row)
    return list(found.values())


def criterion_label(row: Criterion) -> str:
    """A criterion as the criteria table shows it: its code and its name in the reader's language."""
    return f"{row.code} · {criterion_name(row)}"


def stored_conditions(tender: Tender) -> PerformanceConditions | None:
    """The conditions the tender publishes, None when it publishes none (stored once checked: by the form or an
    import; the criteria they bind are checked again before publication)."""
    return stored_performance(tender.contract_performance) if tender.contract_performance else None


def performance_terms(tender: Tender) -> PerformanceTerms | None:
    """The tender's conditions as its pages state them; None when it publishes none."""
    conditions = stored_conditions(tender)
    if conditions is None:
        return None
    labels = {row.code: criterion_label(row) for row in metric_criteria(tender)}
    return PerformanceTerms(tuple(labels.get(code, code) for code in conditions.binding),
                            tolerance_words(conditions), reporting_words(conditions),
                            tuple(consequence_words(conditions, tender.currency)))


def tolerance_words(conditions: PerformanceConditions) -> str:
    if conditions.tolerance_unit == "points":
        return _("%(points)s criterion points", points=plain_text(conditions.tolerance))
    return _("%(number)s metric points (percentage points, or HHI points for a concentration)",
             number=plain_text(conditions.tolerance))


def consequence_words(conditions: PerformanceConditions, currency: str) -> list[str]:
    """The consequences the contract states for a shortfall beyond the tolerance."""
    words = []
    if conditions.remedy_plan_days:
        words.append(_("a remedy plan within %(days)s days", days=conditions.remedy_plan_days))
    if conditions.amount_per_point:
        words.append(_("%(amount)s per point below the commitment",
                       amount=money_text(conditions.amount_per_point, currency)))
    if conditions.termination_after:
        words.append(_("a right to terminate after %(count)s reporting periods with a shortfall",
                       count=conditions.termination_after))
    return words


def reporting_words(conditions: PerformanceConditions) -> str:
    if conditions.period == "call_off":
        return _("a report per call-off, within %(days)s days", days=conditions.report_within_days)
    return _("a report per contract year for %(years)s years, within %(days)s days of the year's end",
             years=conditions.periods, days=conditions.report_within_days)


def period_name(number: int, is_call_off: bool) -> str:
    """ "year 1", or "call-off 2" (a period known only by its number: the audit log's)."""
    if is_call_off:
        return _("call-off %(number)s", number=number)
    return _("year %(number)s", number=number)
