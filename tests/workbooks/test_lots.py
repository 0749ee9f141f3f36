"""The bidder workbook of a tender divided into lots (Directive 2014/24/EU Art. 46): one workbook per tenderer,
the lots it bids for marked, a price and answers per lot, a supply chain per lot where the materials differ."""
from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime, timezone
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook

from scoring.criteria import walk
from tests.workbooks import lot_sample, sample
from tests.workbooks.editing import edit, problems_of
from workbooks import LotFilling, ParsedWorkbook, build_template, fill_workbook, read_workbook, read_workbook_isolated

INFO = sample.INFO


@pytest.fixture(scope="module")
def tender():
    return lot_sample.tender()


@pytest.fixture(scope="module")
def template(tender):
    return build_template(tender, INFO)


@pytest.fixture(scope="module")
def filled(template):
    return fill_workbook(template, lot_sample.filling())


def sheets_of(data: bytes):
    return load_workbook(BytesIO(data))


def test_lots_get_a_lots_sheet_an_answers_sheet_each_and_own_supply_sheets_where_materials_differ(template, tender):
    book = sheets_of(template)
    assert book.sheetnames == ["Instructions", "Company", "Lots", "Lot 1 answers", "Lot 2 answers", "Lot 3 answers",
                               "Lot 1 supply chain", "Lot 2 supply chain", "Lot 3 supply chain", "Lists", "Metadata"]
    assert [book["Lots"][f"A{row}"].value for row in (4, 5, 6)] == [1, 2, 3]
    assert book["Lots"]["B6"].value.startswith("Dysprosium reserve")
    assert book["Lot 3 supply chain"]["A2"].value == "Materials of lot 3: Dysprosium."
    shared = sheets_of(build_template(lot_sample.tender(same_materials=True), INFO))
    assert [name for name in shared.sheetnames if "upply" in name] == ["Supply chain"]


def test_the_metadata_carries_the_lot_numbers_and_each_lots_criteria_codes(template):
    metadata = sheets_of(template)["Metadata"]
    assert metadata.sheet_state == "veryHidden"
    values = {metadata[f"A{row}"].value: metadata[f"B{row}"].value for row in range(1, metadata.max_row + 1)}
    codes = "RES-EOL,RES-LEAD,QUAL-ISO,GATE-SAFETY,PZ-WARRANTY"
    assert {key: values[key] for key in ("lots", "lot 1 criteria", "lot 3 criteria")} == {
        "lots": "1,2,3", "lot 1 criteria": codes, "lot 3 criteria": codes}


def test_criteria_codes_stay_out_of_the_sheets_a_bidder_sees(template, tender):
    codes = {node.code for _, node in walk(tender.criteria)}
    book = sheets_of(template)
    for name in ("Lots", "Lot 1 answers", "Lot 3 answers"):
        texts = {cell.value for row in book[name].iter_rows() for cell in row if isinstance(cell.value, str)}
        assert not codes & texts, name
    assert book["Lot 1 answers"]["A4"].value == "Supply resilience > End-of-life recycling in the EU"


def test_each_lot_bid_for_reads_back_with_its_price_answers_and_supply_chain(filled, tender):
    parsed = read_workbook(filled, tender, INFO)
    assert sorted(parsed.lots) == [1, 3]
    lot1, lot3 = parsed.lots[1], parsed.lots[3]
    assert (lot1.price, lot3.price) == (Decimal("1000000.50"), Decimal("250000"))
    assert lot3.answers["RES-LEAD"] == 4 and lot3.answer_places["RES-LEAD"] == "Lot 3 answers!B5"
    assert {line.material for line in lot3.supply} == {"Dy"} and lot3.supply[0].place == "Lot 3 supply chain!A14"
    assert len(lot1.supply) == 15 and parsed.price is None and parsed.answers == {}


def test_to_bids_gives_one_bid_per_lot_and_the_one_lot_bid_unchanged(filled, tender):
    at = datetime(2026, 3, 1, tzinfo=timezone.utc)
    bids = read_workbook(filled, tender, INFO).to_bids("B7", "Magnetics Europe SE", at)
    assert {number: (bid.id, bid.price) for number, bid in bids.items()} == {1: ("B7", 1000000.5),
                                                                            3: ("B7", 250000.0)}
    assert bids[3].control_country == "CH" and bids[3].answers["RES-LEAD"] == 4
    one = read_workbook(fill_workbook(build_template(sample.tender(), INFO), sample.filling()), sample.tender(), INFO)
    assert one.to_bids("B7", "X", at) == {1: one.to_bid("B7", "X", at)}
    assert "lots" not in one.to_dict()


def test_lots_survive_json_and_the_worker_process(filled, tender):
    parsed = read_workbook(filled, tender, INFO)
    assert ParsedWorkbook.from_dict(json.loads(json.dumps(parsed.to_dict()))) == parsed
    assert read_workbook_isolated(filled, tender, INFO) == parsed


