"""The bidder workbook of a tender divided into lots (Directive 2014/24/EU Art. 46): one workbook per tenderer
covering every lot it bids for. Layout in workbooks/lot_layout.py; the sheets shared with a tender not divided
into lots (Company, supply chain, Lists, Metadata) are written by workbooks/template.py's writers."""
from __future__ import annotations

from dataclasses import replace

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from scoring.definition import Tender
from scoring.reference import reference
from workbooks import layout, lot_layout
from workbooks.choices import NO, YES, AnswerSpec, answer_specs
from workbooks.instructions import (
    bill_of_materials_table,
    criteria_table,
    heading,
    supply_step,
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
    price_prompt,
    write_company,
    write_lists,
    write_metadata,
    write_supply,
)
from workbooks.wording import Wording


def write_lot_sheets(workbook: Workbook, tender: Tender, info: TenderInfo, words: Wording) -> None:
    """Every sheet after Instructions (the workbook's first, active sheet), and the Instructions themselves, in
    `words`' language (sheet names stay the same in every language)."""
    _ = words
    numbers = tender.lot_numbers()
    views = {number: tender.lot_view(number) for number in numbers}
    specs = {number: tuple(replace(spec, code=_list_key(number, spec.code))
                           for spec in answer_specs(views[number], words)) for number in numbers}
    supplies = lot_layout.supply_sheets(tender)
    names = (layout.COMPANY, lot_layout.LOTS, *(lot_layout.answers_sheet(number) for number in numbers),
             *dict.fromkeys(supplies.values()), layout.LISTS, layout.METADATA)
    sheets = {name: workbook.create_sheet(name) for name in names}
    materials = dict.fromkeys(code for view in views.values() for code in view.bill_of_materials)
    lists = write_lists(sheets[layout.LISTS], tuple(_(reference.material_name(code)) for code in materials),
                        tuple(spec for number in numbers for spec in specs[number]), words)
    _write_instructions(workbook.active, tender, info, supplies, words)
    write_company(sheets[layout.COMPANY], info, lists, words)
    _write_lots(sheets[lot_layout.LOTS], tender, info, lists, words)
    for number in numbers:
        _write_answers(sheets[lot_layout.answers_sheet(number)], number, specs[number], lists, words)
    first_lots: dict[str, int] = {}
    for number, name in supplies.items():
        first_lots.setdefault(name, number)
    for name, number in first_lots.items():
        shared = name == layout.SUPPLY
        write_supply(sheets[name], views[number], lists, words, None if shared else number, every_lot=shared)
    write_metadata(sheets[layout.METADATA], tender, info)


def _list_key(number: int, code: str) -> str:
    """A lot's criterion as the Lists sheet keys its options (lot trees may reuse a code with other options)."""
    return f"{code} in lot {number}"


def _write_lots(sheet: Worksheet, tender: Tender, info: TenderInfo, lists: dict[str, str], words: Wording) -> None:
    """One row per lot: the lot, whether the bidder bids for it, its price, and how the price is scored."""
    _ = words
    maximum = tender.lot_rules.max_lots_bid_per_tenderer
    note = _("Choose %(yes)s for each lot you bid for and enter its price in %(currency)s; choose %(no)s for the "
             "others.", yes=_(YES), no=_(NO), currency=info.currency)
    limit = "" if maximum is None else " " + _("You may bid for at most %(maximum)s lots.", maximum=maximum)
    intro(sheet, _("Lots"), note + limit)
    widths(sheet, {column.letter: column.width for column in lot_layout.LOT_COLUMNS})
    header(sheet, lot_layout.LOTS_HEADER_ROW, [(column.letter, _(column.header))
                                               for column in lot_layout.LOT_COLUMNS])
    for position, lot in enumerate(tender.lots):
        row = lot_layout.lot_row(position)
        texts = {"B": lot.title + (f"\n{lot.description}" if lot.description else ""),
                 "E": price_note(tender.lot_view(lot.number), words)}
        put(sheet, f"{lot_layout.LOT_NUMBER.letter}{row}", lot.number, BOLD)
        for letter, value in texts.items():
            put(sheet, f"{letter}{row}", value)
        fit_row(sheet, row, texts)
        bid_ref, price_ref = f"{lot_layout.LOT_BID.letter}{row}", f"{lot_layout.LOT_PRICE.letter}{row}"
        input_cells(sheet, [bid_ref])
        input_cells(sheet, [price_ref], words.money_format(info.currency))
        validation(sheet, bid_ref, _("Bid for this lot?"), _("%(yes)s if you bid for lot %(number)s, else %(no)s.",
                                                            yes=_(YES), no=_(NO), number=lot.number),
                   _("Choose %(yes)s or %(no)s.", yes=_(YES), no=_(NO)), **list_rule(lists["yes_no"]))
        validation(sheet, price_ref, _("Price of the lot"), price_prompt(info, words),
                   _("The price must be a number, zero or more."), **NON_NEGATIVE)
    sheet.freeze_panes = f"A{lot_layout.LOTS_FIRST_ROW}"


