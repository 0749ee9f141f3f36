"""Self-assessment for one bid before other bids exist (the bidder portal).

Auto-scored criteria get their points and the rule's words; relative price rules depend on the
other bids and judgement criteria on the committee, so neither gets points here. Numeric criteria
below full points get a hint computed from the rule: what value would earn more, and how many
weighted points that adds.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from scoring.abnormal import ZERO_PRICE
from scoring.bid_validation import bid_problems
from scoring.bids import Bid
from scoring.definition import Tender
from scoring.eligibility import screening_reasons
from scoring.leaf_scoring import score_leaf
from scoring.messages import Message, Percent
from scoring.plan import LeafPlan, ScoringPlan, needs_price, plan_scoring
from scoring.problems import InvalidInput, Problem
from scoring.resilience import compute_profile
from scoring.result import INCOMPLETE, INVALID, MISSING, CriterionResult
from scoring.rules.base import SCORE
from scoring.rules.price import price_problem
from scoring.serialise import from_jsonable, to_jsonable

DEPENDS = "depends_on_other_bids"
COMMITTEE = "scored_by_committee"
NOTES = {DEPENDS: Message("Depends on the other bids: scored at the evaluation."),
         COMMITTEE: Message("Scored by the evaluation committee."),
         MISSING: Message("Not answered: a blank is not scored as zero, but it earns nothing until answered."),
         INVALID: Message("Not a valid price: not scored, and the bid is ineligible until it is corrected.")}
OPEN = (DEPENDS, COMMITTEE, MISSING, INVALID)  # no points from the bid alone: their weight stays open
STAGE_WORDS = {"extraction": Message("extraction"), "processing": Message("refining"),
               "manufacturing": Message("component manufacturing")}
METRIC_UNITS = {"largest_third_country_share": "%", "hhi": "", "eu_share": "%", "partner_share": "%",
                "recycled_share": "%"}  # the unit of a metric's value and target


def metric_words(metric: str, value: float) -> Message:
    """A metric's value in words: "40% from one third country", "concentration index (HHI) 3,400"."""
    if metric == "hhi":
        return Message("concentration index (HHI) %(value)s", value=value)
    share = Percent(value)
    if metric == "largest_third_country_share":
        return Message("%(share)s from one third country", share=share)
    if metric == "eu_share":
        return Message("%(share)s from the EU-27", share=share)
    if metric == "partner_share":
        return Message("%(share)s from partner countries", share=share)
    return Message("%(share)s recycled feedstock", share=share)


@dataclass(frozen=True, slots=True)
class AssessedCriterion:
    """One criterion as the bidder sees it before the evaluation."""

    code: str
    path: str
    status: str  # scored | missing | invalid | depends_on_other_bids | scored_by_committee
    value: bool | float | str | None
    points: float | None
    max_points: float
    weighted: float | None
    max_weighted: float
    rule_text: str  # the rule's plain-language description, verbatim
    note: str = ""  # why there are no points yet, in words
    hint: str | None = None
    hint_gain: float | None = None  # weighted points the hint would add


@dataclass(frozen=True, slots=True)
class SelfAssessment:
    """The bid's auto-scored points so far, what others decide, hints and eligibility warnings."""

    bid_id: str
    criteria: tuple[AssessedCriterion, ...]
    scored_total: float  # weighted points of the auto-scored criteria
    scored_max: float  # their maximum
    open_max: float  # weighted points decided later (other bids, the committee, missing answers)
    warnings: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict; from_dict gives back an equal assessment."""
        return to_jsonable(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SelfAssessment:
        """Rebuilds an assessment from to_dict's output."""
        return from_jsonable(cls, data)


