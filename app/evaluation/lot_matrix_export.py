"""The evaluation matrix of a tender divided into lots (Directive 2014/24/EU Art. 46) as an Excel workbook: a sheet
per lot, each lot's bids only, and the award across lots on a sheet of its own.

A lot's sheet holds the lot's totals table, an empty row, then the lot's matrix, with the same columns, number
formats and rules as the sheets of a tender without lots (app/evaluation/matrix_export.py): every text cell goes
through safe_text, so a name, title, justification or award reason starting with =, +, -, @, a tab or CR is shown
as text and never runs as a formula. Without prices (a technical member, app.records.access.sees_prices) a lot's
sheet lists the technical criteria and subtotals in the bidders' alphabetical order, and there is no award sheet:
the award reads totals that include price points. Like those sheets it is written in the reader's language.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from io import BytesIO

from flask_babel import gettext as _
from openpyxl import Workbook

from app.evaluation.matrix_export import (
    MATRIX_FORMATS,
    MATRIX_HEADER,
    TECHNICAL,
    TECHNICAL_TOTALS_HEADER,
    TOTALS_HEADER,
    append_table,
    criterion_names,
    matrix_rows,
    totals_rows,
)
from app.models import Criterion
from app.presentation import EXCEL_POINTS, N_, excel_money_format, message_text
from scoring.bids import Judgement
from scoring.lot_evaluation import LotsEvaluation
from scoring.lots import LotsAward
from scoring.result import EvaluationResult
from workbooks import safe_text

LOTS_HEADER = (N_("Lot"), N_("Title"), N_("Bids"), N_("First in the ranking"), N_("Total"), N_("Awarded to"),
               N_("Why"))
TENDERERS_HEADER = (N_("Tenderer"), N_("Lots won"), N_("First in the ranking of"), N_("Why"))


def build_lots_matrix_xlsx(evaluation: LotsEvaluation, results: Mapping[int, EvaluationResult], award: LotsAward,
                           criteria: Mapping[int, list[Criterion]],
                           judgements: Mapping[int, Mapping[str, Mapping[str, Judgement]]], show_prices: bool,
                           currency: str) -> bytes:
    """A sheet "Lot N" per lot (its result with its words rebuilt, app.scoring_words.readable_result, its criteria
    and its committee's scores per bid label, by lot number), then the sheet "Award" when `show_prices` (the award
    with its sentences rebuilt, app.scoring_words.readable_award)."""
    book = Workbook(write_only=True)
    for lot in evaluation.lots:
        sheet = book.create_sheet(_("Lot %(number)s", number=lot.number))
        sheet.freeze_panes = "A2"
        _lot_tables(sheet, results[lot.number], criteria[lot.number], judgements.get(lot.number, {}), show_prices,
                    currency)
    if show_prices:
        sheet = book.create_sheet(_("Award"))
        sheet.freeze_panes = "A2"
        append_table(sheet, LOTS_HEADER, {"Total": EXCEL_POINTS}, _lot_rows(evaluation, award))
        sheet.append([])
        append_table(sheet, TENDERERS_HEADER, {}, _tenderer_rows(award))
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _lot_tables(sheet, result: EvaluationResult, criteria: list[Criterion],
                judgements: Mapping[str, Mapping[str, Judgement]], show_prices: bool, currency: str) -> None:
    if show_prices:
        shown, codes_shown = result.bids, {criterion.code for criterion in criteria}
        append_table(sheet, TOTALS_HEADER, {"Price": excel_money_format(currency), "Total": EXCEL_POINTS},
                     totals_rows(shown))
    else:
        shown = sorted(result.bids, key=lambda bid: (bid.bidder, bid.bid_id))
        codes_shown = {criterion.code for criterion in criteria if criterion.eforms_type == TECHNICAL}
        append_table(sheet, TECHNICAL_TOTALS_HEADER, {"Technical points": EXCEL_POINTS},
                     ([safe_text(bid.bidder), bid.quality_total] for bid in shown))
    sheet.append([])
    append_table(sheet, MATRIX_HEADER, MATRIX_FORMATS, matrix_rows(shown, codes_shown, criterion_names(criteria),
                                                                   judgements))


def _lot_rows(evaluation: LotsEvaluation, awarded: LotsAward) -> Iterable[list]:
    for lot in evaluation.lots:
        first, award = lot.result.winner, awarded.lot(lot.number)
        yield [lot.number, safe_text(lot.title), len(lot.result.bids), safe_text(first.bidder) if first else None,
               first.total if first else None, safe_text(award.winner) if award.winner else None,
               safe_text(message_text(award.reason))]


def _tenderer_rows(award: LotsAward) -> Iterable[list]:
    for tenderer in award.tenderers:
        yield [safe_text(tenderer.tenderer), ", ".join(map(str, tenderer.lots)),
               ", ".join(map(str, tenderer.first_in)), safe_text(message_text(tenderer.reason))]
