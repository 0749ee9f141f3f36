"""One bid on one leaf criterion: find the value, score it, or report it missing (blank is not zero)."""

from __future__ import annotations

from typing import Any

from scoring.bids import CLARIFIED, EXCLUDE, MINIMUM, UNSUBSTANTIATED, Bid, Clarification
from scoring.messages import Message
from scoring.plan import LeafPlan
from scoring.resilience import read_metric
from scoring.resilience.reading import READING_NOTES
from scoring.result import EXCLUDED, INCOMPLETE, INVALID, MISSING, NOT_SCORED, RESOLVED, SCORED, CriterionResult
from scoring.rules.base import PRICE, SCORE, PriceRange, as_number
from scoring.rules.judgement import AGGREGATE_NOTES, JudgementRule
from scoring.rules.price import PRICE_PROBLEMS, price_problem

# How a value was reached (CriterionResult.note), as Messages: each template below with empty parameters, so that an
# application can read a stored note's English text back into its message (app/scoring_words.py).
PRICE_NOTE = Message("price %(problem)s", problem="")
NO_PRICES = Message("no eligible bid to compare prices with")
UNSUBSTANTIATED_NOTE = Message("claim not substantiated: scored at the rule's minimum: %(reason)s", reason="")
MINIMUM_NOTE = Message("no answer: scored at the rule's minimum: %(reason)s", reason="")
EXCLUDED_NOTE = Message("no answer: the ground for excluding the bid: %(reason)s", reason="")
EXCLUSION_NOTE = EXCLUDED_NOTE.msgid.removesuffix("%(reason)s")  # what an exclusion's note holds before the reason
CLARIFIED_NOTE = Message("%(note)s; the bid was %(clarification)s", note="", clarification="")
COMPLETED = Message("completed on clarification (Directive 2014/24/EU Art. 56(3)) requested on %(day)s; "
                    "evidence: %(evidence)s", day="", evidence="")
ANSWERED = Message("answer given on clarification (Directive 2014/24/EU Art. 56(3)) requested on %(day)s; "
                   "evidence: %(evidence)s", day="", evidence="")
NO_SCORE = Message("no committee score yet")
NO_ANSWER = Message("no answer: needs the officer's resolution")
NO_SUPPLY = Message("no supply chain declared: needs the officer's resolution")
NOTES = (PRICE_NOTE, NO_PRICES, UNSUBSTANTIATED_NOTE, MINIMUM_NOTE, EXCLUDED_NOTE, CLARIFIED_NOTE, COMPLETED,
         ANSWERED, NO_SCORE, NO_ANSWER, NO_SUPPLY, *READING_NOTES, *AGGREGATE_NOTES, *PRICE_PROBLEMS)


def _note(template: Message, **params) -> Message:
    return Message(template.msgid, **params)


def score_leaf(leaf: LeafPlan, bid: Bid, profile: Any, prices: PriceRange | None) -> CriterionResult:
    """Scores a leaf; a relative price rule needs `prices` (without it the result is not_scored)."""
    rule = leaf.rule
    if rule.value_kind == PRICE:
        problem = price_problem(bid.price)
        if problem:
            return _unscored(leaf, INVALID, None, _note(PRICE_NOTE, problem=problem))
        if rule.is_relative and prices is None:
            return _unscored(leaf, NOT_SCORED, float(bid.price), NO_PRICES)
        return _scored(leaf, SCORED, float(bid.price), rule.points(bid.price, prices))
    if rule.value_kind == SCORE:
        return _judged(leaf, bid)
    if leaf.criterion.source is not None:
        return _unsubstantiated(leaf, bid, _measured(leaf, bid, profile))
    value = _plain(bid.answers.get(leaf.code))
    if value is None:
        return _missing(leaf, bid)
    return _unsubstantiated(leaf, bid, _scored(leaf, SCORED, value, rule.points(value)))


def _unsubstantiated(leaf: LeafPlan, bid: Bid, result: CriterionResult) -> CriterionResult:
    """An answer or declared supply chain the committee asked the bidder to substantiate (Directive 2014/24/EU
    Art. 56(3)) and found not substantiated scores the rule's minimum, its value kept beside it."""
    resolution = bid.resolutions.get(leaf.code)
    if resolution is None or resolution.kind != UNSUBSTANTIATED or result.status not in (SCORED, INCOMPLETE):
        return result
    return _scored(leaf, RESOLVED, result.value, leaf.rule.min_points,
                   _note(UNSUBSTANTIATED_NOTE, reason=resolution.reason))


