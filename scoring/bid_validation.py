"""Checks the bids before evaluation: malformed data stops it, naming every place at once.

A bad price does not stop it: that bid becomes ineligible with the reason (see eligibility.py).
Supply declarations are checked where their profiles are computed (evaluation.py).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date, datetime

from scoring.bids import ABNORMAL_DECISIONS, CLARIFIED, RESOLUTION_KINDS, Bid, Clarification, Judgement, Resolution
from scoring.countries import is_country
from scoring.messages import Message
from scoring.plan import LeafPlan, ScoringPlan
from scoring.problems import Problem
from scoring.rules.base import BOOLEAN, NUMBER, OPTION, PRICE, SCORE
from scoring.rules.judgement import JudgementRule


def bid_problems(plan: ScoringPlan, bids: Sequence[Bid]) -> list[Problem]:
    """Every problem in the bids that makes evaluating them meaningless, placed at bids[id]."""
    problems = [Problem("bids", Message("bid id %(bid)s is used %(count)s times", bid=repr(bid_id), count=count))
                for bid_id, count in Counter(bid.id for bid in bids).items() if count > 1]
    leaves = {leaf.code: leaf for leaf in plan.leaves}
    for bid in bids:
        problems += _bid_problems(bid, leaves, f"bids[{bid.id}]")
    return problems


def _bid_problems(bid: Bid, leaves: Mapping[str, LeafPlan], place: str) -> list[Problem]:
    """One bid's own problems."""
    problems = []
    if not isinstance(bid.id, str) or not bid.id.strip():
        problems.append(Problem(place, Message("a bid needs a non-empty id")))
    if bid.control_country is not None and not is_country(bid.control_country):
        problems.append(Problem(f"{place}.control_country",
                                Message("%(value)s is not an ISO 3166-1 alpha-2 code such as DE",
                                        value=repr(bid.control_country))))
    if bid.submitted_at is not None and (not isinstance(bid.submitted_at, datetime)
                                         or bid.submitted_at.utcoffset() is None):
        problems.append(Problem(f"{place}.submitted_at", Message("expected a time-zone-aware (UTC) date and time")))
    if bid.abnormal_decision is not None and (bid.abnormal_decision.decision not in ABNORMAL_DECISIONS
                                              or not bid.abnormal_decision.reason.strip()):
        problems.append(Problem(f"{place}.abnormal_decision", Message("expected accepted or rejected, with a reason")))
    for code, answer in bid.answers.items():
        leaf = leaves.get(code)
        is_answered = leaf is not None and leaf.criterion.source is None and answer is not None
        if is_answered and leaf.rule.value_kind in (NUMBER, BOOLEAN, OPTION):
            message = leaf.rule.value_problem(answer)
            if message:
                problems.append(Problem(f"{place}.answers.{code}", message))
    for code, judgement in bid.judgements.items():
        if code not in leaves or leaves[code].rule.value_kind != SCORE:
            problems.append(Problem(f"{place}.judgements.{code}", Message("no judgement criterion has this code")))
        else:
            problems += _judgement_problems(leaves[code].rule, judgement, f"{place}.judgements.{code}")
    for code, resolution in bid.resolutions.items():
        if code not in leaves:
            problems.append(Problem(f"{place}.resolutions.{code}", Message("no criterion has this code")))
        else:
            problems += resolution_problems(leaves[code], resolution, f"{place}.resolutions.{code}")
    return problems


def resolution_problems(leaf: LeafPlan, resolution: Resolution, place: str) -> list[Problem]:
    """A known kind with a reason; a clarification only for `clarified`, and then a complete one.

    Public so that a service can refuse a resolution before storing it, with the engine's own words.
    """
    if leaf.rule.value_kind == PRICE:
        return [Problem(place, Message("a price cannot be resolved; a bid without a valid price is ineligible"))]
    problems = []
    if resolution.kind not in RESOLUTION_KINDS:
        problems.append(Problem(f"{place}.kind", Message("a missing answer earns no points of its own: expected "
                                                         "minimum, exclude, clarified or unsubstantiated, got "
                                                         "%(value)s",
                                                         value=repr(resolution.kind))))
    if not isinstance(resolution.reason, str) or not resolution.reason.strip():
        problems.append(Problem(f"{place}.reason", Message("a resolution needs a reason")))
    if resolution.kind == CLARIFIED:
        problems += _clarification_problems(leaf, resolution.clarification, f"{place}.clarification")
    elif resolution.clarification is not None:
        problems.append(Problem(f"{place}.clarification",
                                Message("only a clarified resolution records a clarification")))
    return problems


def _clarification_problems(leaf: LeafPlan, clarification: Clarification | None, place: str) -> list[Problem]:
    """Directive 2014/24/EU Art. 56(3): a recorded request, a dated answer with its evidence, in the rule's
    value type, that clarifies or completes the bid without changing it."""
    if not isinstance(clarification, Clarification):
        return [Problem(place, Message("a clarified resolution needs the request and the bidder's answer"))]
    problems = []
    if not _is_text(clarification.request):
        problems.append(Problem(f"{place}.request", Message("the clarification request is required")))
    if not isinstance(clarification.requested_on, date):
        problems.append(Problem(f"{place}.requested_on", Message("expected the date of the request")))
    if not _is_text(clarification.evidence):
        problems.append(Problem(f"{place}.evidence", Message("the reference of the bidder's answer is required")))
    if clarification.is_bid_unchanged is not True:
        problems.append(Problem(f"{place}.is_bid_unchanged", Message(
            "an answer that changes the bid cannot be entered (Directive 2014/24/EU Art. 56(3)); state that it "
            "clarifies or completes what the bid contained")))
    if leaf.rule.value_kind == SCORE:
        described = _is_text(clarification.answer)
        message = None if described else Message("expected a description of what the bidder supplied")
    else:
        message = leaf.rule.value_problem(clarification.answer)
    if message:
        problems.append(Problem(f"{place}.answer", message))
    return problems


def _is_text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _judgement_problems(rule: JudgementRule, judgement: Judgement, place: str) -> list[Problem]:
    """Each score is a level of the scale and carries a written justification (docs/domain.md: judgement criteria)."""
    entries = [(f"{place}.scores.{name}", entry) for name, entry in judgement.scores.items()]
    if judgement.consensus is not None:
        entries.append((f"{place}.consensus", judgement.consensus))
    problems = []
    for entry_place, entry in entries:
        if not isinstance(entry, tuple) or len(entry) != 2:
            problems.append(Problem(entry_place, Message("expected (score, justification)")))
            continue
        score, justification = entry
        message = rule.score_problem(score)
        if message:
            problems.append(Problem(entry_place, message))
        if not isinstance(justification, str) or not justification.strip():
            problems.append(Problem(entry_place, Message("every score needs a written justification")))
    return problems