def self_assess(tender: Tender, bid: Bid) -> SelfAssessment:
    """Scores what one bid can know alone; raises InvalidInput with every problem in its data."""
    plan = plan_scoring(tender)
    problems = bid_problems(plan, [bid])
    profile = None
    if plan.has_metrics:
        try:
            profile = compute_profile(bid.supply, tender.bill_of_materials, tender.partner_group)
        except InvalidInput as error:
            problems += error.problems
    if problems:
        raise InvalidInput(problems)
    assessed, results = [], []
    for leaf in plan.leaves:
        result = score_leaf(leaf, bid, profile, None)
        results.append(result)
        assessed.append(_assessed(leaf, result, profile))
    scored = [a for a in assessed if a.status not in OPEN]
    return SelfAssessment(
        bid.id, tuple(assessed), sum(a.weighted for a in scored), sum(a.max_weighted for a in scored),
        sum(a.max_weighted for a in assessed if a.status in OPEN),
        _warnings(tender, plan, bid, results))


def self_assess_lots(tender: Tender, bids: Mapping[int, Bid]) -> dict[int, SelfAssessment]:
    """Each lot bid for, assessed alone on that lot's criteria and bill of materials (Directive 2014/24/EU
    Art. 46: each lot is a contract of its own); raises InvalidInput with every lot's problems, each naming its lot
    unless its place (a cell of the lot's sheet) already does. A tender without lots has lot 1 only."""
    assessments, problems = {}, []
    for number, bid in sorted(bids.items()):
        try:
            assessments[number] = self_assess(tender.lot_view(number), bid)
        except InvalidInput as error:
            problems += [Problem(problem.place, problem.message if not tender.lots or f"Lot {number}" in
                                 problem.place else f"lot {number}: {problem.message}") for problem in error.problems]
    if problems:
        raise InvalidInput(problems)
    return assessments


def _warnings(tender: Tender, plan: ScoringPlan, bid: Bid, results: list[CriterionResult]) -> tuple[str, ...]:
    """Why the bid could not win as it stands, then what a zero price will meet at the evaluation."""
    is_price_required = needs_price(tender, plan)
    warnings = screening_reasons(tender, plan, bid, results, is_price_required)
    if is_price_required and price_problem(bid.price) is None and bid.price == 0:
        warnings.append(f"Flagged as abnormally low at the evaluation: {ZERO_PRICE}")
    return tuple(warnings)


def _assessed(leaf: LeafPlan, result: CriterionResult, profile: Any) -> AssessedCriterion:
    """The bidder's view of one criterion."""
    rule = leaf.rule
    status = DEPENDS if rule.is_relative else COMMITTEE if rule.value_kind == SCORE else result.status
    is_own = status == result.status  # scored (or missing) from the bid alone
    base = AssessedCriterion(leaf.code, leaf.path, status, None if status == COMMITTEE else result.value,
                             result.points if is_own else None, result.max_points,
                             result.weighted if is_own else None, result.max_weighted, rule.describe(),
                             _incomplete_note(result) if status == INCOMPLETE else NOTES.get(status, ""))
    target = rule.target(result.value) if status == "scored" and result.value is not None else None
    if target is None or result.weighted is None:
        return base
    gain = (target.points - result.points) / rule.max_points * leaf.weight
    subject, unit = _subject(leaf, result.value)
    hint = Message("%(subject)s; %(target)s would give %(gain)s more points", subject=subject,
                   target=target.wording(unit), gain=round(gain, 1))
    return dataclasses.replace(base, hint=hint, hint_gain=gain)


def _incomplete_note(result: CriterionResult) -> Message:
    """Which material and stage the bid left undeclared, and what that costs (the note begins "incomplete: ...")."""
    return Message("%(note)s. Declare every material of the bill of materials at this stage to be scored on your own "
                   "figures.", note=result.note)


def _subject(leaf: LeafPlan, value: Any) -> tuple[Message, str]:
    """The criterion and its current value in words, and the value's unit."""
    source = leaf.criterion.source
    if source is None:
        shown = (Message("yes") if value else Message("no")) if isinstance(value, bool) else value
        return Message("%(criterion)s: %(value)s", criterion=leaf.criterion.name, value=shown), ""
    words = {"stage": STAGE_WORDS[source.stage], "metric": metric_words(source.metric, value)}
    if source.material:
        return Message("%(stage)s of %(material)s: %(metric)s", material=source.material, **words), \
            METRIC_UNITS[source.metric]
    return Message("%(stage)s (whole product): %(metric)s", **words), METRIC_UNITS[source.metric]

