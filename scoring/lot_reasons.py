"""The award across lots in sentences for the officers: why each lot goes where it goes, and each tenderer's lots.

Words only: the award itself is decided in scoring/lot_award.py. Every sentence names lots by number,
tenderers by name and scores as points, and cites Directive 2014/24/EU Art. 46 where the rule comes from it.
Each sentence is a Message (scoring/messages.py), a whole sentence per case so a translation may order its words
as its language does; an application rebuilds a stored award's sentences by awarding again from the stored
rankings (app/scoring_words.py).
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
    Tie,
    lot_count,
    lots_text,
)
from scoring.messages import Listing, Message

ORDINALS = (Message("first"), Message("second"), Message("third"), Message("fourth"), Message("fifth"),
            Message("sixth"), Message("seventh"), Message("eighth"), Message("ninth"), Message("tenth"))
# "11th", "22nd": by the English suffix, each its own msgid so a translation writes its own ordinal
SUFFIXED = {"st": Message("%(place)sst"), "nd": Message("%(place)snd"), "rd": Message("%(place)srd"),
            "th": Message("%(place)sth")}


def ordinal(place: int) -> Message:
    """"first", "second", ... "tenth", then "11th"."""
    if place <= len(ORDINALS):
        return ORDINALS[place - 1]
    suffix = "th" if 10 <= place % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(place % 10, "th")
    return Message(SUFFIXED[suffix].msgid, place=str(place))


def points(score: float) -> float:
    """Points as the pages show totals: to two decimals, without trailing zeros (each sentence says "points", so a
    translation declines the word as its sentence needs)."""
    return round(score, 2)


def names_text(names: Sequence[str]) -> str:
    """"A", "A and B", "A, B and C"."""
    if len(names) == 1:
        return names[0]
    return Message("%(names)s and %(last)s", names=", ".join(names[:-1]), last=names[-1])


def sentences(parts: Sequence[str]) -> str:
    """Sentences one after the other, as one Message ("" for none)."""
    text = parts[0] if parts else ""
    for part in parts[1:]:
        text = Message("%(text)s %(next)s", text=text, next=part)
    return text


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
        self.most = lot_count(self.limit or 0)
        self.rule = Message("the published rule (%(rule)s)", rule=RULE_WORDS[rules.award_rule])
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
            return LotAward(number, winner, None, None, tuple(sorted(offer.lots)), Message(
                "%(winner)s wins lot %(lot)s with its combined offer for %(lots)s (%(points)s points), awarded under "
                "Directive 2014/24/EU Art. 46(3).", winner=winner, lot=number, lots=lots_text(offer.lots),
                points=points(offer.score)))
        place = next(index for index, bid in enumerate(eligible, 1) if bid.tenderer == winner)
        score = eligible[place - 1].score
        if place == 1:
            reason = Message("%(winner)s has the first of the eligible bids, with %(points)s points.", winner=winner,
                             points=points(score))
        else:
            above = [bid.tenderer for bid in eligible[:place - 1]]
            reason = self._limited(winner, place, score, number, above)
        return LotAward(number, winner, score, place, (), sentences([reason, *self._excluded_above(ranking, winner)]))

    def _limited(self, winner: str, place: int, score: float, number: int, above: list[str]) -> Message:
        """Why a lot goes to a bid below the first: the bids above it come from tenderers at the maximum."""
        holdings = Listing(self._holding(name) for name in above)
        values = {"winner": winner, "place": ordinal(place), "points": points(score), "lot": number,
                  "above": names_text(above), "limit": self.most, "rule": self.rule, "holdings": holdings}
        if len(above) == 1:
            return Message("%(winner)s, ranked %(place)s of the eligible bids with %(points)s points, wins lot "
                           "%(lot)s. The bid ranked above it comes from %(above)s, already at the maximum of %(limit)s "
                           "per tenderer under %(rule)s: %(holdings)s.", **values)
        return Message("%(winner)s, ranked %(place)s of the eligible bids with %(points)s points, wins lot "
                       "%(lot)s. The bids ranked above it come from %(above)s, already at the maximum of %(limit)s "
                       "per tenderer under %(rule)s: %(holdings)s.", **values)

    def _holding(self, name: str) -> Message:
        return Message("%(tenderer)s wins %(lots)s", tenderer=name, lots=lots_text(self.won(name)))

    def _unawarded(self, ranking: LotRanking) -> Message:
        if not ranking.bids:
            return Message("Lot %(lot)s is not awarded: no bid for it was ranked.", lot=ranking.number)
        eligible = ranking.eligible()
        if not eligible:
            return Message("Lot %(lot)s is not awarded: no eligible bid (every ranked bid comes from a tenderer "
                           "excluded from this lot).", lot=ranking.number)
        return Message("Lot %(lot)s is not awarded: every eligible bid comes from a tenderer already at the "
                       "maximum of %(limit)s per tenderer (%(names)s).", lot=ranking.number, limit=self.most,
                       names=names_text([bid.tenderer for bid in eligible]))

    def _excluded_above(self, ranking: LotRanking, winner: str) -> list[Message]:
        above = []
        for bid in ranking.bids:
            if bid.tenderer == winner:
                break
            if bid.tenderer in ranking.excluded:
                above.append(bid.tenderer)
        if not above:
            return []
        if len(above) == 1:
            return [Message("%(names)s, ranked higher, is excluded from this lot.", names=above[0])]
        return [Message("%(names)s, ranked higher, are excluded from this lot.", names=names_text(above))]

    def tenderer(self, name: str) -> TendererAward:
        won = self.won(name)
        first_in = [number for number, first in self.first.items() if first == name]
        if won == first_in:
            return TendererAward(name, tuple(won), tuple(first_in), "")
        parts = [self._wins(name, first_in, won)]
        gained = [number for number in won if number not in first_in and number not in self.offer_of]
        if gained:
            parts.append(Message("It wins %(lots)s because the bids ranked above it there come from tenderers "
                                 "already at the maximum.", lots=lots_text(gained)))
        lost = [number for number in first_in if number not in won]
        if lost:
            goes = Listing(self._goes_to(number, index == 0) for index, number in enumerate(lost))
            parts.append(Message("%(goes)s.", goes=goes))
        return TendererAward(name, tuple(won), tuple(first_in), sentences(parts))

    def _wins(self, name: str, first_in: list[int], won: list[int]) -> Message:
        """What one tenderer ranks first in and what it wins, and the rule or combined offers that decide it."""
        values = {"tenderer": name, "first": lots_text(first_in) if first_in else "",
                  "won": lots_text(won) if won else Message("no lot"), "limit": self.most, "rule": self.rule}
        combined = [offer for offer in self.chosen.offers if offer.tenderer == name]
        if not combined:
            if first_in:
                return Message("%(tenderer)s ranks first in %(first)s; the limit of %(limit)s per tenderer and "
                               "%(rule)s award it %(won)s.", **values)
            return Message("%(tenderer)s ranks first in no lot; the limit of %(limit)s per tenderer and %(rule)s "
                           "award it %(won)s.", **values)
        values["offers"] = Listing((lots_text(offer.lots) for offer in combined), conjunction=True)
        if len(combined) == 1:
            if first_in:
                return Message("%(tenderer)s ranks first in %(first)s; with its combined offer for %(offers)s "
                               "(Directive 2014/24/EU Art. 46(3)) it wins %(won)s.", **values)
            return Message("%(tenderer)s ranks first in no lot; with its combined offer for %(offers)s (Directive "
                           "2014/24/EU Art. 46(3)) it wins %(won)s.", **values)
        if first_in:
            return Message("%(tenderer)s ranks first in %(first)s; with its combined offers for %(offers)s "
                           "(Directive 2014/24/EU Art. 46(3)) it wins %(won)s.", **values)
        return Message("%(tenderer)s ranks first in no lot; with its combined offers for %(offers)s (Directive "
                       "2014/24/EU Art. 46(3)) it wins %(won)s.", **values)

    def _goes_to(self, number: int, opens: bool) -> Message:
        """Who wins a lot the tenderer ranks first in; `opens`: the words begin a sentence."""
        winner = self.chosen.winners[number]
        if winner is None:
            if opens:
                return Message("Lot %(lot)s is not awarded", lot=number)
            return Message("lot %(lot)s is not awarded", lot=number)
        if number in self.offer_of:
            lots = lots_text(self.offer_of[number].lots)
            if opens:
                return Message("Lot %(lot)s goes to %(winner)s with its combined offer for %(lots)s", lot=number,
                               winner=winner, lots=lots)
            return Message("lot %(lot)s goes to %(winner)s with its combined offer for %(lots)s", lot=number,
                           winner=winner, lots=lots)
        eligible = self.rankings[number].eligible()
        place = ordinal(next(index for index, bid in enumerate(eligible, 1) if bid.tenderer == winner))
        if opens:
            return Message("Lot %(lot)s goes to the %(place)s-ranked bid, from %(winner)s", lot=number, place=place,
                           winner=winner)
        return Message("lot %(lot)s goes to the %(place)s-ranked bid, from %(winner)s", lot=number, place=place,
                       winner=winner)

    def overall(self, combined: Sequence[CombinedBid], choices: Sequence[CombinedChoice]) -> str:
        over = {name: [n for n, first in self.first.items() if first == name] for name in set(self.first.values())
                if name is not None}
        over = {name: lots for name, lots in over.items() if self.limit is not None and len(lots) > self.limit}
        total = _total(self.chosen)
        if over:
            who = Listing(Message("%(tenderer)s (first in %(lots)s)", tenderer=name, lots=lots_text(lots))
                          for name, lots in sorted(over.items()))
            parts = [Message(
                "The first-ranked bids would give more than the maximum of %(limit)s per tenderer (Directive "
                "2014/24/EU Art. 46(2)) to: %(who)s. Under %(rule)s, of all awards in which no tenderer wins more "
                "than the maximum, the one that awards the most lots and then has the highest total score is "
                "chosen: %(total)s.", limit=self.most, who=who, rule=self.rule, total=total)]
        elif self.limit is not None:
            parts = [Message("No tenderer ranks first in more than the maximum of %(limit)s per tenderer, so each "
                             "lot goes to its first eligible bid.", limit=self.most)]
        else:
            parts = [Message("Each lot goes to its first eligible bid.")]
        parts += [_tie(tie) for tie in self.chosen.ties]
        for offer in combined:
            parts.append(self._offer(offer, [choice for choice in choices if offer in choice.offers], choices[0],
                                     total))
        return sentences(parts)

    def _offer(self, offer: CombinedBid, with_offer: list[CombinedChoice], separate: CombinedChoice,
               total: Message) -> Message:
        """Whether a combined offer is awarded (Directive 2014/24/EU Art. 46(3)), and why."""
        name = Message("The combined offer of %(tenderer)s for %(lots)s (%(points)s points)", tenderer=offer.tenderer,
                       lots=lots_text(offer.lots), points=points(offer.score))
        if offer in self.chosen.offers:
            return Message("%(offer)s is awarded under Directive 2014/24/EU Art. 46(3): the award with it totals "
                           "%(total)s, against %(separate)s for separate lots.", offer=name, total=total,
                           separate=_total(separate))
        if not with_offer:
            return Message("%(offer)s cannot be awarded: its tenderer is excluded from one of its lots, or it would "
                           "exceed the maximum of lots per tenderer.", offer=name)
        best = max(with_offer, key=lambda choice: choice.value())
        return Message("%(offer)s is not awarded: the best award with it totals %(best)s, not more than the "
                       "%(total)s chosen.", offer=name, best=_total(best), total=total)


def _total(choice: CombinedChoice) -> Message:
    """"179.23 points over 2 lots"."""
    return Message("%(points)s points over %(lots)s", points=points(choice.score), lots=lot_count(choice.awarded))


def _tie(tie: Tie) -> Message:
    """How the published tie-break settled two awards of the same number of lots and the same total."""
    chosen = tie.chosen or Message("nobody")
    if tie.other is None:
        other = Message("leaving it unawarded")
    else:
        other = Message("giving it to %(tenderer)s", tenderer=tie.other)
    return Message("Another award reaches the same number of lots and the same total; the published tie-break (the "
                   "better-ranked bid in the lowest-numbered lot where the awards differ) gives lot %(lot)s to "
                   "%(chosen)s rather than %(other)s.", lot=tie.lot, chosen=chosen, other=other)
