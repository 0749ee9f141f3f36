"""The bidder workbook of a tender divided into lots (Directive 2014/24/EU Art. 46): one workbook per tenderer
covering every lot it bids for. Layout in workbooks/lot_layout.py; the sheets shared with a tender not divided
into lots (Company, supply chain, Lists, Metadata) are written by workbooks/template.py's writers."""
from __future__ import annotations

from dataclasses import replace

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from scoring.definition import Tender
from scoring.reference import reference
from scoring.rules.base import number_text
from workbooks import layout, lot_layout
from workbooks.choices import NO, YES, AnswerSpec, answer_specs
from workbooks.instructions import (
    SUPPLY_STEP,
    bill_of_materials_table,
    criteria_table,
    heading,
    write_steps,
)
from workbooks.model import TenderInfo
from workbooks.styles import BOLD, fit_row, header, input_cells, put, validation, widths
from workbooks.template import (
    NON_NEGATIVE,
    answer_rule,
    intro,
    list_rule,
    price_note,
    write_company,
    write_lists,
    write_metadata,
    write_supply,
)


def write_lot_sheets(workbook: Workbook, tender: Tender, info: TenderInfo) -> None:
    """Every sheet after Instructions (the workbook's first, active sheet), and the Instructions themselves."""
    numbers = tender.lot_numbers()
    views = {number: tender.lot_view(number) for number in numbers}
    specs = {number: tuple(replace(spec, code=_list_key(number, spec.code)) for spec in answer_specs(views[number]))
             for number in numbers}
    supplies = lot_layout.supply_sheets(tender)
    names = (layout.COMPANY, lot_layout.LOTS, *(lot_layout.answers_sheet(number) for number in numbers),
             *dict.fromkeys(supplies.values()), layout.LISTS, layout.METADATA)
    sheets = {name: workbook.create_sheet(name) for name in names}
    materials = dict.fromkeys(code for view in views.values() for code in view.bill_of_materials)
    lists = write_lists(sheets[layout.LISTS], tuple(reference.material_name(code) for code in materials),
                        tuple(spec for number in numbers for spec in specs[number]))
    _write_instructions(workbook.active, tender, info, supplies)
    write_company(sheets[layout.COMPANY], info, lists)
    _write_lots(sheets[lot_layout.LOTS], tender, info, lists)
    for number in numbers:
        _write_answers(sheets[lot_layout.answers_sheet(number)], number, specs[number], lists)
    first_lots: dict[str, int] = {}
    for number, name in supplies.items():
        first_lots.setdefault(name, number)
    for name, number in first_lots.items():
        shared = name == layout.SUPPLY
        write_supply(sheets[name], views[number], lists, "Supply chain" if shared else f"Supply chain of lot {number}",
                     "every lot" if shared else f"lot {number}")
    write_metadata(sheets[layout.METADATA], tender, info)


def _list_key(number: int, code: str) -> str:
    """A lot's criterion as the Lists sheet keys its options (lot trees may reuse a code with other options)."""
    return f"{code} in lot {number}"


def _write_lots(sheet: Worksheet, tender: Tender, info: TenderInfo, lists: dict[str, str]) -> None:
    """One row per lot: the lot, whether the bidder bids for it, its price, and how the price is scored."""
    maximum = tender.lot_rules.max_lots_bid_per_tenderer
    limit = f" You may bid for at most {maximum} lots." if maximum is not None else ""
    intro(sheet, "Lots", f"Choose {YES} for each lot you bid for and enter its price in {info.currency}; choose {NO} "
                         f"for the others.{limit}")
    widths(sheet, {column.letter: column.width for column in lot_layout.LOT_COLUMNS})
    header(sheet, lot_layout.LOTS_HEADER_ROW, [(column.letter, column.header) for column in lot_layout.LOT_COLUMNS])
    for position, lot in enumerate(tender.lots):
        row = lot_layout.lot_row(position)
        texts = {"B": lot.title + (f"\n{lot.description}" if lot.description else ""),
                 "E": price_note(tender.lot_view(lot.number))}
        put(sheet, f"{lot_layout.LOT_NUMBER.letter}{row}", lot.number, BOLD)
        for letter, value in texts.items():
            put(sheet, f"{letter}{row}", value)
        fit_row(sheet, row, texts)
        bid_ref, price_ref = f"{lot_layout.LOT_BID.letter}{row}", f"{lot_layout.LOT_PRICE.letter}{row}"
        input_cells(sheet, [bid_ref])
        input_cells(sheet, [price_ref], "#,##0.00")
        validation(sheet, bid_ref, "Bid for this lot?", f"{YES} if you bid for lot {lot.number}, else {NO}.",
                   f"Choose {YES} or {NO}.", **list_rule(lists["yes_no"]))
        validation(sheet, price_ref, "Price of the lot", f"A number, zero or more, in {info.currency}, at most 2 "
                   "decimals.", "The price must be a number, zero or more.", **NON_NEGATIVE)
    sheet.freeze_panes = f"A{lot_layout.LOTS_FIRST_ROW}"


