"""Where the lot sheets sit in the workbook of a tender divided into lots (Directive 2014/24/EU Art. 46).

One workbook per tenderer covers every lot: the Lots sheet marks the lots bid for and their prices, each lot has
an answers sheet, and the supply chain is declared once when every lot has the same bill of materials, else once
per lot. A tender without lots keeps the layout of workbooks/layout.py unchanged.
"""
from __future__ import annotations

from collections.abc import Callable
from functools import partial

from scoring.definition import Tender
from workbooks import layout
from workbooks.layout import Column
from workbooks.wording import N_

LOTS = "Lots"
LOTS_HEADER_ROW = 3
LOTS_FIRST_ROW = 4
LOT_COLUMNS = (
    Column("number", N_("Lot"), "A", 8),
    Column("title", N_("Lot title"), "B", 44),
    Column("bid", N_("Do you bid for this lot?"), "C", 18),
    Column("price", N_("Your price for this lot"), "D", 22),
    Column("rule", N_("How the price is scored"), "E", 80),
)
LOT_NUMBER, LOT_BID, LOT_PRICE = LOT_COLUMNS[0], LOT_COLUMNS[2], LOT_COLUMNS[3]

# A lot's answers sheet: one row per criterion the bidder answers, from layout.ANSWERS_FIRST_ROW; no code column
# (the hidden Metadata sheet lists each lot's criteria codes in row order).
LOT_ANSWER_COLUMNS = (
    Column("criterion", N_("Criterion"), "A", 44),
    Column("answer", N_("Your answer"), "B", 18),
    Column("allowed", N_("What to enter"), "C", 36),
    Column("rule", N_("How it is scored"), "D", 90),
)
LOT_ANSWER_VALUE = LOT_ANSWER_COLUMNS[1]


def lot_row(position: int) -> int:
    """The Lots row of the position-th (0-based) lot."""
    return LOTS_FIRST_ROW + position


def answers_sheet(number: int) -> str:
    """The answers sheet of a lot."""
    return f"Lot {number} answers"


def lot_supply_sheet(number: int) -> str:
    """The supply-chain sheet of a lot, where the lots' bills of materials differ."""
    return f"Lot {number} supply chain"


def supply_sheets(tender: Tender) -> dict[int, str]:
    """Each lot's supply-chain sheet: the one Supply chain sheet when every lot has the same bill of materials."""
    bills = [dict(tender.lot_view(number).bill_of_materials) for number in tender.lot_numbers()]
    shared = all(bill == bills[0] for bill in bills)
    return {number: layout.SUPPLY if shared else lot_supply_sheet(number) for number in tender.lot_numbers()}


def read_sheets(tender: Tender) -> tuple[str, ...]:
    """The sheets an upload is read from."""
    if not tender.lots:
        return layout.READ_SHEETS
    answers = tuple(answers_sheet(number) for number in tender.lot_numbers())
    return (layout.METADATA, layout.COMPANY, LOTS, *answers, *dict.fromkeys(supply_sheets(tender).values()))


def cell_reader(tender: Tender, metadata_rows: int) -> Callable[[str, int, int], bool]:
    """Whether the reader takes a value from a cell (sheet, row, 1-based column) of this tender's workbook."""
    if not tender.lots:
        return partial(layout.is_read, metadata_rows=metadata_rows)
    answers = {answers_sheet(number) for number in tender.lot_numbers()}
    supplies = set(supply_sheets(tender).values())
    lot_letters = {LOT_NUMBER.letter, LOT_BID.letter, LOT_PRICE.letter}

    def is_read(sheet: str, row: int, column: int) -> bool:
        letter = chr(ord("A") + column - 1) if column <= 26 else ""
        if sheet == LOTS:
            return letter in lot_letters and row >= LOTS_FIRST_ROW
        if sheet in answers:
            return letter == LOT_ANSWER_VALUE.letter and row >= layout.ANSWERS_FIRST_ROW
        if sheet in supplies:
            return layout.is_read(layout.SUPPLY, row, column)
        if sheet == layout.METADATA:
            return letter == layout.METADATA_VALUE and row <= metadata_rows
        return layout.is_read(sheet, row, column)
    return is_read
