"""evaluate(tender, bids): scores, eligibility, abnormally low prices and rankings in one immutable result.

Order of work, so that nothing depends on a bid that cannot win:
1. score what does not depend on other bids; screen (exclusion, controlling country, price, pass/fail)
   and apply minimum-score gates (gated groups hold no relative rule: criteria_validation.py);
2. flag abnormally low prices among the bids still in; a rejected one leaves;
3. Pmin and Pmax from the eligible bids; score the relative price rules once against them (O(n));
4. totals, rankings (weighted sum and, with features, ProZorro), tie-breaks.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence

from scoring.abnormal import NOT_COMPARED, AbnormalFlag, flag_abnormally_low
from scoring.bid_validation import bid_problems
from scoring.bids import CLARIFIED, Bid
from scoring.criteria_validation import validate_tree
from scoring.definition import Tender
from scoring.eligibility import abnormal_reasons, gate_reasons, group_results, screening_reasons
from scoring.leaf_scoring import score_leaf
from scoring.messages import Message
from scoring.plan import ScoringPlan, needs_price, plan_scoring
from scoring.problems import InvalidInput, Problem
from scoring.ranking import Contender, rank
from scoring.resilience import ResilienceProfile, compute_profile
from scoring.result import (
    INCOMPLETE,
    MISSING,
    SCORED,
    BidResult,
    CriterionResult,
    EvaluationResult,
    MissingAnswer,
    ProzorroScore,
    Ranking,
)
from scoring.rules.base import SCORE, PriceRange, number_text
from scoring.rules.price import price_problem
from scoring.rules.prozorro import coefficient


def evaluate(tender: Tender, bids: Sequence[Bid]) -> EvaluationResult:
    """Evaluates every bid against the tender; raises InvalidInput listing every problem in the input."""
    plan = plan_scoring(tender)
    problems = [] if tender.is_checked else validate_tree(tender.criteria, tender.weighting)
    problems += bid_problems(plan, bids)
    profiles = _profiles(tender, plan, bids, problems)
    if problems:
        raise InvalidInput(problems)
    is_price_required = needs_price(tender, plan)
    # 1. what does not depend on the other bids; screening and minimum-score gates
    scores = {bid.id: [None if leaf.rule.is_relative else score_leaf(leaf, bid, profiles.get(bid.id), None)
                       for leaf in plan.leaves] for bid in bids}
    reasons = {bid.id: screening_reasons(tender, plan, bid, scores[bid.id], is_price_required)
               + gate_reasons(plan, scores[bid.id]) for bid in bids}
    # 2. abnormally low prices among the bids still in play
    in_play = [bid for bid in bids if not reasons[bid.id] and not price_problem(bid.price)]
    flags = flag_abnormally_low({bid.id: float(bid.price) for bid in in_play}, tender.abnormally_low)
    flags = {bid.id: _with_decision(flags.get(bid.id, NOT_COMPARED), bid) for bid in bids}
    for bid in bids:
        reasons[bid.id] += abnormal_reasons(flags[bid.id])
    # 3. Pmin and Pmax once, then the relative price rules
    eligible_prices = [float(bid.price) for bid in bids if not reasons[bid.id] and not price_problem(bid.price)]
    prices = PriceRange(min(eligible_prices), max(eligible_prices)) if eligible_prices else None
    for bid in bids:
        row = scores[bid.id]
        for index, leaf in enumerate(plan.leaves):
            if leaf.rule.is_relative:
                row[index] = score_leaf(leaf, bid, None, prices)
    # 4. totals, rankings
    results = {bid.id: _bid_result(plan, bid, scores[bid.id], reasons[bid.id], flags[bid.id]) for bid in bids}
    results = _with_prozorro(tender, plan, bids, results)
    rankings = _rankings(tender, bids, results)
    return _assemble(tender, plan, bids, results, rankings, prices)


def _profiles(tender: Tender, plan: ScoringPlan, bids: Sequence[Bid], problems: list[Problem]
              ) -> dict[str, ResilienceProfile]:
    """Each bid's resilience profile when a criterion reads one; declaration problems go to `problems`."""
    if not plan.has_metrics:
        return {}
    profiles = {}
    for bid in bids:
        try:
            profiles[bid.id] = compute_profile(bid.supply, tender.bill_of_materials, tender.partner_group)
        except InvalidInput as error:
            problems += [Problem(f"bids[{bid.id}] {p.place}".rstrip(), p.message) for p in error.problems]
    return profiles


def _with_decision(flag: AbnormalFlag, bid: Bid) -> AbnormalFlag:
    """The flag carrying the buyer's recorded decision, if any."""
    if bid.abnormal_decision is None:
        return flag
    return dataclasses.replace(flag, decision=bid.abnormal_decision.decision,
                               decision_reason=bid.abnormal_decision.reason)


def _bid_result(plan: ScoringPlan, bid: Bid, scores: list[CriterionResult], reasons: list[str],
                flag: AbnormalFlag) -> BidResult:
    """Totals and eligibility of one bid; the rank is filled in once all bids are ranked."""
    groups = group_results(plan, scores)
    weighted = [r.weighted for r in scores if r.weighted is not None]
    quality = [r.weighted for r, leaf in zip(scores, plan.leaves)
               if r.weighted is not None and leaf.criterion.type == "quality"]
    missing = [r for r in scores if r.status == MISSING]
    total = math.fsum(weighted)
    return BidResult(
        bid_id=bid.id, bidder=bid.bidder, price=None if price_problem(bid.price) else float(bid.price),
        submitted_at=None if bid.submitted_at is None else bid.submitted_at.isoformat(),
        criteria=tuple(scores), groups=tuple(groups), total=total, quality_total=math.fsum(quality),
        provisional_max=total + math.fsum(r.max_weighted for r in missing), is_eligible=not reasons,
        reasons=tuple(reasons), rank=None, needs_resolution=tuple(r.code for r in missing), abnormal=flag)


