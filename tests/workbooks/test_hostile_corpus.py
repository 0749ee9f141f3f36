"""Every hostile or broken workbook of the corpus is refused with a message naming its problem (SECURITY.md).

The files come from make_hostile_corpus.py; after changing the sample tender or the layout, run
.venv/bin/python tests/workbooks/make_hostile_corpus.py and commit the folder again.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from app.workbooks import WorkbookRejected, read_workbook

HOSTILE = Path(__file__).resolve().parent / "hostile"
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
    "zip_bomb_ratio.xlsx": ["xl/worksheets/sheet5.xml expands", "looks like a zip bomb"],
    "too_many_parts.xlsx": ["615 parts", "limit 500"],
    "duplicate_parts.xlsx": ["two parts with the same name"],
    "lying_declared_size.xlsx": ["xl/worksheets/sheet5.xml is damaged", "CRC"],
    "unsupported_zip_version.xlsx": ["damaged or incomplete", "zip file version 6.4"],
    "entities_in_sheet.xlsx": ["xl/worksheets/sheet5.xml contains an XML document type declaration or entities"],
    "entities_in_workbook.xlsx": ["xl/workbook.xml contains an XML document type declaration or entities"],
    "entities_in_shared_strings.xlsx": ["xl/sharedStrings.xml contains an XML document type declaration"],
    "external_entity.xlsx": ["xl/worksheets/sheet2.xml contains an XML document type declaration or entities"],
    "million_rows.xlsx": ["Supply chain!A20014", "at most 20,000 supply-chain lines"],
    "lying_dimension.xlsx": ["Supply chain!D20014", "at most 20,000 supply-chain lines"],
    "far_away_cell.xlsx": ["Supply chain!XFD1048576", "values below row 20,013"],
    "cell_beyond_columns.xlsx": ["Supply chain!AA14", "outside the template's columns (A to Z)"],
    "bad_cell_reference.xlsx": ["xl/worksheets/sheet5.xml is damaged", "invalid row number"],
    "malformed_xml.xlsx": ["xl/worksheets/sheet5.xml is damaged (not well-formed XML"],
    "missing_part.xlsx": ["part xl/_rels/workbook.xml.rels is missing"],
    "duplicate_sheet_names.xlsx": ["two sheets named 'Supply chain'"],
    "formula_without_value.xlsx": ["Supply chain!D14: enter values, not formulas"],
    "lying_cached_value.xlsx": ["Supply chain!D15: share 999 is above 100"],
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
