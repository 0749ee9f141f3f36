"""The contract performance report workbook: the bid workbook's supply chain for one period, read by the same
reader; a bid workbook is refused as a report, a report as a bid, and a report of another period."""
from __future__ import annotations

from dataclasses import replace
from io import BytesIO

import pytest
from openpyxl import load_workbook

from scoring.definition import parse_tender
from tests.workbooks import sample
from tests.workbooks.editing import edit
from workbooks import WorkbookRejected, fill_workbook, read_workbook, read_workbook_isolated
from workbooks.layout import REPORT_VERSION
from workbooks.performance_report import build_report_template

REPORT_INFO = replace(sample.INFO, template_version=REPORT_VERSION, report_period="1",
                      report_period_text="year 1 (1 January 2027 to 31 December 2027)")


@pytest.fixture(scope="module")
def report_template(tender):
    return build_report_template(tender, REPORT_INFO)


@pytest.fixture(scope="module")
def report(report_template):
    return fill_workbook(report_template, sample.filling())


def problems(data, tender, info, reader=read_workbook) -> list[str]:
    with pytest.raises(WorkbookRejected) as caught:
        reader(data, tender, info)
    return [str(problem) for problem in caught.value.problems]


def test_the_report_is_titled_for_its_period_and_has_no_price_or_answers(report_template):
    book = load_workbook(BytesIO(report_template))
    assert book.sheetnames == ["Instructions", "Company", "Supply chain", "Lists", "Metadata"]
    assert book["Instructions"]["A1"].value == "Contract performance report"
    assert book["Instructions"]["B5"].value == REPORT_INFO.report_period_text
    assert [book["Metadata"][f"B{row}"].value for row in (2, 4)] == [REPORT_VERSION, "1"]
    assert book["Metadata"].sheet_state == "veryHidden"


def test_a_filled_report_reads_back_the_supply_chain(report, tender):
    parsed = read_workbook(report, tender, REPORT_INFO)
    company, supply = parsed.company, parsed.supply
    assert parsed.price is None and parsed.answers == {}
    assert company.name == "Magnetics Europe SE"
    assert [(line.material, line.stage, line.country, line.share, line.recycled, line.evidence)
            for line in supply] == [(line.material, line.stage, line.country, line.share, line.recycled, line.evidence)
                                    for line in sample.supply_lines()]
    assert supply[0].place == "Supply chain!A14"


def test_cell_problems_are_placed_as_in_a_bid(report, tender):
    assert problems(edit(report, **{"Supply chain!D14": 150}), tender, REPORT_INFO)[0].startswith(
        "Supply chain!D14:")


def test_a_bid_workbook_is_refused_as_a_report(filled, tender):
    assert problems(filled, tender, REPORT_INFO) == [
        "workbook: this is a bid workbook, not a contract performance report: download the performance report "
        "workbook for year 1 (1 January 2027 to 31 December 2027) and enter the supply chain used in it"]


def test_a_report_is_refused_as_a_bid(report, tender, info):
    assert problems(report, tender, info) == [
        "workbook: this is a contract performance report, not a bid workbook: upload it on the contract's page, "
        "and upload the bid workbook here"]


def test_a_report_of_another_period_is_refused(report, tender):
    other = replace(REPORT_INFO, report_period="2", report_period_text="year 2")
    assert problems(report, tender, other) == [
        "workbook: this performance report was made for another reporting period: download the performance "
        "report workbook for year 2"]


def test_the_isolated_reader_reads_a_report(report, tender):
    isolated = read_workbook_isolated(report, tender, REPORT_INFO)
    assert isolated.supply == read_workbook(report, tender, REPORT_INFO).supply


def test_the_instructions_list_the_binding_criteria_and_what_each_measures():
    definition = {**sample.DEFINITION, "contract_performance": {
        "binding": ["RES-EU"], "tolerance": {"value": 5, "unit": "metric"},
        "reporting": {"period": "call_off", "report_within_days": 30}}}
    book = load_workbook(BytesIO(build_report_template(parse_tender(definition), REPORT_INFO)))
    cells = [" ".join(str(cell.value) for cell in row if cell.value) for row in book["Instructions"].iter_rows()]
    binding = cells.index("Binding criteria")
    assert cells[binding + 2] == ("RES-EU EU share of magnet manufacturing the share from the EU-27 at the component "
                                  "manufacturing stage, the whole product.")
    assert len(cells) == binding + 3  # RES-DY-REF reads a metric too, but does not bind
