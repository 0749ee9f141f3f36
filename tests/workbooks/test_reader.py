"""Reading filled workbooks: the bid back exactly as filled, every problem at once with sheet, cell and fix."""
from __future__ import annotations

import gc
import json
import zipfile
from dataclasses import replace
from datetime import datetime, timezone
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook

from scoring import self_assess
from scoring.definition import parse_tender
from scoring.resilience import SupplyLine
from tests.workbooks import sample
from tests.workbooks.editing import edit, problems_of
from workbooks import (
    Limits,
    WorkbookRejected,
    build_template,
    fill_workbook,
    layout,
    read_workbook,
    read_workbook_isolated,
)


def test_a_filled_workbook_reads_back_as_filled(filled, tender, info):
    parsed = read_workbook(filled, tender, info)
    expected = sample.filling()
    assert parsed.reference == info.reference
    assert parsed.company == expected.company
    assert parsed.price == Decimal("1234567.89") and isinstance(parsed.price, Decimal)
    assert parsed.answers == {"RES-EOL": True, "RES-LEAD": 10.0, "QUAL-ISO": 1.0, "GATE-SAFETY": True,
                              "PZ-WARRANTY": "5y"}
    assert parsed.answer_places["RES-LEAD"] == "Answers!C5"
    assert [replace(line, place="") for line in parsed.supply] == [
        replace(line, share=float(line.share), recycled=float(line.recycled)) for line in expected.supply]
    assert parsed.supply[0].place == "Supply chain!A14"
    assert parsed.supply[1].supplier == "-Lynas" and parsed.company.controlling_entity == "+Holding AG"
    json.dumps(parsed.to_dict())


def test_to_bid_feeds_the_self_assessment(filled, tender, info):
    submitted_at = datetime(2026, 3, 1, tzinfo=timezone.utc)
    bid = read_workbook(filled, tender, info).to_bid("B1", "Magnetics Europe SE", submitted_at)
    assert (bid.id, bid.bidder, bid.price, bid.submitted_at, bid.control_country) == (
        "B1", "Magnetics Europe SE", 1234567.89, submitted_at, "CH")
    assessment = self_assess(tender, bid)
    statuses = {criterion.code: criterion.status for criterion in assessment.criteria}
    assert statuses["RES-EOL"] == "scored" and statuses["QUAL-PLAN"] == "scored_by_committee"


def test_more_rows_than_prepared_are_read(fill, tender, info):
    parsed = read_workbook(fill(supply=sample.supply_lines(extra_rows=600)), tender, info)
    assert len(parsed.supply) == 613
    assert parsed.supply[-1].place == "Supply chain!A626"


def test_missing_answers_are_not_errors(fill, tender, info):
    parsed = read_workbook(fill(answers={"RES-EOL": False}, supply=[]), tender, info)
    assert parsed.answers == {"RES-EOL": False} and parsed.supply == ()


@pytest.mark.parametrize("blank", [None, "  "])
def test_a_blank_price_is_refused_at_its_cell_when_the_tender_scores_the_price(filled, tender, info, blank):
    assert problems_of(edit(filled, **{"Price!B4": blank}), tender, info) == [
        "Price!B4: price is missing: enter the total price of the bid"]


def test_a_blank_price_is_taken_when_no_criterion_scores_the_price(fill, info):
    unpriced = parse_tender({**sample.DEFINITION, "criteria": [  # no criterion uses the price
        {"code": "QUAL", "name": "Quality", "weight": 100, "children": [
            {"code": "QUAL-ISO", "name": "ISO 9001 certified", "weight": 100,
             "rule": {"kind": "threshold", "threshold": 1, "better": "higher"}}]}]})
    unpriced_bid = replace(sample.filling(), price=None, answers={"QUAL-ISO": 1})
    assert read_workbook(fill_workbook(build_template(unpriced, info), unpriced_bid), unpriced, info).price is None


