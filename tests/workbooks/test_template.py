"""The generated template: sheets, protection, drop-downs, the rules in the engine's words, the hidden metadata."""
from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook

from scoring.criteria import walk
from scoring.definition import parse_tender
from tests.workbooks import sample
from workbooks import build_template, layout, safe_text
from workbooks.choices import answer_specs
from workbooks.metadata import criteria_hash
from workbooks.model import TenderInfo


@pytest.fixture(scope="module")
def book(template):
    return load_workbook(BytesIO(template))


def test_sheets_in_order_with_lists_hidden_and_metadata_very_hidden(book):
    assert book.sheetnames == list(layout.SHEETS)
    states = {sheet.title: sheet.sheet_state for sheet in book.worksheets}
    assert states.pop(layout.LISTS) == "hidden"
    assert states.pop(layout.METADATA) == "veryHidden"
    assert set(states.values()) == {"visible"}
    assert book.active.title == layout.INSTRUCTIONS
    assert book.security.lockStructure


def test_every_sheet_is_protected_and_only_input_cells_are_unlocked(book):
    assert all(sheet.protection.sheet for sheet in book.worksheets)
    company = book[layout.COMPANY]
    assert not company[f"{layout.COMPANY_VALUE}4"].protection.locked
    assert company[f"{layout.COMPANY_LABEL}4"].protection.locked
    supply = book[layout.SUPPLY]
    last = layout.SUPPLY_FIRST_ROW + layout.PREPARED_ROWS - 1
    for column in layout.SUPPLY_COLUMNS:
        assert not supply[f"{column.letter}{layout.SUPPLY_FIRST_ROW}"].protection.locked
        assert not supply[f"{column.letter}{last}"].protection.locked
        assert supply[f"{column.letter}{layout.SUPPLY_HEADER_ROW}"].protection.locked
        assert not supply.column_dimensions[column.letter].protection.locked  # rows below the prepared ones
    assert supply.freeze_panes == f"A{layout.SUPPLY_FIRST_ROW}"


def test_every_prepared_supply_cell_looks_like_the_first_of_its_column(book):
    """Yellow, boxed, unlocked and in its column's number format, all the way down (styles.input_cells styles the
    first cell and gives the others its style)."""
    supply = book[layout.SUPPLY]
    for column in layout.SUPPLY_COLUMNS:
        cells = [supply[f"{column.letter}{row}"] for row in range(layout.SUPPLY_FIRST_ROW,
                                                                  layout.SUPPLY_FIRST_ROW + layout.PREPARED_ROWS)]
        looks = {(cell.fill.fgColor.rgb, cell.border.left.style, cell.protection.locked, cell.number_format)
                 for cell in cells}
        assert looks == {("00FFF2CC", "thin", False, cells[0].number_format)}, column.key


def test_supply_chain_prepares_at_least_500_validated_rows_with_input_messages(book, tender):
    supply = book[layout.SUPPLY]
    checks = {str(check.sqref): check for check in supply.data_validations.dataValidation}
    last = layout.SUPPLY_FIRST_ROW + layout.PREPARED_ROWS - 1
    assert layout.PREPARED_ROWS >= 500
    for column in layout.SUPPLY_COLUMNS:
        check = checks[f"{column.letter}{layout.SUPPLY_FIRST_ROW}:{column.letter}{last}"]
        assert check.showInputMessage and check.prompt and check.showErrorMessage
    materials = checks[f"A{layout.SUPPLY_FIRST_ROW}:A{last}"]
    assert materials.type == "list" and materials.formula1 == "Lists!$B$2:$B$4"
    lists = book[layout.LISTS]
    assert [lists[f"B{row}"].value for row in (2, 3, 4)] == ["Neodymium", "Praseodymium", "Dysprosium"]
    assert checks[f"D{layout.SUPPLY_FIRST_ROW}:D{last}"].formula2 == "100"


def test_answers_has_one_row_per_bidder_answered_criterion_with_its_drop_down(book, tender):
    sheet = book[layout.ANSWERS]
    specs = answer_specs(tender)
    assert [spec.code for spec in specs] == ["RES-EOL", "RES-LEAD", "QUAL-ISO", "GATE-SAFETY", "PZ-WARRANTY"]
    for position, spec in enumerate(specs):
        row = layout.answer_row(position)
        assert sheet[f"A{row}"].value == spec.code
        assert sheet[f"E{row}"].value == spec.rule.describe()
    checks = {str(check.sqref): check for check in sheet.data_validations.dataValidation}
    assert checks["C4"].formula1 == "Lists!$D$2:$D$3"  # yes / no
    assert checks["C5"].type == "decimal" and checks["C5"].operator == "greaterThanOrEqual"
    option_list = checks["C8"].formula1
    lists = book[layout.LISTS]
    column = option_list.split("$")[1]
    assert [lists[f"{column}{row}"].value for row in (2, 3, 4)] == ["none", "5y", "10y"]


