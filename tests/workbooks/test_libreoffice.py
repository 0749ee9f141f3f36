"""A workbook saved by LibreOffice (shared strings, cached values) reads the same as one saved by openpyxl."""
from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from workbooks import WorkbookRejected, read_workbook

FIXTURES = Path(__file__).resolve().parent / "fixtures"
REGENERATE = "the fixtures are out of date: run .venv/bin/python tests/workbooks/make_fixtures.py (needs LibreOffice)"


def read_fixture(name, tender, info):
    try:
        return read_workbook((FIXTURES / name).read_bytes(), tender, info)
    except WorkbookRejected as error:
        pytest.fail(f"{name}: {error}\n{REGENERATE}")


def test_libreoffice_saved_workbook_reads_equal_to_the_openpyxl_one(filled, tender, info):
    names = {name: zipfile.ZipFile(FIXTURES / name).namelist()
             for name in ("filled_openpyxl.xlsx", "filled_libreoffice.xlsx")}
    assert "xl/sharedStrings.xml" in names["filled_libreoffice.xlsx"]
    assert "xl/sharedStrings.xml" not in names["filled_openpyxl.xlsx"]  # inline strings
    from_openpyxl = read_fixture("filled_openpyxl.xlsx", tender, info)
    assert read_fixture("filled_libreoffice.xlsx", tender, info) == from_openpyxl
    assert read_workbook(filled, tender, info) == from_openpyxl


def test_a_formula_libreoffice_saved_with_its_value_is_refused_all_the_same(tender, info):
    """Excel recalculates on opening, so the saved value need not be what the bidder saw: input cells hold values."""
    with pytest.raises(WorkbookRejected) as caught:
        read_workbook((FIXTURES / "formula_cached_libreoffice.xlsx").read_bytes(), tender, info)
    assert [str(problem) for problem in caught.value.problems] == [
        "Supply chain!D14: enter values, not formulas: this cell holds the formula '=30*2', which Excel "
        "recalculates on opening; type the value itself"]
