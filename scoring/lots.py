"""The published lot rules of Directive 2014/24/EU Art. 46, what the award across lots reads, and their checks.

- Art. 46(2), first subparagraph: the contract notice says whether tenders may be submitted for one, for
  several or for all of the lots; `max_lots_bid_per_tenderer` is that number (None: all lots).
- Art. 46(2), second subparagraph: the buyer may limit the number of lots awarded to one tenderer, stating
  the maximum in the notice (`max_lots_awarded_per_tenderer`), and must publish the objective and
  non-discriminatory rule that decides which lots a tenderer wins when the award criteria would give it
  more (`award_rule`; the one rule offered is described in scoring/lot_award.py).
- Art. 46(3): where the Member State allows it and more than one lot may be awarded to one tenderer, the
  buyer may award contracts combining several lots, if the notice reserves the possibility and names the
  lots or groups of lots that may be combined (`combinations`).

The award itself is scoring/lot_award.py; this module holds the plain data and every check, each problem
placed (scoring/problems.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from scoring.messages import Message
from scoring.problems import InvalidInput, Problem
from scoring.ranking import DECIMALS
from scoring.serialise import from_jsonable, to_jsonable

HIGHEST_TOTAL_SCORE = "highest_total_score"
AWARD_RULES = (HIGHEST_TOTAL_SCORE,)
RULE_WORDS = {HIGHEST_TOTAL_SCORE: Message("highest total score")}
RULE_KEYS = ("max_lots_bid_per_tenderer", "max_lots_awarded_per_tenderer", "award_rule", "combinations")


@dataclass(frozen=True)
class LotRules:
    """The lot rules a tender publishes (Directive 2014/24/EU Art. 46(2) and (3)); None means no limit."""

    max_lots_bid_per_tenderer: int | None = None  # Art. 46(2) first subparagraph
    max_lots_awarded_per_tenderer: int | None = None  # Art. 46(2) second subparagraph
    award_rule: str = HIGHEST_TOTAL_SCORE  # Art. 46(2) second subparagraph: decides when the limit binds
    combinations: tuple[tuple[int, ...], ...] = ()  # Art. 46(3): lot numbers that may be awarded together

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict; from_dict gives back equal rules."""
        return to_jsonable(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> LotRules:
        """Rebuilds rules from to_dict's output."""
        return from_jsonable(cls, data)


class LotBid(NamedTuple):
    """One ranked bid in a lot: who and its total score in that lot."""

    tenderer: str
    score: float


@dataclass(frozen=True)
class LotRanking:
    """One lot's binding ranking, best first, its ties already settled by the tender's published chain.

    `excluded` names tenderers excluded from this lot (for example on grounds that concern the tenderer,
    which exclude it from every lot); a ranked bid of an excluded tenderer is passed over.
    """

    number: int
    bids: tuple[LotBid, ...]
    excluded: tuple[str, ...] = ()

    def eligible(self) -> tuple[LotBid, ...]:
        """The ranked bids that may win, best first."""
        excluded = set(self.excluded)
        return tuple(bid for bid in self.bids if bid.tenderer not in excluded)


@dataclass(frozen=True)
class CombinedBid:
    """A tenderer's offer for a published combination of lots (Art. 46(3)).

    `score` is on the scale of the sum of its lots' scores: the combined offer evaluated against each lot's
    criteria, the points added up, so it compares with the separate awards of the same lots.
    """

    tenderer: str
    lots: tuple[int, ...]
    score: float


@dataclass(frozen=True)
class LotAward:
    """Who wins one lot, and why, in a sentence for the officers."""

    lot: int
    winner: str | None  # None: not awarded
    score: float | None
    place: int | None  # the winner's place among the lot's eligible bids (1: first)
    combination: tuple[int, ...]  # the lots of the combined offer it was won with (Art. 46(3)); empty if none
    reason: str


@dataclass(frozen=True)
class TendererAward:
    """The lots one tenderer wins, and why, where the limit or a combination changed the plain rankings."""

    tenderer: str
    lots: tuple[int, ...]  # won
    first_in: tuple[int, ...]  # lots where it has the first eligible bid
    reason: str  # empty when it wins exactly the lots where it ranks first


@dataclass(frozen=True)
class LotsAward:
    """The award across lots: one LotAward per lot (in lot order) and one TendererAward per ranked tenderer."""

    rules: LotRules
    lots: tuple[LotAward, ...]
    tenderers: tuple[TendererAward, ...]
    total_score: float
    explanation: str

    def lot(self, number: int) -> LotAward:
        """The award of one lot."""
        return next(award for award in self.lots if award.lot == number)

    def tenderer(self, name: str) -> TendererAward:
        """One tenderer's lots."""
        return next(award for award in self.tenderers if award.tenderer == name)

    def winners(self) -> dict[int, str | None]:
        """{lot number: winner}."""
        return {award.lot: award.winner for award in self.lots}

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict; from_dict gives back an equal award."""
        return to_jsonable(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LotsAward:
        """Rebuilds an award from to_dict's output (after a JSON round trip too)."""
        return from_jsonable(cls, data)


class Tie(NamedTuple):
    """Where the published tie-break decided between awards of equal total: the lot, chosen and passed bid."""

    lot: int
    chosen: str | None
    other: str | None


class CombinedChoice(NamedTuple):
    """One set of combined offers tried, and the best award with it."""

    offers: tuple[CombinedBid, ...]
    awarded: int
    score: float
    winners: dict[int, str | None]
    ties: tuple[Tie, ...]

    def value(self) -> tuple[int, float]:
        return self.awarded, round(self.score, DECIMALS)


def lots_text(numbers: Iterable[int]) -> Message:
    """"lot 2", "lots 1 and 3", "lots 1, 2 and 3"."""
    ordered = [str(number) for number in sorted(numbers)]
    if len(ordered) == 1:
        return Message("lot %(lot)s", lot=ordered[0])
    return Message("lots %(lots)s and %(last)s", lots=", ".join(ordered[:-1]), last=ordered[-1])


def lot_place(number: int) -> Message:
    """A lot as the place of a problem ("lot 2"): a heading, where lots_text is a part of a sentence (French writes
    "le lot 2" there)."""
    return Message("lot %(number)s", number=str(number))


def lot_count(count: int) -> Message:
    """"1 lot", "2 lots"."""
    if count == 1:
        return Message("%(count)s lot", count=count)
    return Message("%(count)s lots", count=count)


def parse_lot_rules(data: Any, lot_numbers: Sequence[int], place: str = "lot_rules") -> LotRules:
    """Reads published lot rules from a plain dict (tender.yaml), raising InvalidInput with every problem."""
    if data is None:
        return LotRules()
    if not isinstance(data, Mapping):
        raise InvalidInput([Problem(place, Message("expected a mapping with %(keys)s", keys=", ".join(RULE_KEYS)))])
    problems = [Problem(f"{place}.{key}", Message("unknown field")) for key in data if key not in RULE_KEYS]
    limits = {}
    for key in RULE_KEYS[:2]:
        value = data.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            problems.append(Problem(f"{place}.{key}", Message("expected a whole number of lots, or null, got %(value)s",
                                                              value=repr(value))))
            value = None
        limits[key] = value
    rule = data.get("award_rule", HIGHEST_TOTAL_SCORE)
    raw = data.get("combinations") or []
    combinations = []
    if not isinstance(raw, (list, tuple)):
        problems.append(Problem(f"{place}.combinations", Message("expected a list of lists of lot numbers")))
    else:
        for index, combination in enumerate(raw):
            if not isinstance(combination, (list, tuple)) or any(
                    isinstance(number, bool) or not isinstance(number, int) for number in combination):
                problems.append(Problem(f"{place}.combinations[{index}]", Message(
                    "expected a list of lot numbers, got %(value)s", value=repr(combination))))
            else:
                combinations.append(tuple(combination))
    rules = LotRules(limits["max_lots_bid_per_tenderer"], limits["max_lots_awarded_per_tenderer"],
                     rule if isinstance(rule, str) else repr(rule), tuple(combinations))
    problems += lot_rule_problems(rules, lot_numbers, place)
    if problems:
        raise InvalidInput(problems)
    return rules


def lot_rule_problems(rules: LotRules, lot_numbers: Sequence[int], place: str = "lot_rules") -> list[Problem]:
    """Every problem in the rules against the tender's lots, each placed."""
    problems = []
    count = len(lot_numbers)
    bid_limit, award_limit = rules.max_lots_bid_per_tenderer, rules.max_lots_awarded_per_tenderer
    for key, limit in (("max_lots_bid_per_tenderer", bid_limit), ("max_lots_awarded_per_tenderer", award_limit)):
        if limit is not None and limit < 1:
            problems.append(Problem(f"{place}.{key}", Message("must be at least 1 lot, got %(limit)s", limit=limit)))
        elif limit is not None and limit > count:
            lots = lot_count(count)
            problems.append(Problem(f"{place}.{key}", Message("is %(limit)s, but the tender has only %(lots)s",
                                                              limit=limit, lots=lots)))
    if bid_limit is not None and award_limit is not None and 1 <= bid_limit < award_limit:
        lots = lot_count(bid_limit)
        problems.append(Problem(f"{place}.max_lots_awarded_per_tenderer", Message(
            "is %(limit)s, more than the %(lots)s one tenderer may bid for, so it could never apply",
            limit=award_limit, lots=lots)))
    if rules.award_rule not in AWARD_RULES:
        problems.append(Problem(f"{place}.award_rule", Message("expected one of %(options)s, got %(value)s",
                                                               options=", ".join(AWARD_RULES),
                                                               value=repr(rules.award_rule))))
    known = set(lot_numbers)
    seen: set[tuple[int, ...]] = set()
    for index, combination in enumerate(rules.combinations):
        where = f"{place}.combinations[{index}]"
        unknown = sorted(set(combination) - known)
        if unknown:
            lots = lots_text(unknown)
            problems.append(Problem(where, Message("names %(lots)s, which the tender does not have", lots=lots)))
        if len(set(combination)) != len(combination):
            problems.append(Problem(where, Message("names a lot twice")))
        if len(set(combination)) < 2:
            problems.append(Problem(where, Message("a combination needs at least two lots")))
        elif award_limit is not None and len(set(combination)) > award_limit:
            combined, limit = lot_count(len(set(combination))), lot_count(award_limit)
            problems.append(Problem(where, Message(
                "combines %(combined)s, more than the %(limit)s one tenderer may be awarded (Directive 2014/24/EU "
                "Art. 46(3) allows combinations only within the lots one tenderer may win)", combined=combined,
                limit=limit)))
        if tuple(sorted(set(combination))) in seen:
            problems.append(Problem(where, Message("repeats an earlier combination")))
        seen.add(tuple(sorted(set(combination))))
    return problems


def bid_limit_problems(rules: LotRules, lots_by_tenderer: Mapping[str, Iterable[int]]) -> list[Problem]:
    """Tenderers bidding for more lots than Art. 46(2) first subparagraph allows, one problem each."""
    limit = rules.max_lots_bid_per_tenderer
    if limit is None:
        return []
    problems = []
    for tenderer, lots in sorted(lots_by_tenderer.items()):
        if len(set(lots)) > limit:
            count, named, allowed = lot_count(len(set(lots))), lots_text(set(lots)), lot_count(limit)
            problems.append(Problem(tenderer, Message("bids for %(count)s (%(lots)s); the tender allows bids for at "
                                                      "most %(limit)s per tenderer", count=count, lots=named,
                                                      limit=allowed)))
    return problems


def award_input_problems(rules: LotRules, rankings: Sequence[LotRanking],
                         combined: Sequence[CombinedBid]) -> list[Problem]:
    """Problems in what the award reads: the rules, each lot's ranking, and the combined offers."""
    numbers = [ranking.number for ranking in rankings]
    problems = lot_rule_problems(rules, numbers)
    duplicated = sorted({number for number in numbers if numbers.count(number) > 1})
    problems += [Problem(lot_place(number), Message("appears twice")) for number in duplicated]
    for ranking in rankings:
        where = lot_place(ranking.number)
        names = [bid.tenderer for bid in ranking.bids]
        problems += [Problem(where, Message("%(tenderer)s is ranked twice", tenderer=name))
                     for name in sorted(set(names)) if names.count(name) > 1]
        if any(later.score > earlier.score for earlier, later in zip(ranking.bids, ranking.bids[1:])):
            problems.append(Problem(where, Message("the ranking is not in order of score, best first")))
    bids = {tenderer: [ranking.number for ranking in rankings if tenderer in {b.tenderer for b in ranking.bids}]
            for ranking in rankings for tenderer in {b.tenderer for b in ranking.bids}}
    problems += bid_limit_problems(rules, bids)
    published = {tuple(sorted(set(combination))) for combination in rules.combinations}
    offers: set[tuple[str, tuple[int, ...]]] = set()
    for index, offer in enumerate(combined):
        offered = lots_text(offer.lots)
        where = Message("combined offer %(number)s (%(tenderer)s, %(lots)s)", number=index + 1,
                        tenderer=offer.tenderer, lots=offered)
        key = tuple(sorted(set(offer.lots)))
        if key not in published:
            problems.append(Problem(where, Message("is not for a combination of lots the tender published")))
        if (offer.tenderer, key) in offers:
            problems.append(Problem(where, Message("repeats an earlier combined offer")))
        offers.add((offer.tenderer, key))
    return problems
