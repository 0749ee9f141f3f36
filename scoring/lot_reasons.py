"""The award across lots in sentences for the officers: why each lot goes where it goes, and each tenderer's lots.

Words only: the award itself is decided in scoring/lot_award.py. Every sentence names lots by number,
tenderers by name and scores as points, and cites Directive 2014/24/EU Art. 46 where the rule comes from it.
"""

from __future__ import annotations

from collections.abc import Sequence

from scoring.lots import (
    RULE_WORDS,
    CombinedBid,
    CombinedChoice,
    LotAward,
    LotRanking,
    LotRules,
    LotsAward,
    TendererAward,
    lots_text,
    plural,
)
from scoring.rules.base import number_text

ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")


def ordinal(place: int) -> str:
    """"first", "second", ... "tenth", then "11th"."""
    if place <= len(ORDINALS):
        return ORDINALS[place - 1]
    suffix = "th" if 10 <= place % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(place % 10, "th")
    return f"{place}{suffix}"


def points(score: float) -> str:
    """Points as the pages show totals: to two decimals, without trailing zeros."""
    return f"{number_text(round(score, 2))} points"


def names_text(names: Sequence[str]) -> str:
    """"A", "A and B", "A, B and C"."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def explain(rules: LotRules, rankings: Sequence[LotRanking], combined: Sequence[CombinedBid],
            choices: Sequence[CombinedChoice], chosen: CombinedChoice) -> LotsAward:
    """The LotsAward of the chosen award, with a reason for every lot and every tenderer it affects."""
    words = _Words(rules, rankings, chosen)
    lots = tuple(words.lot(ranking) for ranking in rankings)
    names = sorted({bid.tenderer for ranking in rankings for bid in ranking.bids})
    tenderers = tuple(words.tenderer(name) for name in names)
    return LotsAward(rules, lots, tenderers, chosen.score, words.overall(combined, choices))


class _Words:
    def __init__(self, rules: LotRules, rankings: Sequence[LotRanking], chosen: CombinedChoice):
        self.rules = rules
        self.rankings = {ranking.number: ranking for ranking in rankings}
        self.chosen = chosen
        self.limit = rules.max_lots_awarded_per_tenderer
        self.rule = f"the published rule ({RULE_WORDS[rules.award_rule]})"
        self.offer_of = {number: offer for offer in chosen.offers for number in offer.lots}
        self.first = {number: (ranking.eligible()[0].tenderer if ranking.eligible() else None)
                      for number, ranking in self.rankings.items()}

    def won(self, tenderer: str) -> list[int]:
        return [number for number, winner in self.chosen.winners.items() if winner == tenderer]

    def lot(self, ranking: LotRanking) -> LotAward:
        number, winner = ranking.number, self.chosen.winners[ranking.number]
        eligible = ranking.eligible()
        if winner is None:
            return LotAward(number, None, None, None, (), self._unawarded(ranking))
        if number in self.offer_of:
            offer = self.offer_of[number]
            return LotAward(number, winner, None, None, tuple(sorted(offer.lots)),
                            f"{winner} wins lot {number} with its combined offer for {lots_text(offer.lots)} "
                            f"({points(offer.score)}), awarded under Directive 2014/24/EU Art. 46(3).")
        place = next(index for index, bid in enumerate(eligible, 1) if bid.tenderer == winner)
        score = eligible[place - 1].score
        if place == 1:
            reason = f"{winner} has the first of the eligible bids, with {points(score)}."
        else:
            above = [bid.tenderer for bid in eligible[:place - 1]]
            holdings = "; ".join(f"{name} wins {lots_text(self.won(name))}" for name in above)
            reason = (f"{winner}, ranked {ordinal(place)} of the eligible bids with {points(score)}, "
                      f"wins lot {number}. "
                      f"The {'bid' if len(above) == 1 else 'bids'} ranked above it "
                      f"{'comes' if len(above) == 1 else 'come'} from {names_text(above)}, "
                      f"already at the maximum of {plural(self.limit or 0, 'lot')} per tenderer under {self.rule}: "
                      f"{holdings}.")
        return LotAward(number, winner, score, place, (), reason + self._excluded_above(ranking, winner))

    def _unawarded(self, ranking: LotRanking) -> str:
        if not ranking.bids:
            return f"Lot {ranking.number} is not awarded: no bid for it was ranked."
        eligible = ranking.eligible()
        if not eligible:
            return (f"Lot {ranking.number} is not awarded: no eligible bid (every ranked bid comes from a tenderer "
                    "excluded from this lot).")
        names = [bid.tenderer for bid in eligible]
        return (f"Lot {ranking.number} is not awarded: every eligible bid comes from a tenderer already at the "
                f"maximum of {plural(self.limit or 0, 'lot')} per tenderer ({names_text(names)}).")

    def _excluded_above(self, ranking: LotRanking, winner: str) -> str:
        above = []
        for bid in ranking.bids:
            if bid.tenderer == winner:
                break
            if bid.tenderer in ranking.excluded:
                above.append(bid.tenderer)
        if not above:
            return ""
        return f" {names_text(above)}, ranked higher, {'is' if len(above) == 1 else 'are'} excluded from this lot."

    def tenderer(self, name: str) -> TendererAward:
        won = self.won(name)
        first_in = [number for number, first in self.first.items() if first == name]
        if won == first_in:
            return TendererAward(name, tuple(won), tuple(first_in), "")
        would = f"ranks first in {lots_text(first_in)}" if first_in else "ranks first in no lot"
        wins = lots_text(won) if won else "no lot"
        combined = [offer for offer in self.chosen.offers if offer.tenderer == name]
        if combined:
            how = ("its combined " + ("offer" if len(combined) == 1 else "offers") + " for "
                   + " and ".join(lots_text(offer.lots) for offer in combined)
                   + " (Directive 2014/24/EU Art. 46(3))")
            reason = f"{name} {would}; with {how} it wins {wins}."
        else:
            reason = (f"{name} {would}; the limit of {plural(self.limit or 0, 'lot')} per tenderer and {self.rule} "
                      f"award it {wins}.")
        gained = [number for number in won if number not in first_in and number not in self.offer_of]
        if gained:
            reason += (f" It wins {lots_text(gained)} because the bids ranked above it there come from tenderers "
                       "already at the maximum.")
        lost = [number for number in first_in if number not in won]
        if lost:
            goes = "; ".join(self._goes_to(number) for number in lost)
            reason += f" {goes[0].upper()}{goes[1:]}."
        return TendererAward(name, tuple(won), tuple(first_in), reason)

    def _goes_to(self, number: int) -> str:
        winner = self.chosen.winners[number]
        if winner is None:
            return f"lot {number} is not awarded"
        if number in self.offer_of:
            return f"lot {number} goes to {winner} with its combined offer for {lots_text(self.offer_of[number].lots)}"
        eligible = self.rankings[number].eligible()
        place = next(index for index, bid in enumerate(eligible, 1) if bid.tenderer == winner)
        return f"lot {number} goes to the {ordinal(place)}-ranked bid, from {winner}"

    def overall(self, combined: Sequence[CombinedBid], choices: Sequence[CombinedChoice]) -> str:
        sentences = []
        over = {name: [n for n, first in self.first.items() if first == name] for name in set(self.first.values())
                if name is not None}
        over = {name: lots for name, lots in over.items() if self.limit is not None and len(lots) > self.limit}
        total = f"{points(self.chosen.score)} over {plural(self.chosen.awarded, 'lot')}"
        if over:
            who = "; ".join(f"{name} (first in {lots_text(lots)})" for name, lots in sorted(over.items()))
            sentences.append(
                f"The first-ranked bids would give more than the maximum of {plural(self.limit or 0, 'lot')} per "
                f"tenderer (Directive 2014/24/EU Art. 46(2)) to: {who}. Under {self.rule}, of all awards in which no "
                "tenderer wins more than the maximum, the one that awards the most lots and then has the highest "
                f"total score is chosen: {total}.")
        elif self.limit is not None:
            sentences.append(f"No tenderer ranks first in more than the maximum of {plural(self.limit, 'lot')} per "
                             "tenderer, so each lot goes to its first eligible bid.")
        else:
            sentences.append("Each lot goes to its first eligible bid.")
        for tie in self.chosen.ties:
            chosen = tie.chosen or "nobody"
            other = "leaving it unawarded" if tie.other is None else f"giving it to {tie.other}"
            sentences.append(f"Another award reaches the same number of lots and the same total; the published "
                             f"tie-break (the better-ranked bid in the lowest-numbered lot where the awards differ) "
                             f"gives lot {tie.lot} to {chosen} rather than {other}.")
        separate = choices[0]
        for offer in combined:
            with_offer = [choice for choice in choices if offer in choice.offers]
            name = f"The combined offer of {offer.tenderer} for {lots_text(offer.lots)} ({points(offer.score)})"
            if offer in self.chosen.offers:
                sentences.append(f"{name} is awarded under Directive 2014/24/EU Art. 46(3): the award with it totals "
                                 f"{total}, against {points(separate.score)} over "
                                 f"{plural(separate.awarded, 'lot')} for separate lots.")
            elif not with_offer:
                sentences.append(f"{name} cannot be awarded: its tenderer is excluded from one of its lots, or it "
                                 "would exceed the maximum of lots per tenderer.")
            else:
                best = max(with_offer, key=lambda choice: choice.value())
                sentences.append(f"{name} is not awarded: the best award with it totals {points(best.score)} over "
                                 f"{plural(best.awarded, 'lot')}, not more than the {total} chosen.")
        return " ".join(sentences)