def test_a_zero_price_is_read_since_it_may_not_be_rejected_on_that_ground_alone(fill, tender, info):
    # Case C-367/19 Tax-Audit: the evaluation flags it abnormally low instead
    assert read_workbook(fill(price=Decimal("0")), tender, info).price == 0
    assert problems_of(fill(price=Decimal("-1")), tender, info) == ["Price!B4: price -1 is below 0"]


def test_every_problem_is_reported_at_once_with_its_cell(filled, tender, info):
    data = edit(filled, **{"Supply chain!D20": 120, "Supply chain!C18": "Atlantis", "Answers!C5": "soon",
                           "Price!B4": -0.5, "Company!B4": None, "Supply chain!A40": "Neodymium"})
    assert problems_of(data, tender, info) == [
        "Company!B4: Company name is missing",
        "Price!B4: price -0.5 is below 0",
        "Answers!C5: answer: expected a number, got 'soon'",
        "Supply chain!C18: country 'Atlantis' is not in the list; choose from the drop-down list",
        "Supply chain!D20: share 120 is above 100",
        "Supply chain!B40: stage is missing (this row has other entries)",
        "Supply chain!C40: country is missing (this row has other entries)",
        "Supply chain!D40: share is missing (this row has other entries)",
    ]


def test_shares_must_add_up_per_material_and_stage(fill, tender, info):
    lines = [line if (line.material, line.stage, line.country) != ("Nd", "processing", "EE")
             else replace(line, share=17) for line in sample.supply_lines()]
    assert problems_of(fill(supply=lines), tender, info) == [
        "Supply chain!D16:D17: Neodymium / processing: shares add up to 87%, expected 100%"]


def test_a_sum_that_misses_100_names_the_share_cells_of_its_rows(filled, tender, info):
    assert problems_of(edit(filled, **{"Supply chain!A16": "Pr"}), tender, info) == [
        "Supply chain!D17: Neodymium / processing: shares add up to 30%, expected 100%",
        "Supply chain!D16, D21:D22: Praseodymium / processing: shares add up to 170%, expected 100%"]


@pytest.mark.parametrize("cell, value, problem", [
    ("E15", False, "Supply chain!E15: recycled share: expected a number, got FALSE"),
    ("D15", True, "Supply chain!D15: share: expected a number, got TRUE")])
def test_a_true_or_false_cell_is_not_read_as_the_number_of_an_equal_row(filled, tender, info, cell, value, problem):
    """Row 14 is (Neodymium, extraction, China, 60, 0); row 15 made equal to it, with a plain supplier, but for a TRUE
    or FALSE, which Python holds equal to 1 or 0: the row already read must not stand in for it."""
    equal = {"Supply chain!C15": "China", "Supply chain!D15": 60, "Supply chain!E15": 0, "Supply chain!F15": "Lynas"}
    if value is True:
        equal.update({"Supply chain!D14": 1, "Supply chain!D15": 1})
    assert problems_of(edit(filled, **{**equal, f"Supply chain!{cell}": value}), tender, info) == [problem]


def test_names_codes_and_spellings_from_the_lists_are_accepted(filled, tender, info):
    data = edit(filled, **{"Supply chain!A16": "nd", "Supply chain!B16": "processing / REFINING",
                           "Supply chain!C16": "DRC", "Supply chain!A17": "Nd", "Supply chain!B17": "processing",
                           "Supply chain!C17": "FR", "Answers!C4": "YES", "Answers!C7": True})
    parsed = read_workbook(data, tender, info)
    assert (parsed.supply[2].material, parsed.supply[2].stage, parsed.supply[2].country) == ("Nd", "processing", "CD")
    assert parsed.supply[3].country == "FR" and parsed.answers["RES-EOL"] is True


def test_unknown_material_stage_and_country_names_are_problems(filled, tender, info):
    data = edit(filled, **{"Supply chain!A14": "Cobalt", "Supply chain!B14": "refining", "Supply chain!C14": "XX"})
    assert problems_of(data, tender, info) == [
        "Supply chain!A14: material 'Cobalt' is not in the list; choose one of Neodymium, Praseodymium, Dysprosium",
        "Supply chain!B14: stage 'refining' is not in the list; choose one of Extraction (mining), "
        "Processing / refining, Component manufacturing",
        "Supply chain!C14: country 'XX' is not in the list; choose from the drop-down list"]


