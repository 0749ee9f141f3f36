"""Every hostile or broken workbook of the corpus is refused with a message naming its problem (docs/security.md).

The files come from make_hostile_corpus.py; after changing the sample tender or the layout, run
.venv/bin/python tests/workbooks/make_hostile_corpus.py and commit the folder again.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from workbooks import WorkbookRejected, read_workbook

HOSTILE = Path(__file__).resolve().parent / "hostile"
# What the archive calls its parts, and a parser's or zipfile's words: never shown to the bidder.
ARCHIVE_WORDS = re.compile(r"xl/|_rels|\.xml|\.png|zip header|line \d+, column|Error|Exception|Forbidden")
EXPECTED = {  # file -> fragments its rejection must contain
    "empty.xlsx": ["the file is empty"],
    "plain_text.xlsx": ["plain text file", "not an Excel workbook"],
    "renamed_exe.xlsx": ["Windows program (.exe)"],
    "renamed_pdf.xlsx": ["PDF document"],
    "renamed_docx.xlsx": ["Word document (.docx)"],
    "renamed_ods.xlsx": ["OpenDocument file"],
    "old_xls_or_encrypted.xlsx": ["Excel 97-2003 (.xls) or a password-protected file"],
    "truncated.xlsx": ["damaged or incomplete"],
    "macro_vba_project.xlsx": ["contains macros (.xlsm)"],
    "macro_content_type.xlsx": ["macro-enabled (.xlsm)"],
    "zip_bomb_total_size.xlsx": ["expands to 150 MB when unpacked; the limit is 100 MB"],
    "zip_bomb_ratio.xlsx": ["a part of the file expands 997 times (one of the sheets; limit 200)",
                            "looks like a zip bomb"],
    "too_many_parts.xlsx": ["615 parts", "limit 500"],
    "duplicate_parts.xlsx": ["two parts with the same name"],
    "lying_declared_size.xlsx": ["holds 118,638 bytes but the file declares 10 (Supply chain sheet; a tampered file"],
    "unsupported_zip_version.xlsx": ["damaged or incomplete (not a readable .xlsx archive)"],
    "entities_in_sheet.xlsx": ["contains an XML document type declaration or entities (Supply chain sheet)"],
    "entities_in_workbook.xlsx": ["contains an XML document type declaration or entities (the list of sheets)"],
    "entities_in_shared_strings.xlsx": ["document type declaration or entities (the table of texts the cells share)"],
    "external_entity.xlsx": ["contains an XML document type declaration or entities (Company sheet)"],
    "million_rows.xlsx": ["Supply chain!A20014", "at most 20,000 supply-chain lines"],
    "lying_dimension.xlsx": ["Supply chain!D20014", "at most 20,000 supply-chain lines"],
    "far_away_cell.xlsx": ["Supply chain!XFD1048576", "values below row 20,013"],
    "cell_beyond_columns.xlsx": ["Supply chain!AA14", "outside the template's columns (A to Z)"],
    "bad_cell_reference.xlsx": ["a part of the file is damaged (Supply chain sheet)"],
    "malformed_xml.xlsx": ["a part of the file is damaged (Supply chain sheet)"],
    "missing_part.xlsx": ["a part of the file is missing (the links between the file's parts)"],
    "duplicate_sheet_names.xlsx": ["two sheets named 'Supply chain'"],
    "formula_without_value.xlsx": ["Supply chain!D14: enter values, not formulas"],
    "lying_cached_value.xlsx": ["Supply chain!D15: enter values, not formulas: this cell holds the formula "
                                "'=SUM(D14:D14)'"],
    "wrong_types.xlsx": ["Company!B5: country 'Atlantis' is not in the list", "Company!B7: country 42",
                         "Company!B9: 'not an email' does not look like an email address",
                         "Price!B4: price: expected a number, got 'cheap'",
                         "Answers!C4: answer 'maybe' is not in the list", "Answers!C5: answer: expected a number",
                         "Answers!C6: answer -3 is below 0", "Answers!C8: option '20y' is not in the list",
                         "Supply chain!A14: material 42 is not in the list", "Supply chain!B14: stage 'melting'",
                         "Supply chain!C14: country 'Narnia'", "Supply chain!D14: share: expected a number, got 'lots'",
                         "Supply chain!E14: recycled share -5 is below 0",
                         "Supply chain!F14: supplier: expected text, got TRUE",
                         "Supply chain!D15: share 120 is above 100"],
    "lying_zip_size_bomb.xlsx": ["expands to more than 40 MB when unpacked (Supply chain sheet; a zip bomb"],
    "lying_zip_size_small_sheet.xlsx": ["a part of the file holds 2,", "but the file declares",
                                        "(Supply chain sheet; a tampered file"],
    "huge_shared_string.xlsx": ["text 1 of the texts the cells share is 1,000,000 characters long",
                                "a cell holds at most 32,767"],
    "long_string_many_cells.xlsx": ["the cells of the workbook hold 600,", "at most 16,000,000"],
    "too_many_shared_strings.xlsx": ["the workbook holds more than 200,000 different texts"],
    "too_many_cell_formats.xlsx": ["the workbook defines more than 65,490 cell formats"],
    "formula_with_false_cached_price.xlsx": ["Price!B4: enter values, not formulas: this cell holds the formula "
                                             "'=7150000*2'", "type the value itself"],
    "formula_in_company_name.xlsx": ["Company!B4: enter values, not formulas"],
    "external_link.xlsx": ["the workbook links to another file or data source", "Break Link"],
    "external_link_formula.xlsx": ["links to another file or data source"],
    "renamed_vba_project.xlsx": ["is a macro project or an embedded object, not workbook data (an embedded image or "
                                 "file)",
                                 "macros are not accepted"],
    "vba_content_type_renamed.xlsx": ["holds macros", "macros are not accepted"],
    "webservice_formula.xlsx": ["Instructions!K999: this cell's formula calls WEBSERVICE",
                                "reach outside the workbook are not accepted"],
    "part_named_twice.xlsx": ["named twice in the links between its parts (one of the sheets; a tampered file)"],
    "webservice_in_conditional_format.xlsx": ["Price: a conditional format or data validation on this sheet has a "
                                              "formula that calls WEBSERVICE"],
    "dde_formula.xlsx": ["Price!C4: this cell's formula asks another program for data (a DDE link)"],
    "wrong_tender.xlsx": ["for tender 'RB-2025-OTHER-07', not RB-2026-MAG-01", "download the current template"],
    "outdated_template.xlsx": ["outdated template", "download the current template"],
    "not_a_resbid_workbook.xlsx": ["not a resbid bidder workbook"],
    "missing_sheet.xlsx": ["sheet Answers is missing"],
}


def test_the_corpus_has_at_least_20_files_and_each_has_its_expected_message():
    files = sorted(path.name for path in HOSTILE.glob("*.xlsx"))
    assert len(files) >= 20
    assert files == sorted(EXPECTED), "regenerate with tests/workbooks/make_hostile_corpus.py"
    assert all(path.stat().st_size < 250_000 for path in HOSTILE.glob("*.xlsx"))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_hostile_workbook_is_rejected_naming_its_problem(name, tender, info):
    with pytest.raises(WorkbookRejected) as caught:
        read_workbook((HOSTILE / name).read_bytes(), tender, info)
    message = str(caught.value)
    for fragment in EXPECTED[name]:
        assert fragment in message, f"{name}: {message}"
    assert not ARCHIVE_WORDS.search(message), f"{name}: {message}"
