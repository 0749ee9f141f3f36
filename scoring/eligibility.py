"""Why a bid may not win: officer exclusion, controlling country, invalid price, gates, rejected low price.

Each check returns plain-language reasons; an empty list means the bid stays in the competition.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from scoring.abnormal import AbnormalFlag
from scoring.bids import Bid
from scoring.countries import country_name
from scoring.definition import Tender
from scoring.plan import ScoringPlan
from scoring.result import EXCLUDED, MISSING, CriterionResult, GroupResult
from scoring.rules.base import number_text
from scoring.rules.price import price_problem


def screening_reasons(tender: Tender, plan: ScoringPlan, bid: Bid, results: Sequence[CriterionResult | None],
                      is_price_required: bool) -> list[str]:
    """Reasons that hold whatever the other bids are: exclusion, controlling country, price, pass/fail gates."""
    reasons = []
    if bid.exclusion:
        reasons.append(f"Excluded by the officer: {bid.exclusion}")
    reasons += [f"Excluded by the officer: no answer to {leaf.path}: {bid.resolutions[leaf.code].reason}"
                for leaf, result in zip(plan.leaves, results) if result is not None and result.status == EXCLUDED]
    if bid.control_country in tender.excluded_control_countries:
        # RESourceEU Action Plan, COM(2025) 945: restrictions on the ultimate controlling entity, configured per tender
        reasons.append(f"Ultimate controlling entity in {country_name(bid.control_country)} "
                       f"({bid.control_country}), which this tender excludes")
    problem = price_problem(bid.price) if is_price_required else None
    if problem:
        reasons.append(f"Invalid price: {problem}; a price must be a number, zero or more")
    for leaf, result in zip(plan.leaves, results):
        if leaf.rule.is_gate and result is not None and result.points == 0:
            reasons.append(f"Failed the pass/fail criterion {leaf.path}"
                           + (f" ({result.note})" if result.note else ""))
    return reasons


def gate_reasons(plan: ScoringPlan, results: Sequence[CriterionResult | None]) -> list[str]:
    """The reasons of every failed minimum-score gate (C-546/16 Montte): the group's points as a percent
    of its maximum below min_score. Missing answers count nothing, so a failure may be provisional."""
    reasons = []
    for group in plan.groups:
        gate = group.criterion.min_score
        if gate is None:
            continue
        members = [results[index] for index in group.leaf_indices]
        percent = 100 * _subtotal(members) / group.weight
        if round(percent, 9) < gate:
            missing = sum(r.status == MISSING for r in members)
            reasons.append(f"Scored {number_text(percent)}% on {group.path}, below its minimum score of "
                           f"{number_text(gate)}%" + (f" (provisional: {missing} answers missing)" if missing else ""))
    return reasons


def group_results(plan: ScoringPlan, results: Sequence[CriterionResult]) -> list[GroupResult]:
    """Each group's subtotal, with its gate's outcome when it has one."""
    groups = []
    for group in plan.groups:
        weighted = _subtotal([results[index] for index in group.leaf_indices])
        gate = group.criterion.min_score
        passed = None if gate is None else round(100 * weighted / group.weight, 9) >= gate
        groups.append(GroupResult(group.criterion.code, weighted, group.weight, gate, passed))
    return groups


def _subtotal(members: Sequence[CriterionResult]) -> float:
    """The weighted points of a group's leaves (missing ones add nothing)."""
    return math.fsum(r.weighted for r in members if r.weighted is not None)


def abnormal_reasons(flag: AbnormalFlag) -> list[str]:
    """A rejected abnormally low price makes the bid ineligible, with the buyer's reason (Art. 69)."""
    if flag.decision == "rejected":
        return [f"Abnormally low price rejected after explanation: {flag.decision_reason}"]
    return []
