"""The full evaluation matrix as an Excel workbook: built here as bytes, sent by the view.

It is written in the reader's interface language, as the results page it is downloaded from: sheet names, headers,
yes/no, statuses and the result's reasons (given as Messages again by app.scoring_words.readable_result) go through
the catalogues; figures stay typed numbers. Nothing reads the workbook back, so its sheet names may be translated.
Every text cell goes through safe_text, so a bidder name or justification starting with =, +, -, @,
a tab or CR is shown as text and never runs as a formula in Excel or LibreOffice. Figures keep their
exact value and show as the pages write them, through app/presentation.py's number formats.

The workbook is written in openpyxl's write_only mode, row after row straight to the file: each styled
cell gets its number format or bold font from values made once per workbook, and each text (bidder,
criterion, evaluator) is made safe once, not once per cell.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from io import BytesIO

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from app.models import Criterion
from app.presentation import (
    EXCEL_POINTS,
    N_,
    code_text,
    excel_money_format,
    listing_text,
    message_text,
    value_text,
)
from app.records.texts import criterion_name
from scoring.bids import Judgement
from scoring.result import BidResult, EvaluationResult
from workbooks import safe_text

# Headers in English, the msgids each sheet's header is translated from (and the keys of the number formats).
TOTALS_HEADER = (N_("Rank"), N_("Bidder"), N_("Price"), N_("Total"), N_("Eligible"), N_("Reasons"))
TECHNICAL_TOTALS_HEADER = (N_("Bidder"), N_("Technical points"))
MATRIX_HEADER = (N_("Bidder"), N_("Criterion"), N_("Criterion name"), N_("Raw value"), N_("Status"), N_("Note"),
                 N_("Evaluator"), N_("Evaluator score"), N_("Evaluator justification"), N_("Consensus"),
                 N_("Consensus justification"), N_("Points"), N_("Max points"), N_("Weighted points"))
MATRIX_FORMATS = {"Evaluator score": EXCEL_POINTS, "Consensus": EXCEL_POINTS, "Points": EXCEL_POINTS,
                  "Max points": EXCEL_POINTS, "Weighted points": EXCEL_POINTS}
TECHNICAL = "quality"  # eForms BT-539 award criterion type of the technical criteria (not price, not cost)
BOLD = Font(bold=True)


def build_matrix_xlsx(result: EvaluationResult, criteria: list[Criterion],
                      judgements: Mapping[str, Mapping[str, Judgement]], show_prices: bool, currency: str) -> bytes:
    """All bids x criteria with raw values, each evaluator's score and justification, consensus and totals.

    `result` is the stored result with its words rebuilt (app.scoring_words.readable_result). `judgements` are the
    committee's scores per bid label and criterion code (app.records.evaluation.
    stored_judgements), evaluators named by email and in the order they scored.
    With `show_prices` off (a technical member of a two-envelope tender, app.records.access.sees_prices)
    only the technical criteria are listed, with each bid's technical subtotal, in the bidders' alphabetical
    order: no price, price points, total, eligibility or ranking, which all depend on prices.
    """
    book = Workbook(write_only=True)
    if show_prices:
        shown, codes_shown = result.bids, {criterion.code for criterion in criteria}
        _write(book, _("Totals"), TOTALS_HEADER, {"Price": excel_money_format(currency), "Total": EXCEL_POINTS},
               totals_rows(shown))
    else:
        shown = sorted(result.bids, key=lambda bid: (bid.bidder, bid.bid_id))
        codes_shown = {criterion.code for criterion in criteria if criterion.eforms_type == TECHNICAL}
        _write(book, _("Totals"), TECHNICAL_TOTALS_HEADER, {"Technical points": EXCEL_POINTS},
               ([safe_text(bid.bidder), bid.quality_total] for bid in shown))
    _write(book, _("Matrix"), MATRIX_HEADER, MATRIX_FORMATS,
           matrix_rows(shown, codes_shown, criterion_names(criteria), judgements))
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def criterion_names(criteria: list[Criterion]) -> dict[str, tuple[str, str]]:
    """Each criterion's code and its name as the reader's page shows it, made safe, by code."""
    return {criterion.code: (safe_text(criterion.code), safe_text(criterion_name(criterion))) for criterion in criteria}


def totals_rows(bids: list[BidResult]) -> Iterable[list]:
    for bid in bids:
        yield [bid.rank, safe_text(bid.bidder), bid.price, bid.total, value_text(bid.is_eligible),
               safe_text(listing_text(bid.reasons)) if bid.reasons else None]


def matrix_rows(bids: list[BidResult], codes_shown: set[str], names: dict[str, tuple[str, str]],
            judgements: Mapping[str, Mapping[str, Judgement]]) -> Iterable[list]:
    """One row per bid, criterion and evaluator (one row with no evaluator when nobody scored it)."""
    emails: dict[str, str] = {}
    for bid in bids:
        bidder, judged = safe_text(bid.bidder), judgements.get(bid.bid_id, {})
        for cell in bid.criteria:
            if cell.code not in codes_shown:
                continue
            judgement = judged.get(cell.code)
            consensus = judgement.consensus if judgement else None
            agreed = (float(consensus[0]), safe_text(consensus[1])) if consensus else (None, None)
            value = (safe_text(cell.value) if isinstance(cell.value, str)
                     else value_text(cell.value) if isinstance(cell.value, bool) else cell.value)
            scored = [(emails.get(email) or emails.setdefault(email, safe_text(email)), float(points),
                       safe_text(justification))
                      for email, (points, justification) in (judgement.scores.items() if judgement else ())]
            for evaluator in scored or [(None, None, None)]:
                yield [bidder, *names[cell.code], value, code_text(cell.status),
                       safe_text(message_text(cell.note)) if cell.note else None, *evaluator, *agreed, cell.points,
                       cell.max_points, cell.weighted]


def _write(book: Workbook, title: str, header: tuple[str, ...], formats: dict[str, str], rows: Iterable[list]
           ) -> None:
    """A sheet of a bold, frozen header and the rows, the figures under the titles in `formats` formatted."""
    sheet = book.create_sheet(title)
    sheet.freeze_panes = "A2"
    append_table(sheet, header, formats, rows)


def append_table(sheet, header: tuple[str, ...], formats: dict[str, str], rows: Iterable[list]) -> None:
    """A bold header, in the reader's language, and the rows below it, the figures under the titles (msgids) in
    `formats` formatted."""
    sheet.append([_styled(sheet, _(name), font=BOLD) for name in header])
    columns = [(header.index(name), number_format) for name, number_format in formats.items()]
    for row in rows:
        for column, number_format in columns:
            row[column] = _styled(sheet, row[column], number_format=number_format)
        sheet.append(row)


def _styled(sheet, value, font: Font | None = None, number_format: str | None = None) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value)
    if font is not None:
        cell.font = font
    if number_format is not None:
        cell.number_format = number_format
    return cell
