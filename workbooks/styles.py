"""How the template looks and which cells the bidder may edit: one set of styles for every sheet."""
from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from workbooks.cells import write_text

TITLE = Font(bold=True, size=14)
BOLD = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")  # the yellow the instructions point to
_THIN = Side(style="thin", color="A6A6A6")
BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
UNLOCKED = Protection(locked=False)
TEXT_FORMAT = "@"  # keeps "1-2" or "Mar 5" as typed instead of turning them into dates
_LINE_HEIGHT = 15  # points per line of 11-point text
_PROMPT_TITLE, _PROMPT = 32, 255  # Excel refuses longer input-message titles and texts


def put(sheet: Worksheet, ref: str, value: object, font: Font | None = None) -> None:
    """Writes a value (text always as a neutralised explicit string) with an optional font."""
    target = sheet[ref]
    if isinstance(value, str):
        write_text(target, value)
    else:
        target.value = value
    if font is not None:
        target.font = font


def header(sheet: Worksheet, row: int, titles: Iterable[tuple[str, str]]) -> None:
    """A bold, shaded, boxed header row from (column letter, title) pairs."""
    for letter, title in titles:
        put(sheet, f"{letter}{row}", title, BOLD)
        sheet[f"{letter}{row}"].fill = HEADER_FILL
        sheet[f"{letter}{row}"].border = BOX
        sheet[f"{letter}{row}"].alignment = WRAP


def input_cells(sheet: Worksheet, refs: Iterable[str], number_format: str | None = None) -> None:
    """Marks cells as the bidder's: yellow, boxed and unlocked under the sheet protection.

    Only the first cell is styled through openpyxl's attributes, which find each style in the workbook's list by
    hashing it: for the supply chain's 3,500 prepared cells that was two thirds of building a template. The others
    take the first one's style numbers (openpyxl's StyleArray, pinned in requirements.txt)."""
    first = None
    for ref in refs:
        target = sheet[ref]
        if first is None:
            target.fill, target.border, target.protection = INPUT_FILL, BOX, UNLOCKED
            if number_format:
                target.number_format = number_format
            first = target._style
            continue
        style = target._style = target._style or StyleArray()  # a cell never styled has none
        style.fillId, style.borderId, style.protectionId = first.fillId, first.borderId, first.protectionId
        if number_format:
            style.numFmtId = first.numFmtId


def widths(sheet: Worksheet, columns: Mapping[str, float]) -> None:
    """Column widths in characters."""
    for letter, width in columns.items():
        sheet.column_dimensions[letter].width = width


def fit_row(sheet: Worksheet, row: int, texts: Mapping[str, str], width: float | None = None) -> None:
    """Sets a row's height for wrapped texts (neither Excel nor LibreOffice re-fits rows written by openpyxl);
    width overrides the column width, for text in merged cells."""
    lines = 1
    for letter, text in texts.items():
        per_line = max(1, int(width or sheet.column_dimensions[letter].width or 10) - 1)
        lines = max(lines, sum(max(1, math.ceil(len(part) / per_line)) for part in str(text).split("\n")))
    sheet.row_dimensions[row].height = lines * _LINE_HEIGHT
    for target in sheet[row]:
        target.alignment = WRAP


def validation(sheet: Worksheet, ranges: str, title: str, prompt: str, error: str, **rule: str) -> None:
    """A data validation with an input message: a guard for the bidder, re-checked by the reader anyway."""
    check = DataValidation(allow_blank=True, showInputMessage=True, showErrorMessage=True,
                           promptTitle=title[:_PROMPT_TITLE], prompt=prompt[:_PROMPT],
                           errorTitle=title[:_PROMPT_TITLE], error=error[:_PROMPT], **rule)
    sheet.add_data_validation(check)
    check.add(ranges)


def protect(sheet: Worksheet) -> None:
    """Protects everything but the unlocked input cells (no password: a guard against accidents, not security);
    columns and rows may still be resized. Prints landscape, one page wide."""
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