def _write_answers(sheet: Worksheet, number: int, specs: tuple[AnswerSpec, ...], lists: dict[str, str],
                   words: Wording) -> None:
    """One row per criterion the bidder answers for this lot (criteria named, never coded)."""
    _ = words
    intro(sheet, _("Lot %(number)s answers", number=number),
          _("If you bid for this lot, answer each criterion in the yellow cell of its row. A blank is shown as "
            "missing, not as zero."))
    widths(sheet, {column.letter: column.width for column in lot_layout.LOT_ANSWER_COLUMNS})
    header(sheet, layout.ANSWERS_HEADER_ROW, [(column.letter, _(column.header))
                                              for column in lot_layout.LOT_ANSWER_COLUMNS])
    if not specs:
        put(sheet, f"A{layout.ANSWERS_FIRST_ROW}", _("This lot has no criteria for you to answer here."))
    for position, spec in enumerate(specs):
        row = layout.answer_row(position)
        texts = {"A": spec.path, "C": spec.allowed_text, "D": words.message(spec.rule.describe())}
        for letter, value in texts.items():
            put(sheet, f"{letter}{row}", value)
        fit_row(sheet, row, texts)
        answer_ref = f"{lot_layout.LOT_ANSWER_VALUE.letter}{row}"
        input_cells(sheet, [answer_ref])
        validation(sheet, answer_ref, _("Your answer"), _("%(criterion)s: enter %(allowed)s.", criterion=spec.path,
                                                         allowed=spec.allowed_text),
                   _("Enter %(allowed)s.", allowed=spec.allowed_text), **answer_rule(spec, lists))
    sheet.freeze_panes = f"A{layout.ANSWERS_FIRST_ROW}"


def _write_instructions(sheet: Worksheet, tender: Tender, info: TenderInfo, supplies: dict[int, str],
                        words: Wording) -> None:
    """How to fill the workbook in, the lots, each bill of materials and the criteria (once when shared)."""
    _ = words
    row = heading(sheet, info, words)
    shared_supply = len(set(supplies.values())) == 1
    maximum = tender.lot_rules.max_lots_bid_per_tenderer
    choose = {"sheet": lot_layout.LOTS, "yes": _(YES), "no": _(NO), "currency": info.currency}
    steps = [
        _("%(sheet)s: choose %(yes)s for each lot you bid for (at most %(maximum)s) and enter its price in "
          "%(currency)s; choose %(no)s for the others. Leave the sheets of the other lots empty.",
          maximum=maximum, **choose)
        if maximum is not None else _("%(sheet)s: choose %(yes)s for each lot you bid for and enter its price in "
                                      "%(currency)s; choose %(no)s for the others. Leave the sheets of the other "
                                      "lots empty.", **choose),
        _("Each lot's answers sheet: for each lot you bid for, one row per criterion you answer yourself (yes/no, "
          "numbers, options from the list)."),
        _("%(sheet)s: one declaration for every lot (the lots have the same materials): %(how)s",
          sheet=layout.SUPPLY, how=supply_step(words))
        if shared_supply else _("Each lot's supply-chain sheet: for each lot you bid for, its own declaration: "
                                "%(how)s", how=supply_step(words)),
    ]
    row = write_steps(sheet, row + 1, info, steps, words)
    row = _lots_table(sheet, row + 1, tender, info, words)
    numbers = tender.lot_numbers()
    for number in (numbers[:1] if shared_supply else numbers):
        title = (None if shared_supply
                 else _("Bill of materials of lot %(number)s (what its supply-chain sheet covers)", number=number))
        row = bill_of_materials_table(sheet, row + 1, tender.lot_view(number), words, title)
    shared_tree = all(lot.criteria is None for lot in tender.lots)
    for number in (numbers[:1] if shared_tree else numbers):
        view = tender.lot_view(number)
        where = {"answers": _("each lot's answers sheet") if shared_tree
                 else _("%(sheet)s sheet", sheet=lot_layout.answers_sheet(number)),
                 "supply": _("%(sheet)s sheet", sheet=supplies[number]),
                 "price": _("%(sheet)s sheet", sheet=lot_layout.LOTS)}
        title = (_("Award criteria (the same for every lot) and how each is scored") if shared_tree
                 else _("Award criteria of lot %(number)s and how each is scored", number=number))
        positions = {spec.code: index for index, spec in enumerate(answer_specs(view))}
        row = criteria_table(sheet, row + 1, view, positions, words, where, title)


def _lots_table(sheet: Worksheet, row: int, tender: Tender, info: TenderInfo, words: Wording) -> int:
    """The lots as the contract notice publishes them; returns the next free row."""
    _ = words
    put(sheet, f"A{row}", _("Lots of this tender"), BOLD)
    header(sheet, row + 1, [("A", _("Lot")), ("B", _("Title")), ("C", _("Estimated value")),
                            ("D", _("Description"))])
    for offset, lot in enumerate(tender.lots, start=2):
        value = "" if lot.estimated_value is None else words.money(lot.estimated_value, info.currency)
        for letter, text in zip("ABCD", (lot.number, lot.title, value, lot.description), strict=True):
            put(sheet, f"{letter}{row + offset}", text)
    return row + len(tender.lots) + 2