def test_numbers_typed_as_text_count_and_prices_keep_cents(filled, tender, info):
    parsed = read_workbook(edit(filled, **{"Supply chain!D14": " 60 ", "Price!B4": "1000.5"}), tender, info)
    assert parsed.supply[0].share == 60.0 and parsed.price == Decimal("1000.5")
    assert problems_of(edit(filled, **{"Price!B4": 10.125}), tender, info) == [
        "Price!B4: price 10.125 has more than 2 decimals; round it"]


def test_a_formula_in_a_cell_the_bidder_fills_is_refused_with_or_without_a_saved_value(filled, tender, info):
    book = load_workbook(BytesIO(filled))
    book["Supply chain"]["D14"] = "=30*2"
    book["Price"]["B4"] = "=7150000*2"
    book["Supply chain"]["K14"] = "=D14*2"  # a bidder's own working beside the table is let be
    buffer = BytesIO()
    book.save(buffer)
    assert problems_of(buffer.getvalue(), tender, info) == [
        "Price!B4: enter values, not formulas: this cell holds the formula '=7150000*2', which Excel recalculates "
        "on opening; type the value itself",
        "Supply chain!D14: enter values, not formulas: this cell holds the formula '=30*2', which Excel "
        "recalculates on opening; type the value itself"]


def test_company_fields_are_required_and_fsr_only_when_asked(tender, fill, info):
    empty = sample.filling().company.__class__()
    problems = problems_of(fill(company=empty), tender, info)
    assert [p.split(":")[0] for p in problems] == ["Company!B4", "Company!B5", "Company!B6", "Company!B7",
                                                   "Company!B10"]
    small = replace(info, estimated_value=Decimal("1000000"))
    template = build_template(tender, small)
    company = replace(sample.filling().company, fsr_declaration=None)
    parsed = read_workbook(fill_workbook(template, replace(sample.filling(), company=company)), tender, small)
    assert parsed.company.fsr_declaration is None


def test_rows_moved_on_the_answers_sheet_are_caught(filled, tender, info):
    data = edit(filled, **{"Answers!A4": "RES-LEAD", "Answers!A5": "RES-EOL"})
    problems = problems_of(data, tender, info)
    assert problems[0].startswith("Answers!A4: expected criterion RES-EOL in this row, found 'RES-LEAD'")


def test_wrong_tender_or_outdated_criteria_give_one_clear_problem(filled, tender, info):
    other = replace(info, reference="RB-2026-OTHER")
    assert problems_of(filled, tender, other) == [
        "workbook: this workbook is for tender 'RB-2026-MAG-01', not RB-2026-OTHER: download the current template "
        "of tender RB-2026-OTHER and enter your bid in it"]
    changed = json.loads(json.dumps(sample.DEFINITION))
    changed["criteria"][1]["children"][2]["rule"]["points_no"] = 10
    [problem] = problems_of(filled, parse_tender(changed), info)
    assert "outdated template" in problem and "download the current template" in problem
    [problem] = problems_of(filled, tender, replace(info, template_version="resbid-workbook-0"))
    assert "outdated template" in problem


def test_size_and_row_limits_are_configurable(filled, fill, tender, info):
    [problem] = problems_of(filled, tender, info, limits=Limits(max_bytes=10_000))
    assert problem.startswith("workbook: the file is 0.0 MB; the limit is")
    data = fill(supply=sample.supply_lines(extra_rows=30))
    [problem] = problems_of(data, tender, info, limits=Limits(max_supply_lines=20))
    assert problem.startswith("Supply chain!A34: values below row 33: at most 20 supply-chain lines")


def test_supply_lines_keep_the_scoring_types(filled, tender, info):
    line = read_workbook(filled, tender, info).supply[2]
    assert isinstance(line, SupplyLine) and type(line.share) is float and type(line.recycled) is float


