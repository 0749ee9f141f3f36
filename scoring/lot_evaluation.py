"""evaluate_lots(tender, bids_by_lot): each lot evaluated on its own, then the award across lots (Art. 46).

Directive 2014/24/EU Art. 46 divides one procedure into lots, each awarded as its own contract, so every rule
that compares bids (Pmin and Pmax, the abnormally low triggers' mean and next-lowest price of Art. 69, gates,
rankings and their tie-breaks) reads only the bids for the same lot: each lot is scoring.evaluate on
`tender.lot_view(n)` with that lot's bids. Three things cross lots:

- grounds that concern the tenderer rather than one of its bids exclude it from every lot: an officer's
  exclusion marked `exclusion_concerns_tenderer` (the exclusion grounds of Art. 57 concern the economic
  operator), and a controlling country the tender excludes, which a tenderer declares once (its bids must
  not disagree on it);
- the maximum number of lots one tenderer may bid for (Art. 46(2), first subparagraph): a tenderer over it is
  a placed problem until the officer excludes the bids that exceed it;
- the award across lots (scoring/lot_award.py) reads every lot's binding ranking.

A tenderer is named by its bids' `bidder`, the same in every lot it bids for; a tender without lots is the
single lot 1, and its result is exactly scoring.evaluate's.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from scoring.bids import Bid
from scoring.definition import Tender
from scoring.evaluation import evaluate
from scoring.lot_award import award_lots
from scoring.lots import LotBid, LotRanking, LotsAward, bid_limit_problems, lot_place, lots_text
from scoring.messages import Listing, Message
from scoring.problems import InvalidInput, Problem
from scoring.ranking import DECIMALS
from scoring.result import EvaluationResult
from scoring.sensitivity import SensitivityReport, analyse_sensitivity
from scoring.serialise import from_jsonable, to_jsonable


@dataclass(frozen=True)
class LotResult:
    """One lot's evaluation: its number and title, and the result of its bids."""

    number: int
    title: str
    result: EvaluationResult


@dataclass(frozen=True)
class LotsEvaluation:
    """Every lot's evaluation in lot order, their binding rankings and the award across lots."""

    lots: tuple[LotResult, ...]
    rankings: tuple[LotRanking, ...]
    award: LotsAward

    def lot(self, number: int) -> EvaluationResult:
        """The result of one lot."""
        return next(lot.result for lot in self.lots if lot.number == number)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict; from_dict gives back an equal evaluation."""
        return to_jsonable(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LotsEvaluation:
        """Rebuilds an evaluation from to_dict's output (after a JSON round trip too)."""
        return from_jsonable(cls, data)


def evaluate_lots(tender: Tender, bids_by_lot: Mapping[int, Sequence[Bid]]) -> LotsEvaluation:
    """Evaluates each lot and awards them; raises InvalidInput listing every problem, placed by lot."""
    numbers = tender.lot_numbers()
    problems = [Problem(lot_place(number), Message("the tender has no such lot")) for number in bids_by_lot
                if number not in numbers]
    lots_of: dict[str, list[int]] = {}
    for number in numbers:
        bidders = [bid.bidder for bid in bids_by_lot.get(number, ())]
        problems += [Problem(lot_place(number), Message("%(tenderer)s has more than one bid for this lot",
                                                           tenderer=name))
                     for name in sorted(set(bidders)) if bidders.count(name) > 1]
        for bid in bids_by_lot.get(number, ()):
            if not bid.exclusion:  # an officer may exclude the bids over the limit
                lots_of.setdefault(bid.bidder, []).append(number)
    problems += [Problem(_across_lots(p.place), p.message) for p in bid_limit_problems(tender.lot_rules, lots_of)]
    problems += _control_country_problems(numbers, bids_by_lot)
    if problems:
        raise InvalidInput(problems)
    bids_by_lot = _with_tenderer_exclusions(numbers, bids_by_lot)
    results = []
    for number in numbers:
        try:
            results.append(evaluate(tender.lot_view(number), bids_by_lot.get(number, ())))
        except InvalidInput as error:
            problems += [Problem(_in_lot(tender, number, p.place), p.message) for p in error.problems]
    if problems:
        raise InvalidInput(problems)
    rankings = tuple(_ranking(number, result) for number, result in zip(numbers, results))
    titles = {lot.number: lot.title for lot in tender.lots}
    return LotsEvaluation(tuple(LotResult(number, titles.get(number, tender.title), result)
                                for number, result in zip(numbers, results)),
                          rankings, award_lots(tender.lot_rules, rankings))


