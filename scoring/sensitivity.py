"""Sensitivity of the weighted-sum winner: informational only, it never changes the binding ranking.

Three views (docs/domain.md: sensitivity; users ask for sensitivity analysis showing the ranking holds across
plausible weights; Mercell-style simulation of price formulas):
- per weight, the exact thresholds where another bid takes first place (sensitivity_weights.py);
- the probability of ranking first under Dirichlet draws around the published weights, seeded;
- the ranking under each price formula; and one sentence summing it up.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from scoring.definition import Tender
from scoring.messages import Message, Percent
from scoring.plan import plan_scoring
from scoring.problems import InvalidInput, Problem
from scoring.result import EvaluationResult
from scoring.sensitivity_prices import PriceFormulaRanking, price_formula_rankings
from scoring.serialise import from_jsonable, to_jsonable

if TYPE_CHECKING:
    from scoring.sensitivity_weights import Crossing

DEFAULT_DRAWS = 10_000
# Dirichlet(concentration x published shares): a 40% weight varies with a standard deviation of
# about 4.9 points, a 10% weight about 3 points. A choice of resbid, configurable per call.
DEFAULT_CONCENTRATION = 100.0


@dataclass(frozen=True, slots=True)
class WeightSensitivity:
    """One weight: how far it can move (siblings rescaled) before the winner changes."""

    code: str
    path: str
    weight: float  # percent of its level
    falls_below: float | None  # the winner changes if the weight falls below this
    falls_below_winner: str | None
    rises_above: float | None  # ... or rises above this
    rises_above_winner: str | None
    smallest_change: float | None  # percentage points; None: no change within 0..100
    text: str


@dataclass(frozen=True, slots=True)
class FirstPlace:
    """How often a bid ranked first under the random weightings."""

    bid_id: str
    probability: float


@dataclass(frozen=True, slots=True)
class SensitivityReport:
    """The three views and the sentence that sums them up."""

    winner: str | None
    weights: tuple[WeightSensitivity, ...]
    draws: int
    seed: int
    concentration: float
    first_place: tuple[FirstPlace, ...]  # bids that ever ranked first, most often first
    price_formulas: tuple[PriceFormulaRanking, ...]
    price_note: str  # what the price formula rows change, or why there are none
    summary: str

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict; from_dict gives back an equal report."""
        return to_jsonable(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SensitivityReport:
        """Rebuilds a report from to_dict's output."""
        return from_jsonable(cls, data)


def analyse_sensitivity(tender: Tender, result: EvaluationResult, draws: int = DEFAULT_DRAWS,
                        seed: int | None = None, concentration: float = DEFAULT_CONCENTRATION
                        ) -> SensitivityReport:
    """Tests how firmly the weighted-sum winner holds; reproducible (the seed defaults to one derived
    from the tender reference)."""
    problems = []
    if isinstance(draws, bool) or not isinstance(draws, int) or not 1 <= draws <= 10_000_000:
        problems.append(Problem("draws", f"expected a whole number from 1 to 10,000,000, got {draws!r}"))
    if isinstance(concentration, bool) or not isinstance(concentration, (int, float)) or not concentration > 0:
        problems.append(Problem("concentration", f"expected a number above 0, got {concentration!r}"))
    if problems:
        raise InvalidInput(problems)
    seed = _default_seed(tender.reference) if seed is None else seed
    ranking = result.ranking("weighted_sum")
    bids = [result.bid(bid_id) for bid_id in ranking.order]
    bid_ids = tuple(ranking.order)
    names = {bid.bid_id: bid.bidder for bid in bids}  # sentences name bidders as people do; fields keep the ids
    if len(bids) < 2:
        report = SensitivityReport(bid_ids[0] if bids else None, (), draws, seed, float(concentration),
                                   tuple(FirstPlace(b, 1.0) for b in bid_ids), (), "", "")
        return replace(report, summary=summary_message(report, result, tender.award_method))
    # imported where used: they load numpy (0.1 s), which importing scoring (the app, the CLI) need not pay
    from scoring.sensitivity_weights import crossings, first_place_counts
    from scoring.weight_model import build_weight_model
    model = build_weight_model(tender)
    fractions = model.fractions(bids)
    found = crossings(model, fractions, bid_ids)
    weights = tuple(_weight_sensitivity(code, path, share, found[code], names)
                    for level in model.levels for code, path, share in zip(level.codes, level.paths, level.shares)
                    if code in found)
    counts = first_place_counts(model, fractions, draws, seed, concentration)
    first = tuple(FirstPlace(bid_ids[i], int(counts[i]) / draws)
                  for i in sorted(range(len(bid_ids)), key=lambda i: -counts[i]) if counts[i])
    formulas, price_note = price_formula_rankings(plan_scoring(tender), result, bids)
    report = SensitivityReport(bid_ids[0], weights, draws, seed, float(concentration), first, formulas, price_note,
                               "")
    return replace(report, summary=summary_message(report, result, tender.award_method))


def _default_seed(reference: str) -> int:
    """A seed anyone can recompute from the tender reference."""
    return int(hashlib.sha256(reference.encode()).hexdigest()[:15], 16)


def _weight_sensitivity(code: str, path: str, share: float, crossing: Crossing, names: dict[str, str]
                        ) -> WeightSensitivity:
    """One weight's thresholds in numbers and words."""
    changes = [abs(x - share) for x in (crossing.falls_below, crossing.rises_above) if x is not None]
    weight = WeightSensitivity(code, path, share, crossing.falls_below, crossing.falls_below_winner,
                               crossing.rises_above, crossing.rises_above_winner, min(changes, default=None), "")
    return replace(weight, text=weight_message(weight, names))


def weight_message(weight: WeightSensitivity, names: Mapping[str, str]) -> Message:
    """One weight's thresholds in a sentence (`names`: bid id -> bidder); an application rebuilds it from a stored
    report to write it in its reader's language, so it is made from the report's fields alone."""
    below = None if weight.falls_below is None else Message(
        "falls below %(share)s (%(bidder)s first)", share=_pct(weight.falls_below),
        bidder=names[weight.falls_below_winner])
    above = None if weight.rises_above is None else Message(
        "rises above %(share)s (%(bidder)s first)", share=_pct(weight.rises_above),
        bidder=names[weight.rises_above_winner])
    if below and above:
        return Message("The winner changes if the weight %(below)s or %(above)s.", below=below, above=above)
    if below or above:
        return Message("The winner changes if the weight %(change)s.", change=below or above)
    return Message("None within the possible range.")


def _pct(value: float) -> Percent:
    """A percentage to one decimal."""
    return Percent(round(value, 1))


def summary_message(report: SensitivityReport, result: EvaluationResult, award_method: str) -> Message:
    """One plain sentence: the nearest threshold, the first-place probability, the price formulas. Made from the
    report's fields, the result's bidder names and the tender's award method, so an application rebuilds it from
    a stored report in its reader's language."""
    bids = [result.bid(bid_id) for bid_id in result.ranking("weighted_sum").order]
    if len(bids) < 2:
        if not bids:
            return Message("No bid is eligible, so there is no winner to test.")
        return Message("%(bidder)s is the only eligible bid, so no weight or price formula can change the winner.",
                       bidder=bids[0].bidder)
    winner = result.bid(report.winner).bidder
    movable = [w for w in report.weights if w.smallest_change is not None]
    if movable:
        nearest = min(movable, key=lambda w: w.smallest_change)
        below = nearest.falls_below is not None and abs(nearest.falls_below - nearest.weight) == nearest.smallest_change
        move = (Message("falls below %(share)s", share=_pct(nearest.falls_below)) if below
                else Message("rises above %(share)s", share=_pct(nearest.rises_above)))
        holds = Message("The winner (%(bidder)s) stays first unless the %(criterion)s weight %(move)s (now "
                        "%(share)s)", bidder=winner, criterion=nearest.path, move=move, share=_pct(nearest.weight))
    else:
        holds = Message("The winner (%(bidder)s) stays first whatever single weight changes", bidder=winner)
    probability = next((f.probability for f in report.first_place if f.bid_id == report.winner), 0.0)
    words = {"holds": holds, "share": _pct(100 * probability), "draws": report.draws}
    if not report.price_formulas:
        if award_method == "weighted_sum":
            return Message("%(holds)s; it ranks first in %(share)s of %(draws)s random weightings.", **words)
        return Message("%(holds)s; it ranks first in %(share)s of %(draws)s random weightings (this tests the "
                       "weighted-sum ranking; the binding ProZorro ranking uses no weights).", **words)
    words.update(kept=sum(f.order[0] == report.winner for f in report.price_formulas),
                 formulas=len(report.price_formulas))
    if award_method == "weighted_sum":
        return Message("%(holds)s; it ranks first in %(share)s of %(draws)s random weightings and under %(kept)s "
                       "of %(formulas)s price formulas.", **words)
    return Message("%(holds)s; it ranks first in %(share)s of %(draws)s random weightings and under %(kept)s of "
                   "%(formulas)s price formulas (this tests the weighted-sum ranking; the binding ProZorro ranking "
                   "uses no weights).", **words)