def _write_answers(sheet: Worksheet, number: int, specs: tuple[AnswerSpec, ...], lists: dict[str, str]) -> None:
    """One row per criterion the bidder answers for this lot (criteria named, never coded)."""
    intro(sheet, f"Lot {number} answers", "If you bid for this lot, answer each criterion in the yellow cell of its "
                                          "row. A blank is shown as missing, not as zero.")
    widths(sheet, {column.letter: column.width for column in lot_layout.LOT_ANSWER_COLUMNS})
    header(sheet, layout.ANSWERS_HEADER_ROW, [(column.letter, column.header)
                                              for column in lot_layout.LOT_ANSWER_COLUMNS])
    if not specs:
        put(sheet, f"A{layout.ANSWERS_FIRST_ROW}", "This lot has no criteria for you to answer here.")
    for position, spec in enumerate(specs):
        row = layout.answer_row(position)
        texts = {"A": spec.path, "C": spec.allowed_text, "D": spec.rule.describe()}
        for letter, value in texts.items():
            put(sheet, f"{letter}{row}", value)
        fit_row(sheet, row, texts)
        answer_ref = f"{lot_layout.LOT_ANSWER_VALUE.letter}{row}"
        input_cells(sheet, [answer_ref])
        validation(sheet, answer_ref, "Your answer", f"{spec.path}: enter {spec.allowed_text}.",
                   f"Enter {spec.allowed_text}.", **answer_rule(spec, lists))
    sheet.freeze_panes = f"A{layout.ANSWERS_FIRST_ROW}"


def _write_instructions(sheet: Worksheet, tender: Tender, info: TenderInfo, supplies: dict[int, str]) -> None:
    """How to fill the workbook in, the lots, each bill of materials and the criteria (once when shared)."""
    row = heading(sheet, info)
    shared_supply = len(set(supplies.values())) == 1
    maximum = tender.lot_rules.max_lots_bid_per_tenderer
    steps = [
        f"{lot_layout.LOTS}: choose {YES} for each lot you bid for (at most {maximum}) and enter its price in "
        f"{info.currency}; choose {NO} for the others. Leave the sheets of the other lots empty."
        if maximum is not None else f"{lot_layout.LOTS}: choose {YES} for each lot you bid for and enter its price "
        f"in {info.currency}; choose {NO} for the others. Leave the sheets of the other lots empty.",
        "Each lot's answers sheet: for each lot you bid for, one row per criterion you answer yourself (yes/no, "
        "numbers, options from the list).",
        f"{layout.SUPPLY}: one declaration for every lot (the lots have the same materials): {SUPPLY_STEP}"
        if shared_supply else f"Each lot's supply-chain sheet: for each lot you bid for, its own declaration: "
        f"{SUPPLY_STEP}",
    ]
    row = write_steps(sheet, row + 1, info, steps)
    row = _lots_table(sheet, row + 1, tender, info)
    numbers = tender.lot_numbers()
    for number in (numbers[:1] if shared_supply else numbers):
        title = ("Bill of materials (what the Supply chain sheet covers)" if shared_supply
                 else f"Bill of materials of lot {number} (what its supply-chain sheet covers)")
        row = bill_of_materials_table(sheet, row + 1, tender.lot_view(number), title)
    shared_tree = all(lot.criteria is None for lot in tender.lots)
    for number in (numbers[:1] if shared_tree else numbers):
        view = tender.lot_view(number)
        where = {"answers": "each lot's answers sheet" if shared_tree else f"Lot {number} answers sheet",
                 "supply": f"{supplies[number]} sheet", "price": f"{lot_layout.LOTS} sheet"}
        title = ("Award criteria (the same for every lot) and how each is scored" if shared_tree
                 else f"Award criteria of lot {number} and how each is scored")
        positions = {spec.code: index for index, spec in enumerate(answer_specs(view))}
        row = criteria_table(sheet, row + 1, view, positions, where, title)


def _lots_table(sheet: Worksheet, row: int, tender: Tender, info: TenderInfo) -> int:
    """The lots as the contract notice publishes them; returns the next free row."""
    put(sheet, f"A{row}", "Lots of this tender", BOLD)
    header(sheet, row + 1, [("A", "Lot"), ("B", "Title"), ("C", "Estimated value"), ("D", "Description")])
    for offset, lot in enumerate(tender.lots, start=2):
        value = "" if lot.estimated_value is None else f"{number_text(lot.estimated_value)} {info.currency}"
        for letter, text in zip("ABCD", (lot.number, lot.title, value, lot.description), strict=True):
            put(sheet, f"{letter}{row + offset}", text)
    return row + len(tender.lots) + 2