def test_a_shared_supply_chain_serves_every_lot_bid_for():
    tender = lot_sample.tender(same_materials=True)
    data = fill_workbook(build_template(tender, INFO), lot_sample.filling())
    parsed = read_workbook(data, tender, INFO)
    assert parsed.lots[1].supply == parsed.lots[3].supply and parsed.lots[3].supply[0].place == "Supply chain!A14"


def test_a_lot_bid_for_needs_its_price_and_its_answers_are_placed_in_its_sheet(filled, tender):
    data = edit(filled, **{"Lots!D4": None, "Lot 3 answers!B5": "soon"})
    assert problems_of(data, tender, INFO) == [
        "Lots!D4: the price of lot 1 is missing: enter your price for the lot, or choose no if you do not bid for it",
        "Lot 3 answers!B5: answer: expected a number, got 'soon'",
    ]


def test_entries_for_a_lot_not_bid_for_are_refused_at_their_cells(filled, tender):
    data = edit(filled, **{"Lots!C6": "no", "Lots!D5": 10, "Lot 2 answers!B4": "yes"})
    fix = "choose yes in Lots!C{row} if you bid for lot {lot}, or clear this"
    assert problems_of(data, tender, INFO) == [
        f"Lots!D5: a price is given for lot 2, which is not marked as bid for: {fix.format(row=5, lot=2)} price",
        f"Lot 2 answers!B4: an answer is given for lot 2, which is not marked as bid for: "
        f"{fix.format(row=5, lot=2)} answer",
        f"Lots!D6: a price is given for lot 3, which is not marked as bid for: {fix.format(row=6, lot=3)} price",
        f"Lot 3 answers!B4: an answer is given for lot 3, which is not marked as bid for: "
        f"{fix.format(row=6, lot=3)} answer",
        "Lot 3 answers!B5: an answer is given for lot 3, which is not marked as bid for: "
        f"{fix.format(row=6, lot=3)} answer",
        "Lot 3 answers!B6: an answer is given for lot 3, which is not marked as bid for: "
        f"{fix.format(row=6, lot=3)} answer",
        "Lot 3 answers!B7: an answer is given for lot 3, which is not marked as bid for: "
        f"{fix.format(row=6, lot=3)} answer",
        "Lot 3 answers!B8: an answer is given for lot 3, which is not marked as bid for: "
        f"{fix.format(row=6, lot=3)} answer",
        "Lot 3 supply chain!A14: a supply chain is given for lot 3, which is not marked as bid for: "
        f"{fix.format(row=6, lot=3)} row and the rows below it",
    ]


def test_a_lot_the_tender_does_not_have_and_a_moved_lot_row_are_refused(template, filled, tender):
    data = fill_workbook(template, lot_sample.filling(lot1=LotFilling(5, {}, sample.supply_lines()),
                                                      lot4=LotFilling(7)))
    assert problems_of(data, tender, INFO) == [
        "Lots!A7: lot 4: the tender has lots 1, 2, 3 only; clear this cell",
        "Lots!C7: an entry below the lots: the tender has lots 1, 2, 3 only; clear this cell",
        "Lots!D7: an entry below the lots: the tender has lots 1, 2, 3 only; clear this cell",
    ]
    assert problems_of(edit(filled, **{"Lots!A5": 4}), tender, INFO) == [
        "Lots!A5: expected lot 2 in this row, found 4: rows must not be moved or deleted; download the current "
        "template and enter your bid in it"]


def test_bidding_for_no_lot_or_more_than_the_published_maximum_is_refused(template, filled):
    empty = fill_workbook(template, lot_sample.filling(lot2=LotFilling(bid=False)))
    assert problems_of(empty, lot_sample.tender(), INFO) == [
        "Lots!C4:C6: you bid for no lot: choose yes for each lot you bid for"]
    capped = lot_sample.tender(max_bid=1)
    data = fill_workbook(build_template(capped, INFO), lot_sample.filling())
    assert problems_of(data, capped, INFO) == [
        "Lots!C4:C6: you chose yes for 2 lots, but the tender accepts bids for at most 1 lots per tenderer: "
        "choose no for the others"]


def test_lot_criteria_trees_get_their_own_rows_and_a_one_lot_workbook_is_an_outdated_template(tender):
    own = replace(tender.lots[1], criteria=tuple(node for node in tender.criteria if node.code != "QUAL"))
    lots_tender = replace(tender, lots=(tender.lots[0], own, tender.lots[2]))
    template = build_template(lots_tender, INFO)
    assert sheets_of(template)["Lot 2 answers"]["A6"].value is None  # two answered criteria left in lot 2
    data = fill_workbook(template, lot_sample.filling(lot2=LotFilling(9, {"RES-LEAD": 3}, sample.supply_lines())))
    offer = read_workbook(data, lots_tender, INFO).lots[2]
    assert offer.answers == {"RES-LEAD": 3} and offer.answer_places == {"RES-LEAD": "Lot 2 answers!B5"}
    one_lot = fill_workbook(build_template(sample.tender(), INFO), sample.filling())
    assert problems_of(one_lot, lots_tender, INFO)[0].startswith("workbook: this workbook was made from an outdated")
