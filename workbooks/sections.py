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
from typing import Any

from scoring.definition import Tender
from scoring.plan import needs_price, plan_scoring
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

    A row parses in one go; only a row that fails is read again cell by cell to place each problem
    (a 10,000-row upload is read in the time the bidder waits for the page).
    """
    columns = layout.SUPPLY_COLUMNS
    indices = [column.index for column in columns]
    width = max(indices) + 1
    parsers = _supply_parsers(tender, words)
    # A drop-down or percentage column repeats a few values: each is parsed once, and so is each distinct
    # (material, stage, country, share, recycled); supplier and evidence are free text, read in line.
    known: list[dict[str, Any] | None] = [{} if column.key in _CHOSEN else None for column in columns]
    heads: dict[tuple[Any, ...], tuple[str, list[Any]]] = {}
    place_prefix = layout.cell(sheet, columns[0].letter, 0)[:-1]
    lines, broken, group_rows = [], [], defaultdict(list)
    in_order = indices == list(range(width)) and width == _HEAD + 2  # the row is the cells, in column order
    # Each run of repeating cells a valid line began with, in a row of the cells in order: the line's first five
    # fields and its (material, stage)'s rows. A valid line's cells hold no bool (no parser takes one) and its
    # material, stage and country are texts (the lists parse nothing else), so only a row's share and recycled
    # cells could equal a run's while holding a bool (True == 1.0): such rows take the full way.
    runs: dict[tuple[Any, ...], tuple[Any, ...]] = {}
    for row, values_in_row in enumerate(rows[layout.SUPPLY_FIRST_ROW - 1:], start=layout.SUPPLY_FIRST_ROW):
        if in_order and len(values_in_row) >= width:  # the common case, in line: a known run, plain texts
            head = tuple(values_in_row[:_HEAD])
            run = runs.get(head)
            if run is not None and head[_SHARE].__class__ is not bool and head[_RECYCLED].__class__ is not bool:
                supplier, evidence = values_in_row[_HEAD], values_in_row[_HEAD + 1]
                if supplier.__class__ is str and evidence.__class__ is str:
                    supplier, evidence = supplier.strip(), evidence.strip()
                    if (not supplier or supplier[0] != NEUTRALISER) and (not evidence or evidence[0] != NEUTRALISER) \
                            and len(supplier) <= layout.MAX_TEXT_LENGTH and len(evidence) <= layout.MAX_TEXT_LENGTH:
                        material, stage, country, share, recycled, group = run
                        group.append(row)
                        lines.append(SupplyLine(material, stage, country, share, recycled, supplier, evidence,
                                                f"{place_prefix}{row}"))
                        continue
        raw = ([values_in_row[index] for index in indices] if len(values_in_row) >= width
               else [values_in_row[index] if index < len(values_in_row) else "" for index in indices])
        values = _parse_row(raw, parsers, known, heads)
        if values is _BLANK_ROW:
            continue
        if values is None:
            values = _read_row(raw, _places(sheet, row), parsers, cells)
        if values is None:
            broken.append(_key(raw, parsers))
            continue
        material, stage, country, share, recycled, supplier, evidence = values
        group = group_rows[material, stage]
        group.append(row)
        lines.append(SupplyLine(material, stage, country, share, recycled or 0.0, supplier or "", evidence or "",
                                f"{place_prefix}{row}"))
        if in_order:
            runs.setdefault(tuple(raw[:_HEAD]), (material, stage, country, share, recycled or 0.0, group))
    by_name, group_of = defaultdict(list), {}  # named once per (material, stage), as scoring's check names it
    for (material, stage), found in group_rows.items():
        by_name[_group_name(material, stage)].extend(found)
        group_of[_group_name(material, stage)] = material, stage
    blamed = {_group_name(material, stage) for material in tender.bill_of_materials for stage in STAGES
              if any(m in (None, material) and s in (None, stage) for m, s in broken)}
    for problem in validate_declaration(lines, tender.bill_of_materials):
        if problem.place in blamed:
            continue
        if problem.place in by_name:  # a (material, stage) sum: placed at the share cells that make it
            material, stage = group_of[problem.place]
            cells.add(_share_cells(sheet, sorted(by_name[problem.place])), _(
                "%(material)s / %(stage)s: %(problem)s", material=_(reference.material_name(material)),
                stage=_(_STAGE_WORDS[stage]), problem=said(problem.message)))
        else:
            cells.add(problem.place, said(problem.message))
    return tuple(lines)


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
_REQUIRED_KEYS = ("material", "stage", "country", "share")  # recycled, supplier and evidence may stay blank
_REQUIRED = tuple(_KEYS.index(key) for key in _REQUIRED_KEYS)
_GROUP = (_KEYS.index("material"), _KEYS.index("stage"))  # the cells naming a line's (material, stage)
_CHOSEN = ("material", "stage", "country", "share", "recycled")  # columns whose values repeat
_UNSEEN = object()
_HEAD = _KEYS.index("supplier")  # the repeating columns come first, the free-text ones after
_SHARE, _RECYCLED = _KEYS.index("share"), _KEYS.index("recycled")
_COMPLETE, _EMPTY, _PARTIAL, _FAILED = "complete", "empty", "partial", "failed"  # _parse_head's states
_BLANK_ROW: list[Any] = []  # _parse_row's answer for a row with no entry (compared by identity)
assert _KEYS == ("material", "stage", "country", "share", "recycled", "supplier", "evidence")  # read_supply unpacks
assert _CHOSEN == _KEYS[:_HEAD]


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


def _parse_row(raw: list[Any], parsers: list[Callable[[Any], Any]], known: list[dict[str, Any] | None],
               heads: dict[tuple[Any, ...], tuple[str, list[Any]]]) -> list[Any] | None:
    """The row's values if every cell is valid and the required ones are there; None otherwise; _BLANK_ROW
    when every cell is blank. `heads` keeps each distinct run of the repeating columns, parsed, with its state."""
    head = tuple(raw[:_HEAD])
    if bool in map(type, head):  # True == 1.0 would find 1.0's entry
        state, values = _parse_head(head, parsers, known)
    else:
        found = heads.get(head)
        if found is None:
            found = heads[head] = _parse_head(head, parsers, known)
        state, values = found
    if state is _FAILED:
        return None
    try:
        supplier, evidence = _free_text(raw[_HEAD], parsers[_HEAD]), _free_text(raw[_HEAD + 1], parsers[_HEAD + 1])
    except parse.CellError:
        return None
    if state is _EMPTY:
        return _BLANK_ROW if supplier is None and evidence is None else None
    return [*values, supplier, evidence] if state is _COMPLETE else None


def _parse_head(head: tuple[Any, ...], parsers: list[Callable[[Any], Any]], known: list[dict[str, Any] | None]
                ) -> tuple[str, list[Any]]:
    """The repeating columns parsed (`known` keeps each column's parsed texts and numbers), and whether they are
    _COMPLETE (every required one there), _EMPTY (all blank), _PARTIAL, or _FAILED (a cell is wrong)."""
    values = []
    try:
        for value, parser, seen in zip(head, parsers, known, strict=False):
            kind = value.__class__
            if kind is str or kind is float:  # never bool: True == 1.0 would find 1.0's entry
                parsed = _UNSEEN if seen is None else seen.get(value, _UNSEEN)
                if parsed is _UNSEEN:
                    parsed = parser(value) if kind is float or value.strip() else None
                    if seen is not None:
                        seen[value] = parsed
            else:
                parsed = None if value is None else parser(value)
            values.append(parsed)
    except parse.CellError:
        return _FAILED, []
    if all(value is None for value in values):
        return _EMPTY, values
    return (_COMPLETE if all(values[index] is not None for index in _REQUIRED) else _PARTIAL), values


def _free_text(value: Any, parser: Callable[[Any], Any]) -> str | None:
    """A supplier or evidence cell: plain text read in line, anything else by its parser."""
    if value.__class__ is str:
        text = value.strip()
        if not text:
            return None
        if text[0] != NEUTRALISER and len(text) <= layout.MAX_TEXT_LENGTH:
            return text
    elif value is None:
        return None
    return parser(value)


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