def analyse_lot_sensitivity(tender: Tender, evaluation: LotsEvaluation, **options: Any) -> dict[int, SensitivityReport]:
    """The sensitivity of each lot's winner (scoring/sensitivity.py) on the lot's own criteria and bids."""
    return {lot.number: analyse_sensitivity(tender.lot_view(lot.number), lot.result, **options)
            for lot in evaluation.lots}


def _in_lot(tender: Tender, number: int, place: str) -> str:
    """A problem's place inside one lot; a tender without lots keeps evaluate's places."""
    if not tender.lots:
        return place
    lot = lot_place(number)
    return Message("%(lot)s: %(place)s", lot=lot, place=place) if place else lot


def _across_lots(tenderer: str) -> Message:
    """The place of a problem with a tenderer's bids in several lots."""
    return Message("lots: %(tenderer)s", tenderer=tenderer)


def _control_country_problems(numbers: Sequence[int], bids_by_lot: Mapping[int, Sequence[Bid]]) -> list[Problem]:
    """A tenderer has one ultimate controlling entity: its bids for different lots must name the same country."""
    declared: dict[str, dict[str | None, list[int]]] = {}
    for number in numbers:
        for bid in bids_by_lot.get(number, ()):
            declared.setdefault(bid.bidder, {}).setdefault(bid.control_country, []).append(number)
    problems = []
    for name, countries in sorted(declared.items()):
        if len(countries) > 1:
            stated = Listing(_country_in(country, lots) for country, lots in countries.items())
            problems.append(Problem(_across_lots(name), Message(
                "the bids name different controlling countries (%(stated)s); a tenderer has one ultimate "
                "controlling entity", stated=stated)))
    return problems


def _country_in(country: str | None, lots: Sequence[int]) -> Message:
    """A controlling country a tenderer's bids name, with the lots they name it in ("CN in lots 1 and 2")."""
    named = lots_text(lots)
    if country is None:
        return Message("none in %(lots)s", lots=named)
    return Message("%(country)s in %(lots)s", country=country, lots=named)


def _with_tenderer_exclusions(numbers: Sequence[int], bids_by_lot: Mapping[int, Sequence[Bid]]
                              ) -> dict[int, list[Bid]]:
    """Every bid of a tenderer that an exclusion concerning the tenderer names, excluded in each lot."""
    grounds: dict[str, str] = {}
    for number in numbers:
        for bid in bids_by_lot.get(number, ()):
            if bid.exclusion and bid.exclusion_concerns_tenderer and bid.bidder not in grounds:
                grounds[bid.bidder] = Message("%(reason)s (grounds concerning the tenderer, recorded in lot %(lot)s: "
                                              "excluded from every lot)", reason=bid.exclusion, lot=number)
    return {number: [dataclasses.replace(bid, exclusion=grounds[bid.bidder])
                     if bid.bidder in grounds and not bid.exclusion else bid
                     for bid in bids_by_lot.get(number, ())] for number in numbers}


def _ranking(number: int, result: EvaluationResult) -> LotRanking:
    """The lot's binding ranking as the award reads it: tenderers and total scores, best first."""
    return LotRanking(number, tuple(LotBid(result.bid(bid_id).bidder, round(result.bid(bid_id).total, DECIMALS))
                                    for bid_id in result.binding.order))
