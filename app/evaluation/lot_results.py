"""The results page and the evaluation matrix of a tender divided into lots (Directive 2014/24/EU Art. 46).

Each lot is awarded as its own contract and ranked on its own bids, so the results page shows one lot at a time
(`?lot=2`; the first lot when none is asked for): the lot's ranking, flags, side by side of its bids, score matrix
and sensitivity, with links to the other lots and to the award across lots (app/evaluation/award.py). The body is
the one a tender without lots shows (app/evaluation/results_fragments.py), kept per lot. An address naming no lot
of the tender gets a page saying so, with the links to its lots. The Excel matrix has a sheet per lot and the award
on a sheet of its own (app/evaluation/lot_matrix_export.py).

The results route and the export route of app/evaluation/views.py call these for a tender divided into lots, after
the same access checks as for a tender without lots.
"""
from __future__ import annotations

from flask import render_template, request
from flask_babel import gettext as _

from app.evaluation.results_fragments import results_body, results_page
from app.evaluation.results_table import table_page
from app.models import CommitteeMember, Tender
from app.records.access import sees_prices
from app.records.definition import scoring_tender
from app.records.evaluation import live_bids, stored_judgements
from app.records.lot_sensitivity import lot_sensitivities_of
from app.records.stored_results import Evaluation, lots_evaluation_of, result_sha256
from app.scoring_words import readable_award, readable_result
from scoring.lot_evaluation import LotResult
from workbooks import XLSX_MEDIA_TYPE


def asked_lot(numbers: list[int]) -> int | None:
    """The lot number the address asks for (the first lot when it names none), None when it names no lot of these."""
    asked = request.args.get("lot")
    if asked is None:
        return numbers[0] if numbers else None
    number = int(asked) if asked.isascii() and asked.isdigit() else None
    return number if number in numbers else None


def results_of_lot(tender: Tender, seat: CommitteeMember):
    """The results page of the lot the address names (the caller checked that the reader may see prices)."""
    evaluation = lots_evaluation_of(tender)
    number = asked_lot([lot.number for lot in evaluation.lots])
    if number is None:
        return render_template("evaluation/lot_results.html", tender=tender, seat=seat, lots=evaluation.lots,
                               shown=None, unknown=_("This tender has no lot “%(lot)s”. Choose one of its lots.",
                                                     lot=request.args.get("lot", "")), body=None), 404
    lot = next(lot for lot in evaluation.lots if lot.number == number)
    key, sensitivities = lot_sensitivities_of(tender, evaluation)
    stored = _lot_evaluation(lot, key, sensitivities)
    chosen = sorted({bid_id for bid_id in request.args.getlist("bid") if bid_id in lot.result.bids_by_id})
    page = table_page(lot.result, request.args.get("sort"), request.args.get("page", type=int))
    return results_page("evaluation/lot_results.html", results_body(tender, stored, page, chosen, lot=number),
                        tender=tender, seat=seat, lots=evaluation.lots, shown=lot, unknown=None)


def _lot_evaluation(lot: LotResult, key: str, sensitivities) -> Evaluation:
    """One lot's result as the results body reads it: with its sensitivity analysis once stored, under the name the
    lots evaluation is stored under."""
    return Evaluation(lot.result, sensitivities.get(lot.number) if sensitivities else None,
                      result_sha256(lot.result), stored_as=key)


def lots_matrix_export(tender: Tender, seat: CommitteeMember):
    """The workbook of every lot's matrix and the award (the caller checked that the reader may read the bids)."""
    from app.evaluation.lot_matrix_export import build_lots_matrix_xlsx  # openpyxl is slow to import

    evaluation = lots_evaluation_of(tender)
    labels = {bid.id: bid.label for bid in live_bids(tender)}
    judgements = {}
    for lot in evaluation.lots:  # one statement per lot, whatever the number of bids
        judged = stored_judgements(list(labels), lot.number)
        judgements[lot.number] = {labels[bid_id]: by_code for bid_id, by_code in judged.items()}
    own = {lot.number: [c for c in tender.criteria if c.lot_number == lot.number] for lot in evaluation.lots}
    shared = [c for c in tender.criteria if c.lot_number is None]
    criteria = {number: rows or shared for number, rows in own.items()}
    definition = scoring_tender(tender)
    results = {lot.number: readable_result(lot.result, definition.lot_view(lot.number)) for lot in evaluation.lots}
    data = build_lots_matrix_xlsx(evaluation, results, readable_award(evaluation), criteria, judgements,
                                  sees_prices(tender, seat), tender.currency)
    return data, 200, {"Content-Type": XLSX_MEDIA_TYPE,
                       "Content-Disposition": f'attachment; filename="{tender.reference}-evaluation.xlsx"'}
