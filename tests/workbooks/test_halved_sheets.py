"""A large plain sheet is parsed in two halves at once (workbooks/package.py): what is read is what a whole parse
reads, rows out of order included."""
from __future__ import annotations

import re
import zipfile
from io import BytesIO

import pytest

from tests.workbooks import sample
from tests.workbooks.make_hostile_corpus import SUPPLY_PART, rezip
from workbooks import package, read_workbook, read_workbook_isolated


@pytest.fixture
def halves(monkeypatch) -> list[bool]:
    """Whether each sheet the reader halves was cut in two (a spy on plain_cells.halved)."""
    cut: list[bool] = []
    halved = package.halved

    def spy(xml: bytes):
        found = halved(xml)
        cut.append(found is not None)
        return found
    monkeypatch.setattr(package, "halved", spy)
    return cut


def whole(data: bytes, tender, info, monkeypatch):
    with monkeypatch.context() as patch:
        patch.setattr(package, "_HALVED_BYTES", 10**12)
        return read_workbook(data, tender, info)


def test_a_sheet_above_the_size_is_read_in_halves_as_it_reads_whole(fill, tender, info, monkeypatch, halves):
    data = fill(supply=sample.supply_lines(extra_rows=3_000))
    assert zipfile.ZipFile(BytesIO(data)).getinfo(SUPPLY_PART).file_size > package._HALVED_BYTES
    parsed = read_workbook(data, tender, info)
    assert halves == [True]
    assert parsed == whole(data, tender, info, monkeypatch)
    assert len(parsed.supply) == 3_013 and parsed.supply[-1].place == "Supply chain!A3026"
    assert read_workbook_isolated(data, tender, info) == parsed  # the thread in a forked child, within its caps


def test_rows_out_of_order_are_read_again_whole(fill, tender, info, monkeypatch, halves):
    """Row 14 moved to the end of the sheet's rows: its values lie in the second half, among the first half's rows;
    python-calamine places a cell by its reference, so the whole parse reads the line where it was."""
    monkeypatch.setattr(package, "_HALVED_BYTES", 0)
    data = fill(supply=sample.supply_lines(extra_rows=40))
    moved = rezip(data, {SUPPLY_PART: move_row_to_end(read_part(data, SUPPLY_PART), 14)})
    parsed = read_workbook(moved, tender, info)
    assert True in halves
    assert parsed == whole(data, tender, info, monkeypatch)


def read_part(data: bytes, name: str) -> bytes:
    return zipfile.ZipFile(BytesIO(data)).read(name)


def move_row_to_end(xml: bytes, number: int) -> bytes:
    found = re.search(rb'<row r="%d"[ >].*?</row>' % number, xml)
    assert found, f"row {number} not found"
    without = xml[:found.start()] + xml[found.end():]
    end = without.rfind(b"</sheetData>")
    return without[:end] + found.group() + without[end:]
