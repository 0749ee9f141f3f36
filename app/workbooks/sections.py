"""Reading each input sheet's cells into typed values, every problem placed at its cell.

Only the template's fixed cells are read; every value is checked again against the tender's
lists and ranges (drop-downs are not enforced on files Excel did not check).
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from app.workbooks import cells as parse
from app.workbooks import layout
from app.workbooks.cells import CellProblems, is_blank
from app.workbooks.choices import FSR_CHOICE, STAGE_CHOICE, AnswerSpec, country_choice, material_choice
from app.workbooks.model import CompanyDetails, TenderInfo
from scoring.definition import Tender
from scoring.reference import reference
from scoring.resilience import SupplyLine, validate_declaration

Rows = Sequence[Sequence[Any]]
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_REQUIRED = {"name", "country", "controlling_entity", "controlling_country"}


def value_at(rows: Rows, letter: str, row: int) -> Any:
    """The raw value of a cell ("" when outside the sheet's data)."""
    index = ord(letter) - ord("A")
    if row - 1 < len(rows) and index < len(rows[row - 1]):
        return rows[row - 1][index]
    return ""


def read_metadata(rows: Rows) -> dict[str, str]:
    """The Metadata sheet's values by key (blank or non-text values as "")."""
    found = {}
    for key, row in layout.METADATA_ROWS.items():
        raw = value_at(rows, layout.METADATA_VALUE, row)
        found[key] = raw.strip() if isinstance(raw, str) else ""
    return found


def read_company(rows: Rows, info: TenderInfo, cells: CellProblems) -> CompanyDetails:
    """The Company sheet; name, country and the ultimate controlling entity with its country are required."""
    fields = layout.COMPANY_FIELDS + ((layout.FSR_FIELD,) if info.requires_fsr_declaration else ())
    parsers = {"country": country_choice().parse, "controlling_country": country_choice().parse,
               "fsr_declaration": FSR_CHOICE.parse}
    values: dict[str, Any] = {}
    for field in fields:
        place = layout.cell(layout.COMPANY, layout.COMPANY_VALUE, field.row)
        raw = value_at(rows, layout.COMPANY_VALUE, field.row)
        parser = parsers.get(field.key)
        value = (cells.read(place, parser, raw) if parser
                 else cells.read(place, parse.text, raw, field.label.lower(), layout.MAX_TEXT_LENGTH))
        if is_blank(raw) and (field.key in _REQUIRED or field is layout.FSR_FIELD) and place not in cells.formulas:
            cells.add(place, f"{field.label} is missing" + (
                " (required for tenders of EUR 250 million or more)" if field is layout.FSR_FIELD else ""))
        if field.key == "contact_email" and value and not _EMAIL.fullmatch(value):
            cells.add(place, f"{value[:60]!r} does not look like an email address")
        values[field.key] = value
    return CompanyDetails(**{key: value or "" for key, value in values.items() if key != "fsr_declaration"},
                          fsr_declaration=values.get("fsr_declaration"))


def read_price(rows: Rows, cells: CellProblems) -> Decimal | None:
    """The total price (blank is allowed at upload: the self-assessment shows it as missing)."""
    return cells.read(layout.cell(layout.PRICE, layout.PRICE_VALUE, layout.PRICE_ROW), parse.amount,
                      value_at(rows, layout.PRICE_VALUE, layout.PRICE_ROW), "price", layout.PRICE_DECIMALS,
                      layout.MAX_PRICE)


def read_answers(rows: Rows, specs: Sequence[AnswerSpec], cells: CellProblems
                 ) -> tuple[dict[str, bool | float | str], dict[str, str]]:
    """Answers by criterion code, and each answer's place; blanks stay absent (missing, not zero)."""
    answers, places = {}, {}
    for position, spec in enumerate(specs):
        row = layout.answer_row(position)
        code = value_at(rows, layout.ANSWER_CODE.letter, row)
        if code != spec.code:
            cells.add(layout.cell(layout.ANSWERS, layout.ANSWER_CODE.letter, row),
                      f"expected criterion {spec.code} in this row, found {parse.shown(code)}: rows must not be "
                      "moved or deleted; download the current template and enter your bid in it")
            continue
        place = layout.cell(layout.ANSWERS, layout.ANSWER_VALUE.letter, row)
        value = cells.read(place, spec.parse, value_at(rows, layout.ANSWER_VALUE.letter, row))
        if value is not None:
            answers[spec.code], places[spec.code] = value, place
    return answers, places


def read_supply(rows: Rows, tender: Tender, cells: CellProblems) -> tuple[SupplyLine, ...]:
    """Every non-blank row of the supply-chain table, then scoring's own check that each material and stage adds
    up to 100% (left out where a row of that material and stage is already wrong, so the sum is not blamed)."""
    materials = material_choice(tender)
    lines, broken = [], set()
    for row in range(layout.SUPPLY_FIRST_ROW, len(rows) + 1):
        raw = {key: value_at(rows, column.letter, row) for key, column in layout.SUPPLY_BY_KEY.items()}
        places = {key: layout.cell(layout.SUPPLY, column.letter, row) for key, column in layout.SUPPLY_BY_KEY.items()}
        if all(is_blank(value) for value in raw.values()) and not cells.formulas.intersection(places.values()):
            continue
        before = len(cells.problems)
        values = {"material": cells.read(places["material"], materials.parse, raw["material"]),
                  "stage": cells.read(places["stage"], STAGE_CHOICE.parse, raw["stage"]),
                  "country": cells.read(places["country"], country_choice().parse, raw["country"]),
                  "share": cells.read(places["share"], parse.number, raw["share"], "share", 0, 100),
                  "recycled": cells.read(places["recycled"], parse.number, raw["recycled"], "recycled share", 0, 100),
                  "supplier": cells.read(places["supplier"], parse.text, raw["supplier"], "supplier",
                                         layout.MAX_TEXT_LENGTH),
                  "evidence": cells.read(places["evidence"], parse.text, raw["evidence"], "evidence reference",
                                         layout.MAX_TEXT_LENGTH)}
        for key in ("material", "stage", "country", "share"):
            if is_blank(raw[key]) and places[key] not in cells.formulas:
                cells.add(places[key], f"{layout.SUPPLY_BY_KEY[key].header.lower()} is missing (this row has "
                                       "other entries)")
        if len(cells.problems) > before:
            broken.add((values["material"], values["stage"]))
            continue
        lines.append(SupplyLine(values["material"], values["stage"], values["country"], values["share"],
                                values["recycled"] or 0.0, values["supplier"] or "", values["evidence"] or "",
                                places["material"]))
    skipped = {f"{reference.material_name(material)} / {stage}" for material, stage in broken}
    for problem in validate_declaration(lines, tender.bill_of_materials):
        if problem.place not in skipped:  # scoring places sums as "Neodymium / processing"
            cells.add(problem.place, problem.message)
    return tuple(lines)
