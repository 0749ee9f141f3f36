"""The evaluation matrix of a tender divided into lots (Directive 2014/24/EU Art. 46) as an Excel workbook: a sheet
per lot, each lot's bids only, and the award across lots on a sheet of its own.

A lot's sheet holds the lot's totals table, an empty row, then the lot's matrix, with the same columns, number
formats and rules as the sheets of a tender without lots (app/evaluation/matrix_export.py): every text cell goes
through safe_text, so a name, title, justification or award reason starting with =, +, -, @, a tab or CR is shown
as text and never runs as a formula. Without prices (a technical member, app.records.access.sees_prices) a lot's
sheet lists the technical criteria and subtotals in the bidders' alphabetical order, and there is no award sheet:
the award reads totals that include price points.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from io import BytesIO

from openpyxl import Workbook

from app.evaluation.matrix_export import (
    MATRIX_FORMATS,
    MATRIX_HEADER,
    TECHNICAL,
    TECHNICAL_TOTALS_HEADER,
    TOTALS_HEADER,
    append_table,
    matrix_rows,
    totals_rows,
)
from app.models import Criterion
from app.presentation import EXCEL_POINTS, excel_money_format
from scoring.bids import Judgement
from scoring.lot_evaluation import LotsEvaluation
from scoring.result import EvaluationResult
from workbooks import safe_text

LOTS_HEADER = ("Lot", "Title", "Bids", "First in the ranking", "Total", "Awarded to", "Why")
TENDERERS_HEADER = ("Tenderer", "Lots won", "First in the ranking of", "Why")


def build_lots_matrix_xlsx(evaluation: LotsEvaluation, criteria: Mapping[int, list[Criterion]],
                           judgements: Mapping[int, Mapping[str, Mapping[str, Judgement]]], show_prices: bool,
                           currency: str) -> bytes:
    """A sheet "Lot N" per lot (its criteria and its committee's scores per bid label, by lot number), then the
    sheet "Award" when `show_prices`."""
    book = Workbook(write_only=True)
    for lot in evaluation.lots:
        sheet = book.create_sheet(f"Lot {lot.number}")
        sheet.freeze_panes = "A2"
        _lot_tables(sheet, lot.result, criteria[lot.number], judgements.get(lot.number, {}), show_prices, currency)
    if show_prices:
        sheet = book.create_sheet("Award")
        sheet.freeze_panes = "A2"
        append_table(sheet, LOTS_HEADER, {"Total": EXCEL_POINTS}, _lot_rows(evaluation))
        sheet.append([])
        append_table(sheet, TENDERERS_HEADER, {}, _tenderer_rows(evaluation))
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
    names = {criterion.code: (safe_text(criterion.code), safe_text(criterion.name)) for criterion in criteria}
    append_table(sheet, MATRIX_HEADER, MATRIX_FORMATS, matrix_rows(shown, codes_shown, names, judgements))


def _lot_rows(evaluation: LotsEvaluation) -> Iterable[list]:
    for lot in evaluation.lots:
        first, award = lot.result.winner, evaluation.award.lot(lot.number)
        yield [lot.number, safe_text(lot.title), len(lot.result.bids), safe_text(first.bidder) if first else None,
               first.total if first else None, safe_text(award.winner) if award.winner else None,
               safe_text(award.reason)]


def _tenderer_rows(evaluation: LotsEvaluation) -> Iterable[list]:
    for tenderer in evaluation.award.tenderers:
        yield [safe_text(tenderer.tenderer), ", ".join(map(str, tenderer.lots)),
               ", ".join(map(str, tenderer.first_in)), safe_text(tenderer.reason)]
