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
from workbooks.choices import NO, YES, answer_specs, yes_no_choice
from workbooks.model import LotOffer
from workbooks.sections import Rows, read_answers, read_supply, value_at
from workbooks.wording import ENGLISH_WORDING, Wording
from workbooks.wording import say as _

_LOT_LETTERS = (lot_layout.LOT_NUMBER.letter, lot_layout.LOT_BID.letter, lot_layout.LOT_PRICE.letter)


def read_lots(rows: Mapping[str, Rows], tender: Tender, cells: CellProblems, words: Wording = ENGLISH_WORDING
              ) -> dict[int, LotOffer]:
    """The offer of each lot marked as bid for, by lot number (yes/no, drop-downs in `words`' language)."""
    sheet = rows[lot_layout.LOTS]
    numbers = tender.lot_numbers()
    supplies = lot_layout.supply_sheets(tender)
    shared_supply = len(set(supplies.values())) == 1
    bid_for: dict[int, Decimal | None] = {}
    for position, number in enumerate(numbers):
        row = lot_layout.lot_row(position)
        _check_number(sheet, row, number, cells)
        marked = cells.read(_place(lot_layout.LOT_BID, row), yes_no_choice(words).parse, value_at(
            sheet, lot_layout.LOT_BID.letter, row))
        if marked:
            bid_for[number] = _price(sheet, row, tender.lot_view(number), number, cells, words)
        else:
            _refuse_entries(rows, number, row, None if shared_supply else supplies[number], cells, words)
    _check_beyond(sheet, len(numbers), numbers, cells)
    _check_count(len(bid_for), len(numbers), tender.lot_rules.max_lots_bid_per_tenderer, cells, words)
    shared = None
    if shared_supply and bid_for:
        shared = read_supply(rows[layout.SUPPLY], tender.lot_view(next(iter(bid_for))), cells, words=words)
    offers = {}
    for number, price in bid_for.items():
        view = tender.lot_view(number)
        sheet_name = lot_layout.answers_sheet(number)
        answers, places = read_answers(rows[sheet_name], answer_specs(view, words), cells, sheet_name, None,
                                       lot_layout.LOT_ANSWER_VALUE.letter)
        supply = (shared if shared is not None
                  else read_supply(rows[supplies[number]], view, cells, supplies[number], words))
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
                  _("expected lot %(number)s in this row, found %(found)s: rows must not be moved or deleted; "
                    "download the current template and enter your bid in it", number=number,
                    found=parse.shown(found)))


def _price(sheet: Rows, row: int, view: Tender, number: int, cells: CellProblems, words: Wording
           ) -> Decimal | None:
    """The price of a lot bid for; blank only where nothing in that lot uses it (as read_price for one lot)."""
    place = _place(lot_layout.LOT_PRICE, row)
    raw = value_at(sheet, lot_layout.LOT_PRICE.letter, row)
    if is_blank(raw) and needs_price(view, plan_scoring(view)):
        cells.add(place, _("the price of lot %(number)s is missing: enter your price for the lot, or choose %(no)s "
                           "if you do not bid for it", number=number, no=words(NO)))
    return cells.read(place, parse.amount, raw, _("price"), layout.PRICE_DECIMALS, layout.MAX_PRICE)


def _refuse_entries(rows: Mapping[str, Rows], number: int, row: int, supply_sheet: str | None,
                    cells: CellProblems, words: Wording) -> None:
    """A lot not marked as bid for carries no price, answers or supply chain: each entry is placed, so the
    bidder either marks the lot or clears them (nothing is silently dropped)."""
    fix = {"number": number, "yes": words(YES), "cell": _place(lot_layout.LOT_BID, row)}
    price = value_at(rows[lot_layout.LOTS], lot_layout.LOT_PRICE.letter, row)
    if not is_blank(price):
        cells.add(_place(lot_layout.LOT_PRICE, row), _(
            "a price is given for lot %(number)s, which is not marked as bid for: choose %(yes)s in %(cell)s if you "
            "bid for lot %(number)s, or clear this price", **fix))
    answers = lot_layout.answers_sheet(number)
    letter = lot_layout.LOT_ANSWER_VALUE.letter
    for answer_row in range(layout.ANSWERS_FIRST_ROW, len(rows[answers]) + 1):
        if not is_blank(value_at(rows[answers], letter, answer_row)):
            cells.add(layout.cell(answers, letter, answer_row),
                      _("an answer is given for lot %(number)s, which is not marked as bid for: choose %(yes)s in "
                        "%(cell)s if you bid for lot %(number)s, or clear this answer", **fix))
    if supply_sheet is None:
        return
    for supply_row, values in enumerate(rows[supply_sheet][layout.SUPPLY_FIRST_ROW - 1:],
                                        start=layout.SUPPLY_FIRST_ROW):
        if any(not is_blank(value) for value in values):
            cells.add(layout.cell(supply_sheet, layout.SUPPLY_COLUMNS[0].letter, supply_row),
                      _("a supply chain is given for lot %(number)s, which is not marked as bid for: choose %(yes)s "
                        "in %(cell)s if you bid for lot %(number)s, or clear this row and the rows below it", **fix))
            return


def _check_beyond(sheet: Rows, count: int, numbers: tuple[int, ...], cells: CellProblems) -> None:
    """Entries below the template's lot rows: a lot the tender does not have."""
    lots = ", ".join(str(number) for number in numbers)
    for row in range(lot_layout.lot_row(count), len(sheet) + 1):
        for letter in _LOT_LETTERS:
            raw = value_at(sheet, letter, row)
            if not is_blank(raw):
                what = (_("lot %(number)s", number=parse.shown(raw)) if letter == lot_layout.LOT_NUMBER.letter
                        else _("an entry below the lots"))
                cells.add(layout.cell(lot_layout.LOTS, letter, row),
                          _("%(what)s: the tender has lots %(lots)s only; clear this cell", what=what, lots=lots))


def _check_count(bid: int, count: int, maximum: int | None, cells: CellProblems, words: Wording) -> None:
    """At least one lot, and no more than the published maximum (Directive 2014/24/EU Art. 46(2))."""
    column = lot_layout.LOT_BID.letter
    place = (f"{lot_layout.LOTS}!{column}{lot_layout.lot_row(0)}:{column}{lot_layout.lot_row(count - 1)}")
    if bid == 0:
        cells.add(place, _("you bid for no lot: choose %(yes)s for each lot you bid for", yes=words(YES)))
    elif maximum is not None and bid > maximum:
        cells.add(place, _("you chose %(yes)s for %(bid)s lots, but the tender accepts bids for at most %(maximum)s "
                           "lots per tenderer: choose %(no)s for the others", yes=words(YES), bid=bid,
                           maximum=maximum, no=words(NO)))
