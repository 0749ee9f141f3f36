"""The full evaluation matrix as an Excel workbook: built here as bytes, sent by the view.

Every text cell goes through safe_text, so a bidder name or justification starting with =, +, -, @,
a tab or CR is shown as text and never runs as a formula in Excel or LibreOffice. Figures keep their
exact value and show as the pages write them, through app/presentation.py's number formats.
"""
from __future__ import annotations

from collections import defaultdict
from io import BytesIO

from app.models import Bid, Criterion, Score
from app.presentation import EXCEL_POINTS, excel_money_format
from scoring.result import BidResult, EvaluationResult
from workbooks import safe_text

TOTALS_HEADER = ("Rank", "Bidder", "Price", "Total", "Eligible", "Reasons")
TECHNICAL_TOTALS_HEADER = ("Bidder", "Technical points")
MATRIX_HEADER = ("Bidder", "Criterion", "Criterion name", "Raw value", "Evaluator", "Evaluator score",
                 "Evaluator justification", "Consensus", "Consensus justification", "Points", "Max points",
                 "Weighted points")
MATRIX_FORMATS = {"Evaluator score": EXCEL_POINTS, "Consensus": EXCEL_POINTS, "Points": EXCEL_POINTS,
                  "Max points": EXCEL_POINTS, "Weighted points": EXCEL_POINTS}
TECHNICAL = "quality"  # eForms BT-539 award criterion type of the technical criteria (not price, not cost)


def build_matrix_xlsx(result: EvaluationResult, criteria: list[Criterion], bids: list[Bid], scores: list[Score],
                      show_prices: bool, currency: str) -> bytes:
    """All bids x criteria with raw values, each evaluator's score and justification, consensus and totals.

    With `show_prices` off (a technical member of a two-envelope tender, app.records.access.sees_prices)
    only the technical criteria are listed, with each bid's technical subtotal, in the bidders' alphabetical
    order: no price, price points, total, eligibility or ranking, which all depend on prices.
    """
    from openpyxl import Workbook  # imported where used: openpyxl takes 0.15 s, which starting the app need not pay
    book = Workbook()
    totals = book.active
    totals.title = "Totals"
    if show_prices:
        shown, codes_shown = result.bids, {criterion.code for criterion in criteria}
        _totals(totals, shown, currency)
    else:
        shown = sorted(result.bids, key=lambda bid: (bid.bidder, bid.bid_id))
        codes_shown = {criterion.code for criterion in criteria if criterion.eforms_type == TECHNICAL}
        _technical_totals(totals, shown)
    matrix = book.create_sheet("Matrix")
    _header(matrix, MATRIX_HEADER)
    names = {criterion.code: criterion.name for criterion in criteria}
    codes = {criterion.id: criterion.code for criterion in criteria}
    labels = {bid.id: bid.label for bid in bids}
    cells: dict[tuple[str, str], list[Score]] = defaultdict(list)
    for score in scores:
        cells[(labels[score.bid_id], codes[score.criterion_id])].append(score)
    for bid in shown:
        for cell in bid.criteria:
            if cell.code not in codes_shown:
                continue
            here = cells[(bid.bid_id, cell.code)]
            consensus = next((s for s in here if s.is_consensus), None)
            for score in [s for s in here if not s.is_consensus] or [None]:
                _append(matrix, MATRIX_HEADER, MATRIX_FORMATS, [
                    safe_text(bid.bidder), safe_text(cell.code), safe_text(names[cell.code]),
                    safe_text(cell.value) if isinstance(cell.value, str) else cell.value,
                    safe_text(score.evaluator.email) if score else None,
                    float(score.points) if score else None, safe_text(score.justification) if score else None,
                    float(consensus.points) if consensus else None,
                    safe_text(consensus.justification) if consensus else None,
                    cell.points, cell.max_points, cell.weighted,
                ])
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _totals(sheet, bids: list[BidResult], currency: str) -> None:
    _header(sheet, TOTALS_HEADER)
    formats = {"Price": excel_money_format(currency), "Total": EXCEL_POINTS}
    for bid in bids:
        _append(sheet, TOTALS_HEADER, formats, [
            bid.rank, safe_text(bid.bidder), bid.price, bid.total,
            "yes" if bid.is_eligible else "no", safe_text("; ".join(bid.reasons))])


def _technical_totals(sheet, bids: list[BidResult]) -> None:
    _header(sheet, TECHNICAL_TOTALS_HEADER)
    for bid in bids:
        _append(sheet, TECHNICAL_TOTALS_HEADER, {"Technical points": EXCEL_POINTS},
                [safe_text(bid.bidder), bid.quality_total])


def _append(sheet, titles: tuple[str, ...], formats: dict[str, str], values: list) -> None:
    """Add a row, giving the figures under the titles in `formats` their number format."""
    sheet.append(values)
    for title, number_format in formats.items():
        sheet.cell(row=sheet.max_row, column=titles.index(title) + 1).number_format = number_format


def _header(sheet, titles) -> None:
    from openpyxl.styles import Font  # loaded already by build_matrix_xlsx, the only caller
    sheet.append(titles)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