def _measured(leaf: LeafPlan, bid: Bid, profile: Any) -> CriterionResult:
    """A resilience metric: missing when no supply chain is declared; with materials left undeclared,
    incomplete and scored by the criterion's published handling."""
    source = leaf.criterion.source
    reading = None if profile is None else read_metric(profile, source.metric, source.stage, source.material,
                                                       source.aggregate, source.undeclared)
    if reading is None or reading.is_blank:
        return _missing(leaf, bid)
    if not reading.is_incomplete:
        return _scored(leaf, SCORED, reading.value, leaf.rule.points(reading.value))
    points = leaf.rule.min_points if reading.value is None else leaf.rule.points(reading.value)
    return _scored(leaf, INCOMPLETE, reading.value, points, reading.note)


def _plain(value: Any) -> Any:
    """Numbers as floats, anything else as given."""
    number = as_number(value)
    return number if number is not None else value


def _judged(leaf: LeafPlan, bid: Bid) -> CriterionResult:
    """The committee's aggregated score, with the disagreement flag."""
    rule: JudgementRule = leaf.rule
    judgement = bid.judgements.get(leaf.code)
    if judgement is None:
        return _missing(leaf, bid)
    consensus = None if judgement.consensus is None else judgement.consensus[0]
    aggregate = rule.aggregate_scores({name: score for name, (score, _) in judgement.scores.items()}, consensus)
    if aggregate.score is None:
        return _missing(leaf, bid)
    resolution = bid.resolutions.get(leaf.code)
    note = aggregate.method
    if resolution is not None and resolution.kind == CLARIFIED:
        note = _note(CLARIFIED_NOTE, note=note, clarification=_clarified(resolution.clarification, COMPLETED))
    return _scored(leaf, SCORED, aggregate.score, aggregate.score, note, aggregate.is_disagreement)


def _missing(leaf: LeafPlan, bid: Bid) -> CriterionResult:
    """Missing stays missing (points None) until resolved: a blank earns no points of its own.

    It scores the rule's minimum, it is the ground for excluding the bid (eligibility.py), or the bidder's
    answer to a recorded clarification request (Directive 2014/24/EU Art. 56(3)) is scored as if the bid
    had held it; a judgement criterion so completed waits for the committee's score like any other.
    """
    resolution = bid.resolutions.get(leaf.code)
    if resolution is None:
        return _unscored(leaf, MISSING, None, _missing_note(leaf))
    if resolution.kind in (MINIMUM, UNSUBSTANTIATED):
        return _scored(leaf, RESOLVED, None, leaf.rule.min_points, _note(MINIMUM_NOTE, reason=resolution.reason))
    if resolution.kind == EXCLUDE:
        return _unscored(leaf, EXCLUDED, None, _note(EXCLUDED_NOTE, reason=resolution.reason))
    clarification = resolution.clarification
    if leaf.rule.value_kind == SCORE:
        return _unscored(leaf, MISSING, None, _note(CLARIFIED_NOTE, note=_missing_note(leaf),
                                                    clarification=_clarified(clarification, COMPLETED)))
    value = _plain(clarification.answer)
    return _scored(leaf, RESOLVED, value, leaf.rule.points(value), _clarified(clarification, ANSWERED))


def _clarified(clarification: Clarification, what: Message) -> Message:
    """The clarification's record in words, for the criterion's note (COMPLETED or ANSWERED)."""
    return _note(what, day=clarification.requested_on.isoformat(), evidence=clarification.evidence)


def _scored(leaf: LeafPlan, status: str, value: Any, points: float, note: str = "",
            is_disagreement: bool = False) -> CriterionResult:
    """A result with points and weighted points (points as a share of the rule's maximum, times the weight)."""
    return CriterionResult(leaf.code, status, value, points, leaf.max_points, points / leaf.max_points * leaf.weight,
                           leaf.weight, note, is_disagreement)


def _unscored(leaf: LeafPlan, status: str, value: Any, note: str) -> CriterionResult:
    """A result without points."""
    return CriterionResult(leaf.code, status, value, None, leaf.max_points, None, leaf.weight, note)


def _missing_note(leaf: LeafPlan) -> Message:
    """What is missing, in words, and what it needs."""
    source = leaf.criterion.source
    if leaf.rule.value_kind == SCORE:
        return NO_SCORE
    if source is None:
        return NO_ANSWER
    return NO_SUPPLY
