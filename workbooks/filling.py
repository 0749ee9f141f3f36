"""Filling a template the way a bidder would (names from the drop-downs, yes/no as text), for tests and sample data."""
from __future__ import annotations

from decimal import Decimal
from io import BytesIO
from typing import Any

from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from scoring import countries
from scoring.reference import reference
from scoring.resilience import SupplyLine
from workbooks import layout
from workbooks.cells import restore_text, write_text
from workbooks.choices import FSR_CHOICES, NO, STAGE_LABELS, YES
from workbooks.model import BidFilling


def fill_workbook(template: bytes, filling: BidFilling) -> bytes:
    """The template with the filling typed in; unknown codes are written as given, so tests can fill in mistakes."""
    workbook = load_workbook(BytesIO(template), keep_links=False)
    _fill_company(workbook[layout.COMPANY], filling)
    if filling.price is not None:
        workbook[layout.PRICE][f"{layout.PRICE_VALUE}{layout.PRICE_ROW}"].value = _number(filling.price)
    _fill_answers(workbook[layout.ANSWERS], filling.answers)
    sheet = workbook[layout.SUPPLY]
    for offset, line in enumerate(filling.supply):
        _fill_line(sheet, layout.SUPPLY_FIRST_ROW + offset, line)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _fill_company(sheet: Worksheet, filling: BidFilling) -> None:
    """Company fields; countries by display name and the FSR declaration by its label."""
    company = filling.company
    shown = {"country": countries.country_name(company.country) or company.country,
             "controlling_country": countries.country_name(company.controlling_country) or company.controlling_country,
             "fsr_declaration": FSR_CHOICES.get(company.fsr_declaration, company.fsr_declaration)}
    for field in (*layout.COMPANY_FIELDS, layout.FSR_FIELD):
        value = shown.get(field.key, getattr(company, field.key))
        if value:
            write_text(sheet[f"{layout.COMPANY_VALUE}{field.row}"], value)


def _fill_answers(sheet: Worksheet, answers: dict[str, Any]) -> None:
    """Each answer in the row whose code column names its criterion (the template is the only guide)."""
    rows = {restore_text(str(sheet[f"{layout.ANSWER_CODE.letter}{row}"].value)): row
            for row in range(layout.ANSWERS_FIRST_ROW, sheet.max_row + 1)}
    for code, value in answers.items():
        target = sheet[f"{layout.ANSWER_VALUE.letter}{rows[code]}"]
        if isinstance(value, bool):
            write_text(target, YES if value else NO)
        elif isinstance(value, str):
            write_text(target, value)
        else:
            target.value = _number(value)


def _fill_line(sheet: Worksheet, row: int, line: SupplyLine) -> None:
    """One supply line: material, stage and country by their names in the drop-downs."""
    texts = {"material": reference.material_name(line.material) if isinstance(line.material, str) else line.material,
             "stage": STAGE_LABELS.get(line.stage, line.stage),
             "country": countries.country_name(line.country) or line.country,
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
