"""The award page of a tender divided into lots (Directive 2014/24/EU Art. 46): each lot's ranking winner, the
lot it is awarded to under the published lot rules, and the sentences saying which lots each tenderer wins and
why. It shows totals that include price points, so it opens to the members who may see prices
(app/records/access.py), as the results page does."""
from __future__ import annotations

from dataclasses import dataclass

from flask import abort, render_template

from app.auth.access import roles
from app.evaluation.blueprint import bp
from app.lot_rules_words import lot_rules_text
from app.models.user import OFFICER
from app.records.access import authority_tender, require_price_access
from app.records.stored_results import lots_evaluation_of
from app.records.texts import lot_titles
from app.scoring_words import readable_award
from scoring.lot_evaluation import LotsEvaluation
from scoring.lots import LotAward, LotsAward
from scoring.result import BidResult


@dataclass(frozen=True)
class LotLine:
    """One lot's line: the first of its ranking, and the award under the lot rules."""

    number: int
    title: str
    bids: int
    first: BidResult | None
    award: LotAward


def lot_lines(evaluation: LotsEvaluation, award: LotsAward, titles: dict[int, str]) -> list[LotLine]:
    """The lots in order, each with its title as the reader's page shows it, its ranking's winner and its award."""
    return [LotLine(lot.number, titles.get(lot.number, lot.title), len(lot.result.bids), lot.result.winner,
                    award.lot(lot.number)) for lot in evaluation.lots]


@bp.route("/award")
@roles(OFFICER)
def award(tender_id: int):
    tender = authority_tender(tender_id)
    if tender.lot_rules is None:  # a tender without lots: its results page shows the award
        abort(404)
    seat = require_price_access(tender)
    evaluation = lots_evaluation_of(tender)
    award = readable_award(evaluation)  # its sentences in the reader's language
    return render_template("evaluation/award.html", tender=tender, seat=seat, award=award,
                           lots=lot_lines(evaluation, award, lot_titles(tender)),
                           rules=lot_rules_text(evaluation.award.rules), tenderers=award.tenderers)
