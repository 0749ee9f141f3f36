"""Reading the lot sheets of a tender divided into lots (Directive 2014/24/EU Art. 46): which lots are bid for,
each one's price, answers and supply chain, every problem placed at its cell."""
from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from scoring.definition import Tender
from scoring.plan import needs_price, plan_scoring
from workbooks import cells as parse
from workbooks import layout, lot_layout
from workbooks.cells import CellProblems, is_blank
from workbooks.choices import YES, YES_NO_CHOICE, answer_specs
from workbooks.model import LotOffer
from workbooks.sections import Rows, read_answers, read_supply, value_at

_LOT_LETTERS = (lot_layout.LOT_NUMBER.letter, lot_layout.LOT_BID.letter, lot_layout.LOT_PRICE.letter)


def read_lots(rows: Mapping[str, Rows], tender: Tender, cells: CellProblems) -> dict[int, LotOffer]:
    """The offer of each lot marked as bid for, by lot number."""
    sheet = rows[lot_layout.LOTS]
    numbers = tender.lot_numbers()
    supplies = lot_layout.supply_sheets(tender)
    shared_supply = len(set(supplies.values())) == 1
    bid_for: dict[int, Decimal | None] = {}
    for position, number in enumerate(numbers):
        row = lot_layout.lot_row(position)
        _check_number(sheet, row, number, cells)
        marked = cells.read(_place(lot_layout.LOT_BID, row), YES_NO_CHOICE.parse, value_at(
            sheet, lot_layout.LOT_BID.letter, row))
        if marked:
            bid_for[number] = _price(sheet, row, tender.lot_view(number), number, cells)
        else:
            _refuse_entries(rows, number, row, None if shared_supply else supplies[number], cells)
    _check_beyond(sheet, len(numbers), numbers, cells)
    _check_count(len(bid_for), len(numbers), tender.lot_rules.max_lots_bid_per_tenderer, cells)
    shared = None
    if shared_supply and bid_for:
        shared = read_supply(rows[layout.SUPPLY], tender.lot_view(next(iter(bid_for))), cells)
    offers = {}
    for number, price in bid_for.items():
        view = tender.lot_view(number)
        sheet_name = lot_layout.answers_sheet(number)
        answers, places = read_answers(rows[sheet_name], answer_specs(view), cells, sheet_name, None,
                                       lot_layout.LOT_ANSWER_VALUE.letter)
        supply = shared if shared is not None else read_supply(rows[supplies[number]], view, cells, supplies[number])
        offers[number] = LotOffer(number, price, answers, places, supply)
    return offers


def _place(column: layout.Column, row: int) -> str:
    """A cell of the Lots sheet as a place."""
    return layout.cell(lot_layout.LOTS, column.letter, row)


def _check_number(sheet: Rows, row: int, number: int, cells: CellProblems) -> None:
    """The lot number printed in the row is still the lot the template put there."""
    found = value_at(sheet, lot_layout.LOT_NUMBER.letter, row)
    if found != number or isinstance(found, bool):
        cells.add(_place(lot_layout.LOT_NUMBER, row),
                  f"expected lot {number} in this row, found {parse.shown(found)}: rows must not be moved or "
                  "deleted; download the current template and enter your bid in it")


def _price(sheet: Rows, row: int, view: Tender, number: int, cells: CellProblems) -> Decimal | None:
    """The price of a lot bid for; blank only where nothing in that lot uses it (as read_price for one lot)."""
    place = _place(lot_layout.LOT_PRICE, row)
    raw = value_at(sheet, lot_layout.LOT_PRICE.letter, row)
    if is_blank(raw) and needs_price(view, plan_scoring(view)):
        cells.add(place, f"the price of lot {number} is missing: enter your price for the lot, or choose No "
                         "if you do not bid for it")
    return cells.read(place, parse.amount, raw, "price", layout.PRICE_DECIMALS, layout.MAX_PRICE)


def _refuse_entries(rows: Mapping[str, Rows], number: int, row: int, supply_sheet: str | None,
                    cells: CellProblems) -> None:
    """A lot not marked as bid for carries no price, answers or supply chain: each entry is placed, so the
    bidder either marks the lot or clears them (nothing is silently dropped)."""
    fix = f"choose {YES} in {_place(lot_layout.LOT_BID, row)} if you bid for lot {number}, or clear this"
    price = value_at(rows[lot_layout.LOTS], lot_layout.LOT_PRICE.letter, row)
    if not is_blank(price):
        cells.add(_place(lot_layout.LOT_PRICE, row), f"a price is given for lot {number}, which is not marked as "
                                                     f"bid for: {fix} price")
    answers = lot_layout.answers_sheet(number)
    letter = lot_layout.LOT_ANSWER_VALUE.letter
    for answer_row in range(layout.ANSWERS_FIRST_ROW, len(rows[answers]) + 1):
        if not is_blank(value_at(rows[answers], letter, answer_row)):
            cells.add(layout.cell(answers, letter, answer_row),
                      f"an answer is given for lot {number}, which is not marked as bid for: {fix} answer")
    if supply_sheet is None:
        return
    for supply_row, values in enumerate(rows[supply_sheet][layout.SUPPLY_FIRST_ROW - 1:],
                                        start=layout.SUPPLY_FIRST_ROW):
        if any(not is_blank(value) for value in values):
            cells.add(layout.cell(supply_sheet, layout.SUPPLY_COLUMNS[0].letter, supply_row),
                      f"a supply chain is given for lot {number}, which is not marked as bid for: {fix} row and "
                      "the rows below it")
            return


def _check_beyond(sheet: Rows, count: int, numbers: tuple[int, ...], cells: CellProblems) -> None:
    """Entries below the template's lot rows: a lot the tender does not have."""
    lots = ", ".join(str(number) for number in numbers)
    for row in range(lot_layout.lot_row(count), len(sheet) + 1):
        for letter in _LOT_LETTERS:
            raw = value_at(sheet, letter, row)
            if not is_blank(raw):
                what = (f"lot {parse.shown(raw)}" if letter == lot_layout.LOT_NUMBER.letter
                        else "an entry below the lots")
                cells.add(layout.cell(lot_layout.LOTS, letter, row),
                          f"{what}: the tender has lots {lots} only; clear this cell")


def _check_count(bid: int, count: int, maximum: int | None, cells: CellProblems) -> None:
    """At least one lot, and no more than the published maximum (Directive 2014/24/EU Art. 46(2))."""
    column = lot_layout.LOT_BID.letter
    place = (f"{lot_layout.LOTS}!{column}{lot_layout.lot_row(0)}:{column}{lot_layout.lot_row(count - 1)}")
    if bid == 0:
        cells.add(place, f"you bid for no lot: choose {YES} for each lot you bid for")
    elif maximum is not None and bid > maximum:
        cells.add(place, f"you chose {YES} for {bid} lots, but the tender accepts bids for at most {maximum} lots "
                         "per tenderer: choose No for the others")
