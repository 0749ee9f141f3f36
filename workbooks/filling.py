"""Filling a template the way a bidder would (names from the drop-downs, yes/no as text), for tests and sample data."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from functools import cache
from io import BytesIO
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from scoring import countries
from scoring.reference import reference
from scoring.resilience import SupplyLine
from workbooks import layout, lot_layout
from workbooks.cells import restore_text, write_text
from workbooks.choices import FSR_CHOICES, NO, STAGE_LABELS, YES, country_choice
from workbooks.model import BidFilling, LotFilling
from workbooks.wording import ENGLISH_WORDING, Wording


def fill_workbook(template: bytes, filling: BidFilling, words: Wording = ENGLISH_WORDING) -> bytes:
    """The template with the filling typed in, names as the drop-downs of `words`' language offer them; unknown
    codes are written as given, so tests can fill in mistakes."""
    workbook = load_workbook(BytesIO(template), keep_links=False)
    _fill_company(workbook[layout.COMPANY], filling, words)
    if lot_layout.LOTS in workbook.sheetnames:
        _fill_lots(workbook, filling.lots, words)
    elif layout.ANSWERS in workbook.sheetnames:  # a performance report has no price and no answers
        if filling.price is not None:
            workbook[layout.PRICE][f"{layout.PRICE_VALUE}{layout.PRICE_ROW}"].value = _number(filling.price)
        answers = workbook[layout.ANSWERS]
        rows = {restore_text(str(answers[f"{layout.ANSWER_CODE.letter}{row}"].value)): row
                for row in range(layout.ANSWERS_FIRST_ROW, answers.max_row + 1)}
        _fill_answers(answers, filling.answers, rows, layout.ANSWER_VALUE.letter, words)
    if layout.SUPPLY in workbook.sheetnames:
        _fill_supply(workbook[layout.SUPPLY], filling.supply, words)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _country(code: str, words: Wording) -> str:
    """A country code as the workbook's drop-down names it; anything else as given."""
    return _country_labels(words).get(code) or countries.country_name(code) or code


@cache
def _country_labels(words: Wording) -> dict[str, str]:
    """Country code -> its label in the drop-down of `words`' language."""
    return {value: label for label, value in country_choice(words).exact.items()}


def _fill_company(sheet: Worksheet, filling: BidFilling, words: Wording) -> None:
    """Company fields; countries by display name and the FSR declaration by its label."""
    company = filling.company
    fsr = company.fsr_declaration
    shown = {"country": _country(company.country, words),
             "controlling_country": _country(company.controlling_country, words),
             "fsr_declaration": words(FSR_CHOICES[fsr]) if fsr in FSR_CHOICES else fsr}
    for field in (*layout.COMPANY_FIELDS, layout.FSR_FIELD):
        value = shown.get(field.key, getattr(company, field.key))
        if value:
            write_text(sheet[f"{layout.COMPANY_VALUE}{field.row}"], value)


def _fill_lots(workbook: Workbook, lots: Mapping[int, LotFilling], words: Wording) -> None:
    """Each lot's row of the Lots sheet, its answers sheet and its own supply-chain sheet if it has one; a lot
    number the template does not have gets a row below the lots (so tests can fill in that mistake)."""
    sheet = workbook[lot_layout.LOTS]
    rows = {sheet[f"{lot_layout.LOT_NUMBER.letter}{row}"].value: row
            for row in range(lot_layout.LOTS_FIRST_ROW, sheet.max_row + 1)}
    metadata = workbook[layout.METADATA]
    found = {metadata[f"{layout.METADATA_KEY}{row}"].value: metadata[f"{layout.METADATA_VALUE}{row}"].value
             for row in range(1, metadata.max_row + 1)}
    extra = sheet.max_row
    for number, lot in lots.items():
        if number not in rows:
            extra += 1
            rows[number] = extra
            sheet[f"{lot_layout.LOT_NUMBER.letter}{extra}"].value = number
        row = rows[number]
        if lot.bid is not None:
            write_text(sheet[f"{lot_layout.LOT_BID.letter}{row}"], words(YES if lot.bid else NO))
        if lot.price is not None:
            sheet[f"{lot_layout.LOT_PRICE.letter}{row}"].value = _number(lot.price)
        if lot.answers:
            codes = (found.get(f"lot {number} criteria") or "").split(",")
            _fill_answers(workbook[lot_layout.answers_sheet(number)], lot.answers,
                          {code: layout.answer_row(index) for index, code in enumerate(codes)},
                          lot_layout.LOT_ANSWER_VALUE.letter, words)
        if lot.supply and lot_layout.lot_supply_sheet(number) in workbook.sheetnames:  # else the shared sheet
            _fill_supply(workbook[lot_layout.lot_supply_sheet(number)], lot.supply, words)


def _fill_supply(sheet: Worksheet, supply: Sequence[SupplyLine], words: Wording) -> None:
    """The supply lines from the table's first row."""
    for offset, line in enumerate(supply):
        _fill_line(sheet, layout.SUPPLY_FIRST_ROW + offset, line, words)


def _fill_answers(sheet: Worksheet, answers: Mapping[str, Any], rows: Mapping[str, int], letter: str,
                  words: Wording) -> None:
    """Each answer in its criterion's row (found by the template alone: its code column or its metadata)."""
    for code, value in answers.items():
        target = sheet[f"{letter}{rows[code]}"]
        if isinstance(value, bool):
            write_text(target, words(YES if value else NO))
        elif isinstance(value, str):
            write_text(target, value)
        else:
            target.value = _number(value)


def _fill_line(sheet: Worksheet, row: int, line: SupplyLine, words: Wording) -> None:
    """One supply line: material, stage and country by their names in the drop-downs."""
    material = line.material
    texts = {"material": words(reference.material_name(material)) if isinstance(material, str) else material,
             "stage": words(STAGE_LABELS[line.stage]) if line.stage in STAGE_LABELS else line.stage,
             "country": _country(line.country, words) if isinstance(line.country, str) else line.country,
             "supplier": line.supplier, "evidence": line.evidence}
    for key, column in layout.SUPPLY_BY_KEY.items():
        value = texts.get(key, getattr(line, key))
        target = sheet[f"{column.letter}{row}"]
        if isinstance(value, str):
            if value:
                write_text(target, value)
        else:
            target.value = _number(value)


def _number(value: Any) -> Any:
    """Numbers as Excel stores them (a Decimal price as a float); anything else as given."""
    return float(value) if isinstance(value, Decimal) else value