def test_tender_texts_with_dangerous_leads_read_back_from_the_drop_downs(tender, info):
    definition = json.loads(json.dumps(sample.DEFINITION))
    definition["criteria"][2]["children"][3]["rule"]["options"] = {"-none": 0, "+5y": 0.05}
    definition["criteria"][2]["children"][3]["code"] = "-PZ"
    changed = parse_tender(definition)
    template = build_template(changed, info)
    lists = load_workbook(BytesIO(template))["Lists"]
    assert lists["F3"].value == "'+5y"  # what the drop-down offers, and so what the bidder's cell holds
    data = edit(fill_workbook(template, replace(sample.filling(), answers={})), **{"Answers!C8": "'+5y"})
    assert read_workbook(data, changed, info).answers == {"-PZ": "+5y"}
    data = fill_workbook(template, replace(sample.filling(), answers={"-PZ": "-none"}))
    assert read_workbook(data, changed, info).answers == {"-PZ": "-none"}


def test_a_text_longer_than_an_excel_cell_holds_is_refused_at_its_cell(filled, tender, info):
    """Counted on the values read, as the sheet's cells are plain (workbooks/plain_cells.py)."""
    source, buffer = zipfile.ZipFile(BytesIO(filled)), BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:  # openpyxl cuts a longer text to what a cell holds
        for name in source.namelist():
            part = source.read(name)
            target.writestr(name, part.replace(b"<t>Lynas Malaysia</t>", b"<t>" + b"x" * 32_768 + b"</t>"))
    assert b"<t>Lynas Malaysia</t>" in source.read("xl/worksheets/sheet5.xml")
    assert problems_of(buffer.getvalue(), tender, info) == [
        "Supply chain!F16: this cell holds 32,768 characters; a cell holds at most 32,767: the file was not saved "
        "by Excel"]


def test_the_cells_text_is_counted_exactly_where_it_could_pass_the_limit(fill, tender, info):
    """A plain sheet's texts are bounded by the bytes they lie in while that keeps the workbook within the limit
    (workbooks/plain_cells.py); beyond it they are counted on the values, and the refusal says how many there are."""
    data = fill(supply=sample.supply_lines(extra_rows=300))
    workbook = load_workbook(BytesIO(data))
    characters = sum(len(cell.value) for sheet in layout.READ_SHEETS for row in workbook[sheet].iter_rows()
                     for cell in row if isinstance(cell.value, str))
    assert problems_of(data, tender, info, limits=Limits(max_text_characters=characters - 1)) == [
        f"workbook: the cells of the workbook hold {characters:,} characters of text; at most {characters - 1:,} are "
        "accepted (a bid of 20,000 lines needs less than half): shorten the supplier names and evidence references"]
    assert len(read_workbook(data, tender, info, Limits(max_text_characters=characters)).supply) == 313


def test_the_default_size_limit_is_10_mb(tender, info):
    assert problems_of(b"PK\x03\x04" + bytes(10 * 1024 * 1024), tender, info) == [
        "workbook: the file is 10.0 MB; the limit is 10 MB (remove images and unused sheets, or contact the "
        "contracting authority)"]


@pytest.mark.parametrize("read", [read_workbook, read_workbook_isolated])
@pytest.mark.parametrize("enabled_before", [True, False])
def test_reading_leaves_the_garbage_collector_as_it_found_it_whether_the_workbook_is_read_or_refused(
        filled, tender, info, enabled_before, read):
    """read_workbook pauses the collector while it reads, and read_workbook_isolated while it decodes the child's
    answer (for speed): each must hand it back as it was."""
    was = gc.isenabled()
    try:
        (gc.enable if enabled_before else gc.disable)()
        read(filled, tender, info)
        assert gc.isenabled() is enabled_before
        with pytest.raises(WorkbookRejected):
            read(b"not a workbook", tender, info)
        assert gc.isenabled() is enabled_before
    finally:
        (gc.enable if was else gc.disable)()