def _with_prozorro(tender: Tender, plan: ScoringPlan, bids: Sequence[Bid], results: dict[str, BidResult]
                   ) -> dict[str, BidResult]:
    """Adds the ProZorro coefficient and compared price to each eligible bid when the method applies."""
    indices = plan.feature_indices
    if not indices and tender.award_method != "prozorro":
        return results
    maxima = [plan.leaves[index].rule.max_points for index in indices]
    for bid in bids:
        result = results[bid.id]
        if result.is_eligible:
            chosen = [result.criteria[index].points or 0.0 for index in indices]  # missing counts 0 until resolved
            coef = coefficient(chosen, maxima)
            results[bid.id] = dataclasses.replace(result, prozorro=ProzorroScore(coef, result.price / coef))
    return results


def _rankings(tender: Tender, bids: Sequence[Bid], results: dict[str, BidResult]) -> tuple[Ranking, ...]:
    """The weighted-sum ranking and, when computed, the ProZorro one; the award method says which binds."""
    eligible = [bid for bid in bids if results[bid.id].is_eligible]
    weighted = rank([Contender(bid.id, -results[bid.id].total, results[bid.id].quality_total,
                               results[bid.id].price, bid.submitted_at) for bid in eligible],
                    tender.tie_break, tender.reference, "weighted_sum", tender.award_method == "weighted_sum",
                    lambda score: f"{number_text(-score + 0.0)} points")
    if not any(results[bid.id].prozorro for bid in bids) and tender.award_method != "prozorro":
        return (weighted,)
    # ProZorro (openprocurement): the lowest compared price wins; ties go to the earlier bid (then a seeded draw)
    prozorro = rank([Contender(bid.id, results[bid.id].prozorro.compared_price, results[bid.id].quality_total,
                               results[bid.id].price, bid.submitted_at) for bid in eligible],
                    ("submitted_at", "lots"), tender.reference, "prozorro", tender.award_method == "prozorro",
                    lambda score: f"a compared price of {number_text(score)}")
    return weighted, prozorro


def _assemble(tender: Tender, plan: ScoringPlan, bids: Sequence[Bid], results: dict[str, BidResult],
              rankings: tuple[Ranking, ...], prices: PriceRange | None) -> EvaluationResult:
    """Puts ranks on the bids and gathers what still needs the officer."""
    binding = next(ranking for ranking in rankings if ranking.is_binding)
    for bid_id, position in zip(binding.order, binding.positions):
        results[bid_id] = dataclasses.replace(results[bid_id], rank=position)
    ordered = [results[bid_id] for bid_id in binding.order]
    ordered += sorted((r for r in results.values() if not r.is_eligible), key=lambda r: r.bid_id)
    paths = {leaf.code: leaf.path for leaf in plan.leaves}
    missing = tuple(MissingAnswer(r.bid_id, code, paths[code]) for r in ordered if r.is_eligible
                    for code in r.needs_resolution)
    awaiting = tuple(r.bid_id for r in ordered if r.abnormal.is_flagged and r.abnormal.decision is None)
    notices = sorted(_notices(plan, bids, results, needs_price(tender, plan)), key=lambda p: p.place)
    return EvaluationResult(tender.reference, tender.weighting, tender.award_method, plan.max_total,
                            tuple(ordered), rankings, prices, missing, awaiting, tuple(notices))


# The notices a result keeps (EvaluationResult.problems), placed "bids[<id>].price" or
# "bids[<id>].resolutions.<code>"; templates an application reads a stored notice's English text back with.
PRICE_NOTICE = Message("%(bidder)s's price is %(problem)s: the bid is ineligible", bidder="", problem="")
IGNORED_RESOLUTION = {SCORED: Message("ignored: the bid answered this criterion"),
                      INCOMPLETE: Message("ignored: the tender's published handling of undeclared materials scores "
                                          "this criterion")}
NOTICES = (PRICE_NOTICE, *IGNORED_RESOLUTION.values())


def _notices(plan: ScoringPlan, bids: Sequence[Bid], results: dict[str, BidResult], is_price_required: bool
             ) -> list[Problem]:
    """Bid data problems that did not stop the evaluation: invalid prices, resolutions of answered criteria
    (but not a clarification that completed a judgement criterion: the committee scored what it supplied)."""
    judged = {leaf.code for leaf in plan.leaves if leaf.rule.value_kind == SCORE}
    notices = []
    for bid in bids:
        result = results[bid.id]
        problem = price_problem(bid.price) if is_price_required else None
        if problem:
            notices.append(Problem(f"bids[{bid.id}].price",
                                   Message(PRICE_NOTICE.msgid, bidder=bid.bidder, problem=problem)))
        notices += [Problem(f"bids[{bid.id}].resolutions.{r.code}", IGNORED_RESOLUTION[r.status])
                    for r in result.criteria if r.status in IGNORED_RESOLUTION and r.code in bid.resolutions
                    and not (r.code in judged and bid.resolutions[r.code].kind == CLARIFIED)]
    return notices
