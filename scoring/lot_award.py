"""award_lots(rules, rankings, combined): the award across lots under Directive 2014/24/EU Art. 46.

The rule "highest_total_score" (Art. 46(2), second subparagraph: the objective rule deciding which lots a
tenderer wins when the rankings would give it more than the published maximum), precisely:

1. Only awards in which no tenderer wins more than the maximum number of lots are allowed; each lot goes to
   one of its eligible bids (ranked, its tenderer not excluded from the lot) or to nobody.
2. Among them, the award that awards the most lots (a lot stays unawarded only when every eligible bid for
   it comes from a tenderer already at the maximum);
3. then the highest total score: the sum of the winning bids' scores over all lots (equal to 9 decimals,
   as in scoring/ranking.py);
4. then the published tie-break: in the lowest-numbered lot where two such awards differ, the one giving
   the lot to the better-ranked bid (each lot's ranking already applied the tender's tie-break chain).

Without a limit, or when no tenderer ranks first in more lots than the maximum, this is each lot's first
eligible bid. Combined offers (Art. 46(3)) are weighed against separate awards: every set of combined offers
for disjoint lots is tried (the lots of an awarded offer count towards its tenderer's maximum), the other
lots awarded by the rule above; the award with the most lots, then the highest total (a combined offer
counting its own score), wins, and on an equal total the award with fewer lots under combined offers
(separate lots are the default), then the combinations in published order.

How the search stays small. In a best award, every eligible bid ranked above a lot's winner (all of them
when the lot goes to nobody) comes from a tenderer holding the maximum in other lots: otherwise giving it
that lot instead awards as many lots, a score at least as high, and a better-ranked bid in that lot, a
better award. So lots are decided in number order, and in each lot the search only takes the first bid
whose tenderer is below the maximum, or passes it over, promising that tenderer the maximum from later
lots; a promise it cannot keep (too few later lots where it is eligible, or more promises than lots left)
ends the branch, and states met twice (same lot, same lot counts of the tenderers that still matter, same
promises) are solved once. A plain award needs no branching at all; the cases where limits cascade stay a
few thousand states for 10 lots of 100 bids (tests/scoring/test_lots.py times one).
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from typing import NamedTuple

from scoring.lot_reasons import explain
from scoring.lots import (
    CombinedBid,
    CombinedChoice,
    LotBid,
    LotRanking,
    LotRules,
    LotsAward,
    Tie,
    award_input_problems,
)
from scoring.problems import InvalidInput
from scoring.ranking import DECIMALS


class Outcome(NamedTuple):
    """One solved award of some lots: lots awarded, total score, winners in lot order, ties met."""

    awarded: int
    score: float
    winners: tuple[str | None, ...]
    ties: tuple[Tie, ...]

    def value(self) -> tuple[int, float]:
        """What the rule maximises: lots awarded, then total score (to 9 decimals)."""
        return self.awarded, round(self.score, DECIMALS)


class LimitedAward:
    """The best separate award of some lots with at most `limit` lots per tenderer (the rule in the docstring)."""

    def __init__(self, lots: Sequence[tuple[int, tuple[LotBid, ...]]], limit: int | None,
                 held: Mapping[str, int] | None = None):
        self.numbers = [number for number, _ in lots]
        self.bids = [bids for _, bids in lots]
        self.limit = len(lots) + sum((held or {}).values()) + 1 if limit is None else limit
        self.held = dict(held or {})
        # later[j][t]: lots from j on where t has an eligible bid
        self.later: list[dict[str, int]] = [{} for _ in range(len(lots) + 1)]
        for j in range(len(lots) - 1, -1, -1):
            self.later[j] = dict(self.later[j + 1])
            for bid in self.bids[j]:
                self.later[j][bid.tenderer] = self.later[j].get(bid.tenderer, 0) + 1
        self.memo: dict[tuple, Outcome | None] = {}

    def solve(self) -> Outcome:
        """The best award (always exists: first available bid in every lot is one)."""
        outcome = self._solve(0, self.held, frozenset())
        assert outcome is not None
        return outcome

    def _solve(self, j: int, counts: dict[str, int], promised: frozenset[str]) -> Outcome | None:
        promised = frozenset(t for t in promised if counts.get(t, 0) < self.limit)
        later = self.later[j]
        needs = [self.limit - counts.get(t, 0) for t in promised]
        if any(need > later.get(t, 0) for need, t in zip(needs, promised)) or sum(needs) > len(self.bids) - j:
            return None  # a passed-over tenderer can no longer reach the maximum
        if j == len(self.bids):
            return Outcome(0, 0.0, (), ())
        key = (j, tuple(sorted((t, c) for t, c in counts.items() if t in later and c)), promised)
        if key not in self.memo:
            self.memo[key] = self._best(j, counts, promised)
        return self.memo[key]

    def _best(self, j: int, counts: dict[str, int], promised: frozenset[str]) -> Outcome | None:
        """Options in tie-break order: take the first bid below the maximum, or pass it over; nobody last."""
        best: Outcome | None = None
        tie: Tie | None = None
        passed: set[str] = set()
        for bid in self.bids[j]:
            tenderer = bid.tenderer
            held = counts.get(tenderer, 0)
            if held >= self.limit:
                continue
            rest = self._solve(j + 1, {**counts, tenderer: held + 1}, promised | passed)
            if rest is not None:
                option = Outcome(rest.awarded + 1, bid.score + rest.score, (tenderer,) + rest.winners, rest.ties)
                best, tie = _keep(best, tie, option, self.numbers[j])
            owed = promised | passed | {tenderer}  # each needs a lot from here on once this bid is passed over
            if held + self.later[j + 1].get(tenderer, 0) < self.limit or len(owed) > len(self.bids) - j:
                return _tied(best, tie)  # passing it over would break a promise at once
            passed.add(tenderer)
        rest = self._solve(j + 1, counts, promised | passed)
        if rest is not None:
            best, tie = _keep(best, tie, Outcome(rest.awarded, rest.score, (None,) + rest.winners, rest.ties),
                              self.numbers[j])
        return _tied(best, tie)


def _keep(best: Outcome | None, tie: Tie | None, option: Outcome, lot: int) -> tuple[Outcome, Tie | None]:
    """The better of two; an equal later option loses to the earlier (better-ranked) one, noting the tie."""
    if best is None or option.value() > best.value():
        return option, None
    if option.value() == best.value() and tie is None:
        tie = Tie(lot, best.winners[0], option.winners[0])
    return best, tie


def _tied(best: Outcome | None, tie: Tie | None) -> Outcome | None:
    return None if best is None else best._replace(ties=((tie,) if tie else ()) + best.ties)


def award_lots(rules: LotRules, rankings: Sequence[LotRanking],
               combined: Sequence[CombinedBid] = ()) -> LotsAward:
    """The award across lots; raises InvalidInput listing every problem in the rules, rankings or offers."""
    problems = award_input_problems(rules, rankings, combined)
    if problems:
        raise InvalidInput(problems)
    rankings = sorted(rankings, key=lambda ranking: ranking.number)
    choices = [_with_offers(rules, rankings, offers) for offers in _offer_sets(rules, rankings, combined)]
    chosen = choices[0]
    for choice in choices[1:]:
        if choice.value() > chosen.value():
            chosen = choice
    return explain(rules, rankings, combined, choices, chosen)


def _offer_sets(rules: LotRules, rankings: Sequence[LotRanking],
                combined: Sequence[CombinedBid]) -> list[tuple[CombinedBid, ...]]:
    """Sets of eligible combined offers for disjoint lots within the limit: fewest combined lots first."""
    excluded = {ranking.number: set(ranking.excluded) for ranking in rankings}
    eligible = [offer for offer in combined
                if not any(offer.tenderer in excluded.get(number, ()) for number in offer.lots)]
    limit = rules.max_lots_awarded_per_tenderer
    sets = []
    for size in range(len(eligible) + 1):
        for offers in itertools.combinations(eligible, size):
            lots = [number for offer in offers for number in offer.lots]
            per_tenderer: dict[str, int] = {}
            for offer in offers:
                per_tenderer[offer.tenderer] = per_tenderer.get(offer.tenderer, 0) + len(offer.lots)
            if len(lots) == len(set(lots)) and (limit is None or max(per_tenderer.values(), default=0) <= limit):
                sets.append(offers)
    return sorted(sets, key=lambda offers: sum(len(offer.lots) for offer in offers))


def _with_offers(rules: LotRules, rankings: Sequence[LotRanking], offers: tuple[CombinedBid, ...]) -> CombinedChoice:
    """The best award once these combined offers take their lots."""
    taken = {number: offer.tenderer for offer in offers for number in offer.lots}
    held: dict[str, int] = {}
    for offer in offers:
        held[offer.tenderer] = held.get(offer.tenderer, 0) + len(offer.lots)
    rest = [(ranking.number, ranking.eligible()) for ranking in rankings if ranking.number not in taken]
    outcome = LimitedAward(rest, rules.max_lots_awarded_per_tenderer, held).solve()
    winners = dict(taken) | dict(zip([number for number, _ in rest], outcome.winners))
    return CombinedChoice(offers, outcome.awarded + len(taken), sum(offer.score for offer in offers) + outcome.score,
                          {number: winners[number] for number in sorted(winners)}, outcome.ties)