def test_the_price_cell_accepts_zero(book):
    # a zero price may not be rejected on that ground alone (Case C-367/19 Tax-Audit)
    checks = {str(check.sqref): check for check in book[layout.PRICE].data_validations.dataValidation}
    price = checks[f"{layout.PRICE_VALUE}{layout.PRICE_ROW}"]
    assert (price.type, price.operator, price.formula1) == ("decimal", "greaterThanOrEqual", "0")
    assert price.error == "The price must be a number, zero or more."


def test_metric_fed_and_committee_criteria_are_not_answered(tender):
    codes = {spec.code for spec in answer_specs(tender)}
    assert not codes & {"PRICE", "RES-DY-REF", "RES-EU", "QUAL-PLAN"}


def test_instructions_quote_every_rule_verbatim(book, tender):
    texts = {cell for row in book[layout.INSTRUCTIONS].iter_rows(values_only=True) for cell in row if cell}
    for _, node in walk(tender.criteria):
        if not node.is_group:
            assert node.rule.describe() in texts
    assert "Answers sheet, row 4" in texts
    assert any("Computed from your Supply chain sheet" in str(text) and "Dysprosium" in str(text) for text in texts)
    for _, node in walk(tender.criteria):
        if node.source is not None:  # the published handling of the bill of materials, in the bidder's words
            assert any(str(text).endswith(node.source.handling_text()) for text in texts)


def _weights_as_floats(value):
    """The definition as templates were fingerprinted before weights were exact: every weight a float (40.0)."""
    if isinstance(value, list):
        return [_weights_as_floats(item) for item in value]
    if isinstance(value, dict):
        return {key: float(item) if key in ("weight", "max_points", "min_score") else _weights_as_floats(item)
                for key, item in value.items()}
    return value


def test_metadata_holds_reference_version_and_criteria_hash(book, tender, info):
    sheet = book[layout.METADATA]
    definition = _weights_as_floats(tender.to_dict())
    assert definition["criteria"][0]["weight"] == 40 and type(tender.to_dict()["criteria"][0]["weight"]) is int
    canonical = json.dumps(definition, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert sheet["B1"].value == info.reference
    assert sheet["B2"].value == layout.TEMPLATE_VERSION == info.template_version
    assert sheet["B3"].value == hashlib.sha256(canonical.encode()).hexdigest()


def test_the_rules_for_bid_documents_leave_the_template_current(tender):
    ruled = parse_tender({**tender.to_dict(), "documents": {"formats": ["pdf"], "evidence_required": ["processing"]}})
    assert ruled != tender and criteria_hash(ruled) == criteria_hash(tender)
    assert criteria_hash(parse_tender({**tender.to_dict(), "tie_break": ["price", "quality"]})) != criteria_hash(tender)


@pytest.mark.parametrize("value, asked", [(Decimal("250000000"), True), (Decimal("249999999.99"), False),
                                          (None, False)])
def test_fsr_declaration_is_asked_from_eur_250_million(tender, value, asked):
    book = load_workbook(BytesIO(build_template(tender, replace(sample.INFO, estimated_value=value))))
    company = book[layout.COMPANY]
    row = layout.FSR_FIELD.row
    assert (company[f"A{row}"].value == layout.FSR_FIELD.label) is asked
    if asked:
        lists = book[layout.LISTS]
        assert [lists["E2"].value, lists["E3"].value] == [
            "notification attached", "declaration: no contributions above EUR 4 million per third country"]


@pytest.mark.parametrize("lead", ["=", "+", "-", "@", "\t", "\r"])
def test_text_from_tender_data_never_becomes_a_formula(lead):
    definition = json.loads(json.dumps(sample.DEFINITION))
    definition["title"] = f"{lead}HYPERLINK(\"http://evil\")"
    definition["criteria"][2]["children"][1]["name"] = f"{lead}1+1"
    tender = parse_tender(definition)
    info = TenderInfo(reference="R-1", title=f"{lead}cmd|' /C calc'!A0", authority=f"{lead}Authority")
    book = load_workbook(BytesIO(build_template(tender, info)))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} became a formula"
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(("=", "+", "-", "@", "\t", "\r")), cell.coordinate
    assert book[layout.INSTRUCTIONS]["A2"].value == safe_text(info.title) == "'" + info.title


def test_safe_text_neutralises_each_dangerous_lead_and_nothing_else():
    for lead in ("=", "+", "-", "@", "\t", "\r"):
        assert safe_text(f"{lead}x") == f"'{lead}x"
    assert safe_text("Lynas") == "Lynas"
    assert safe_text("a=b") == "a=b"
    assert safe_text("bell\x07") == "bell"
