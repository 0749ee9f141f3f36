"""Why a bid may not win: officer exclusion, controlling country, invalid price, gates, rejected low price.

Each check returns plain-language reasons as Messages (scoring/messages.py), so an application writes them in the
reader's language; an empty list means the bid stays in the competition. The checks that read only what a result
keeps (a criterion's status, points and note; the groups; the abnormally low flag) rebuild a stored result's
reasons as Messages again (app/scoring_words.py).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from scoring.abnormal import AbnormalFlag
from scoring.bids import Bid
from scoring.definition import Tender
from scoring.leaf_scoring import EXCLUSION_NOTE
from scoring.messages import Country, Message, Percent
from scoring.plan import ScoringPlan
from scoring.result import EXCLUDED, MISSING, CriterionResult, GroupResult
from scoring.rules.price import price_problem


def screening_reasons(tender: Tender, plan: ScoringPlan, bid: Bid, results: Sequence[CriterionResult | None],
                      is_price_required: bool) -> list[Message]:
    """Reasons that hold whatever the other bids are: exclusion, controlling country, price, pass/fail gates."""
    reasons = [Message("Excluded by the officer: %(reason)s", reason=bid.exclusion)] if bid.exclusion else []
    reasons += excluded_answer_reasons(plan, results)
    if bid.control_country in tender.excluded_control_countries:
        reasons.append(control_reason(bid.control_country))
    problem = price_problem(bid.price) if is_price_required else None
    if problem:
        reasons.append(price_reason(problem))
    return reasons + failed_gate_reasons(plan, results)


def excluded_answer_reasons(plan: ScoringPlan, results: Sequence[CriterionResult | None]) -> list[Message]:
    """The officer's exclusions for a missing answer, with the ground each result's note records."""
    return [Message("Excluded by the officer: no answer to %(criterion)s: %(reason)s", criterion=leaf.path,
                    reason=result.note.removeprefix(EXCLUSION_NOTE))
            for leaf, result in zip(plan.leaves, results) if result is not None and result.status == EXCLUDED]


def price_reason(problem: str) -> Message:
    """Why a bid whose price cannot be scored is ineligible (scoring/rules/price.py price_problem)."""
    return Message("Invalid price: %(problem)s; a price must be a number, zero or more", problem=problem)


def control_reason(code: str) -> Message:
    """Why a bid whose ultimate controlling entity is in an excluded country cannot win (RESourceEU Action Plan,
    COM(2025) 945: restrictions on the ultimate controlling entity, configured per tender)."""
    return Message("Ultimate controlling entity in %(country)s (%(code)s), which this tender excludes",
                   country=Country(code), code=code)


def failed_gate_reasons(plan: ScoringPlan, results: Sequence[CriterionResult | None]) -> list[Message]:
    """The pass/fail criteria the bid failed, each with the note of how its value was reached."""
    return [Message("Failed the pass/fail criterion %(criterion)s (%(note)s)", criterion=leaf.path, note=result.note)
            if result.note else Message("Failed the pass/fail criterion %(criterion)s", criterion=leaf.path)
            for leaf, result in zip(plan.leaves, results)
            if leaf.rule.is_gate and result is not None and result.points == 0]


def gate_reasons(plan: ScoringPlan, results: Sequence[CriterionResult | None]) -> list[Message]:
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
            if missing:
                reasons.append(Message("Scored %(score)s on %(group)s, below its minimum score of %(minimum)s "
                                       "(provisional: %(missing)s answers missing)", score=Percent(percent),
                                       group=group.path, minimum=Percent(gate), missing=missing))
            else:
                reasons.append(Message("Scored %(score)s on %(group)s, below its minimum score of %(minimum)s",
                                       score=Percent(percent), group=group.path, minimum=Percent(gate)))
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


def abnormal_reasons(flag: AbnormalFlag) -> list[Message]:
    """A rejected abnormally low price makes the bid ineligible, with the buyer's reason (Art. 69)."""
    if flag.decision == "rejected":
        return [Message("Abnormally low price rejected after explanation: %(reason)s", reason=flag.decision_reason)]
    return []
