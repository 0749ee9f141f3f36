"""Reading each input sheet's cells into typed values, every problem placed at its cell.

Only the template's fixed cells are read; every value is checked again against the tender's
lists and ranges (drop-downs are not enforced on files Excel did not check).
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from functools import partial
from itertools import compress
from operator import methodcaller
from typing import Any

from scoring.definition import Tender
from scoring.plan import needs_price, plan_scoring
from scoring.problems import Problem
from scoring.reference import reference
from scoring.resilience import STAGES, SupplyLine, validate_declaration
from workbooks import cells as parse
from workbooks import layout
from workbooks.cells import NEUTRALISER, CellProblems, is_blank
from workbooks.choices import AnswerSpec, country_choice, fsr_choice, material_choice, stage_choice
from workbooks.model import CompanyDetails, TenderInfo
from workbooks.wording import ENGLISH_WORDING, N_, Wording, said
from workbooks.wording import say as _

Rows = Sequence[Sequence[Any]]
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
# the FSR declaration is required whenever the template asks for it
_REQUIRED_COMPANY = {"name", "country", "controlling_entity", "controlling_country", "fsr_declaration"}
# How a share-sum problem names a stage (the stage codes of scoring/resilience, in the reader's language)
_STAGE_WORDS = {"extraction": N_("extraction"), "processing": N_("processing"), "manufacturing": N_("manufacturing")}


def value_at(rows: Rows, letter: str, row: int) -> Any:
    """The raw value of a cell ("" when outside the sheet's data)."""
    index = ord(letter) - ord("A")
    if row - 1 < len(rows) and index < len(rows[row - 1]):
        return rows[row - 1][index]
    return ""


def read_metadata(rows: Rows, keys: Mapping[str, int] = layout.METADATA_ROWS) -> dict[str, str]:
    """The Metadata sheet's values by key (blank or non-text values as "")."""
    found = {}
    for key, row in keys.items():
        raw = value_at(rows, layout.METADATA_VALUE, row)
        found[key] = parse.restore_text(raw.strip()) if isinstance(raw, str) else ""
    return found


def read_company(rows: Rows, info: TenderInfo, cells: CellProblems, words: Wording = ENGLISH_WORDING
                 ) -> CompanyDetails:
    """The Company sheet; name, country and the ultimate controlling entity with its country are required.
    Countries and the FSR declaration are read in the workbook's language (`words`) or in English."""
    fields = layout.COMPANY_FIELDS + ((layout.FSR_FIELD,) if info.requires_fsr_declaration else ())
    parsers = {"country": country_choice(words).parse, "controlling_country": country_choice(words).parse,
               "fsr_declaration": fsr_choice(words).parse}
    values: dict[str, Any] = {}
    for field in fields:
        place = layout.cell(layout.COMPANY, layout.COMPANY_VALUE, field.row)
        raw = value_at(rows, layout.COMPANY_VALUE, field.row)
        parser = parsers.get(field.key)
        value = (cells.read(place, parser, raw) if parser
                 else cells.read(place, parse.text, raw, _(field.label), layout.MAX_TEXT_LENGTH))
        if is_blank(raw) and field.key in _REQUIRED_COMPANY:
            cells.add(place, _("%(field)s is missing (required for tenders of EUR 250 million or more)",
                               field=_(field.label)) if field is layout.FSR_FIELD
                      else _("%(field)s is missing", field=_(field.label)))
        if field.key == "contact_email" and value and not _EMAIL.fullmatch(value):
            cells.add(place, _("%(value)s does not look like an email address", value=repr(value[:60])))
        values[field.key] = value
    return CompanyDetails(**{key: value or "" for key, value in values.items() if key != "fsr_declaration"},
                          fsr_declaration=values.get("fsr_declaration"))


def read_price(rows: Rows, tender: Tender, cells: CellProblems) -> Decimal | None:
    """The total price; blank only where nothing uses it (no price criterion, no ProZorro comparison): elsewhere
    a bid without a price could only be ineligible, so it is refused at its cell before it is submitted."""
    place = layout.cell(layout.PRICE, layout.PRICE_VALUE, layout.PRICE_ROW)
    raw = value_at(rows, layout.PRICE_VALUE, layout.PRICE_ROW)
    if is_blank(raw) and needs_price(tender, plan_scoring(tender)):
        cells.add(place, _("price is missing: enter the total price of the bid"))
    return cells.read(place, parse.amount, raw, _("price"), layout.PRICE_DECIMALS, layout.MAX_PRICE)


def read_answers(rows: Rows, specs: Sequence[AnswerSpec], cells: CellProblems, sheet: str = layout.ANSWERS,
                 code_letter: str | None = layout.ANSWER_CODE.letter, value_letter: str = layout.ANSWER_VALUE.letter
                 ) -> tuple[dict[str, bool | float | str], dict[str, str]]:
    """Answers by criterion code, and each answer's place; blanks stay absent (missing, not zero).

    A lot's answers sheet shows no codes (code_letter None): its rows follow the criteria codes the hidden
    Metadata sheet lists, which the template check has already compared with the tender's."""
    answers, places = {}, {}
    for position, spec in enumerate(specs):
        row = layout.answer_row(position)
        code = value_at(rows, code_letter, row) if code_letter else spec.code
        if (parse.restore_text(code.strip()) if isinstance(code, str) else code) != spec.code:
            cells.add(layout.cell(sheet, code_letter, row),
                      _("expected criterion %(code)s in this row, found %(found)s: rows must not be moved or "
                        "deleted; download the current template and enter your bid in it", code=spec.code,
                        found=parse.shown(code)))
            continue
        place = layout.cell(sheet, value_letter, row)
        value = cells.read(place, spec.parse, value_at(rows, value_letter, row))
        if value is not None:
            answers[spec.code], places[spec.code] = value, place
    return answers, places


def read_supply(rows: Rows, tender: Tender, cells: CellProblems, sheet: str = layout.SUPPLY,
                words: Wording = ENGLISH_WORDING) -> tuple[SupplyLine, ...]:
    """Every non-blank row of the supply-chain table, then scoring's own check that each material and stage adds
    up to 100% (left out where a row that may belong there is wrong already, so the sum is not blamed for it).

    The table is read a column at a time: a column's distinct values are parsed once (a few materials, stages,
    countries and shares repeat down thousands of rows), and the rows whose cells all parse become lines
    together. Only the others, blank or wrong, are read one by one, a wrong one cell by cell to place each
    problem (a 10,000-row upload is read in the time the bidder waits for the page).
    """
    parsers = _supply_parsers(tender, words)
    table = rows[layout.SUPPLY_FIRST_ROW - 1:]
    columns = _parsed_columns(table, parsers)
    others = sorted({index for column, required in zip(columns, _IS_REQUIRED, strict=True)
                     for index in _unusable(column, required)})
    broken = _read_wrong_rows(table, others, parsers, sheet, cells)
    lines, rows_read = _lines(columns, others, sheet)
    problems = validate_declaration(lines, tender.bill_of_materials)
    if problems:
        _place_problems(problems, lines, rows_read, broken, tender, sheet, cells)
    return lines


def _read_wrong_rows(table: Rows, others: list[int], parsers: list[Callable[[Any], Any]], sheet: str,
                     cells: CellProblems) -> list[tuple[str | None, str | None]]:
    """Each of the rows (positions in the table) that did not make a line and is not blank, read cell by cell to
    place its problems; the (material, stage) each seems to belong to."""
    broken = []
    for index in others:
        raw = [*table[index][:len(_KEYS)], *[""] * (len(_KEYS) - len(table[index]))]
        if not all(map(is_blank, raw)):
            _read_row(raw, _places(sheet, index + layout.SUPPLY_FIRST_ROW), parsers, cells)
            broken.append(_key(raw, parsers))
    return broken


def _lines(columns: list[list[Any]], others: list[int], sheet: str) -> tuple[tuple[SupplyLine, ...], Sequence[int]]:
    """The lines of every row but the others (positions in the table), and their row numbers."""
    rows_read: Sequence[int] = range(layout.SUPPLY_FIRST_ROW, layout.SUPPLY_FIRST_ROW + len(columns[0]))
    if others:
        kept = [True] * len(rows_read)
        for index in others:
            kept[index] = False
        columns = [list(compress(column, kept)) for column in columns]
        rows_read = list(compress(rows_read, kept))
    place_prefix = layout.cell(sheet, layout.SUPPLY_COLUMNS[0].letter, 0)[:-1]
    return tuple(map(SupplyLine, *columns, map(place_prefix.__add__, map(str, rows_read)))), rows_read


def _place_problems(problems: list[Problem], lines: Sequence[SupplyLine], rows: Sequence[int],
                    broken: list[tuple[str | None, str | None]], tender: Tender, sheet: str, cells: CellProblems
                    ) -> None:
    """Scoring's problems with the declaration, a (material, stage) sum placed at the share cells that make it;
    none for a sum a broken row may belong to (`broken`: the (material, stage) each seems to, None unreadable)."""
    by_name, group_of = defaultdict(list), {}  # named once per (material, stage), as scoring's check names it
    for line, row in zip(lines, rows, strict=True):
        by_name[_group_name(line.material, line.stage)].append(row)
        group_of[_group_name(line.material, line.stage)] = line.material, line.stage
    blamed = {_group_name(material, stage) for material in tender.bill_of_materials for stage in STAGES
              if any(m in (None, material) and s in (None, stage) for m, s in broken)}
    for problem in problems:
        if problem.place in blamed:
            continue
        if problem.place in by_name:
            material, stage = group_of[problem.place]
            cells.add(_share_cells(sheet, by_name[problem.place]), _(
                "%(material)s / %(stage)s: %(problem)s", material=_(reference.material_name(material)),
                stage=_(_STAGE_WORDS[stage]), problem=said(problem.message)))
        else:
            cells.add(problem.place, said(problem.message))


def _group_name(material: str, stage: str) -> str:
    """How scoring's declaration check places a (material, stage) sum: "Neodymium / processing"."""
    return f"{reference.material_name(material)} / {stage}"


def _share_cells(sheet: str, rows: list[int]) -> str:
    """The share cells of these rows as one place, runs of rows as ranges: "Supply chain!D14:D16, D20"."""
    runs: list[list[int]] = []
    for row in rows:
        if runs and row == runs[-1][1] + 1:
            runs[-1][1] = row
        else:
            runs.append([row, row])
    letter = layout.SUPPLY_BY_KEY["share"].letter
    return f"{sheet}!" + ", ".join(
        f"{letter}{first}" if first == last else f"{letter}{first}:{letter}{last}" for first, last in runs)


_KEYS = tuple(column.key for column in layout.SUPPLY_COLUMNS)
assert _KEYS == ("material", "stage", "country", "share", "recycled", "supplier", "evidence")  # SupplyLine's order
assert [column.index for column in layout.SUPPLY_COLUMNS] == list(range(len(_KEYS)))  # a row is its cells in order
_REQUIRED_KEYS = ("material", "stage", "country", "share")  # recycled, supplier and evidence may stay blank
_REQUIRED = tuple(_KEYS.index(key) for key in _REQUIRED_KEYS)
_IS_REQUIRED = tuple(key in _REQUIRED_KEYS for key in _KEYS)
_BLANKS = {"recycled": 0.0, "supplier": "", "evidence": ""}  # what a blank cell reads as (None: it is required)
_FREE_TEXT = ("supplier", "evidence")  # the columns whose values seldom repeat
_GROUP = (_KEYS.index("material"), _KEYS.index("stage"))  # the cells naming a line's (material, stage)
_FAILED = object()  # a cell whose value cannot be used
_NEUTRALISED = methodcaller("startswith", NEUTRALISER)


def _supply_parsers(tender: Tender, words: Wording) -> list[Callable[[Any], Any]]:
    """One parser per supply column, in column order: the drop-down columns in the workbook's language (`words`)
    or in English, the problems in the reader's."""
    what = {column.key: _(column.what) for column in layout.SUPPLY_COLUMNS}
    by_key = {"material": material_choice(tender, words).parse, "stage": stage_choice(words).parse,
              "country": country_choice(words).parse,
              "share": partial(parse.number, what=what["share"], low=0, high=100),
              "recycled": partial(parse.number, what=what["recycled"], low=0, high=100),
              "supplier": partial(parse.text, what=what["supplier"], max_length=layout.MAX_TEXT_LENGTH),
              "evidence": partial(parse.text, what=what["evidence"], max_length=layout.MAX_TEXT_LENGTH)}
    return [by_key[column.key] for column in layout.SUPPLY_COLUMNS]


def _places(sheet: str, row: int) -> list[str]:
    """The row's cells as places."""
    return [layout.cell(sheet, column.letter, row) for column in layout.SUPPLY_COLUMNS]


def _parsed_columns(table: Rows, parsers: list[Callable[[Any], Any]]) -> list[list[Any]]:
    """Each supply column's cells parsed: the value; where blank, the column's blank value (None where required);
    _FAILED where wrong. A row shorter than the table is blank beyond its end."""
    if not table:
        return [[] for _ in _KEYS]
    width = len(_KEYS)
    if min(map(len, table)) < width:
        table = [[*row, *[""] * (width - len(row))] for row in table]
    return [(_free_texts if key in _FREE_TEXT else _parsed_column)(values, parser, _BLANKS.get(key))
            for key, values, parser in zip(_KEYS, zip(*table), parsers)]


def _parsed_column(values: Sequence[Any], parser: Callable[[Any], Any], blank: Any) -> list[Any]:
    """Each distinct value parsed once; by (type, value) where a TRUE is among them, which would otherwise be
    taken for 1.0 (True == 1.0)."""
    if bool in set(map(type, values)):
        typed = list(zip(map(type, values), values))
        parsed = {key: _parsed_cell(key[1], parser, blank) for key in dict.fromkeys(typed)}
        return list(map(parsed.__getitem__, typed))
    parsed = {value: _parsed_cell(value, parser, blank) for value in dict.fromkeys(values)}
    return list(map(parsed.__getitem__, values))


def _parsed_cell(raw: Any, parser: Callable[[Any], Any], blank: Any) -> Any:
    if is_blank(raw):
        return blank
    try:
        return parser(raw)
    except parse.CellError:
        return _FAILED


def _free_texts(values: Sequence[Any], parser: Callable[[Any], Any], blank: str) -> list[Any]:
    """A supplier or evidence column: when every cell holds text of an allowed length, the texts as parse.text
    reads them (stripped, a neutralised formula restored)."""
    if set(map(type, values)) == {str}:
        texts = list(map(str.strip, values))
        if any(map(_NEUTRALISED, texts)):
            texts = list(map(parse.restore_text, texts))
        if max(map(len, texts)) <= layout.MAX_TEXT_LENGTH:
            return texts
    return _parsed_column(values, parser, blank)


def _unusable(column: list[Any], required: bool) -> list[int]:
    """The positions of a column's cells that keep their row from being a line: wrong, or blank where required."""
    if _FAILED not in column and not (required and None in column):
        return []
    return [index for index, value in enumerate(column) if value is _FAILED or (required and value is None)]


def _read_row(raw: list[Any], places: list[str], parsers: list[Callable[[Any], Any]], cells: CellProblems
              ) -> list[Any] | None:
    """The row read cell by cell, each problem placed; None if it had any."""
    before = len(cells.problems)
    values = [cells.read(place, parser, value) for value, place, parser in zip(raw, places, parsers, strict=True)]
    for index in _REQUIRED:
        if is_blank(raw[index]):
            cells.add(places[index], _("%(what)s is missing (this row has other entries)",
                                       what=_(layout.SUPPLY_COLUMNS[index].what)))
    return values if len(cells.problems) == before else None


def _key(raw: list[Any], parsers: list[Callable[[Any], Any]]) -> tuple[str | None, str | None]:
    """The (material, stage) a broken row seems to belong to, None where that cell is unreadable."""
    key = []
    for index in _GROUP:
        try:
            key.append(None if is_blank(raw[index]) else parsers[index](raw[index]))
        except parse.CellError:
            key.append(None)
    return key[0], key[1]
