"""Changing a filled workbook cell by cell and collecting the reader's problems, for the reader tests."""
from __future__ import annotations

from io import BytesIO

import pytest
from openpyxl import load_workbook

from workbooks import WorkbookRejected, read_workbook


def problems_of(data, tender, info, **kwargs) -> list[str]:
    """The problems the reader places, as "Sheet!A1: message" texts."""
    with pytest.raises(WorkbookRejected) as caught:
        read_workbook(data, tender, info, **kwargs)
    return [str(problem) for problem in caught.value.problems]


def edit(data: bytes, **cells) -> bytes:
    """The workbook with cells set through openpyxl: edit(data, **{"Supply chain!D14": 5})."""
    book = load_workbook(BytesIO(data))
    for place, value in cells.items():
        sheet, ref = place.split("!")
        book[sheet][ref] = value
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
