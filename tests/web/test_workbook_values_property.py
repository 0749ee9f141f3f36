"""Any value in any field of a sample's workbook (hypothesis): check-bid, the portal's check and submit, and an
evaluation agree on it, and a refused value is named by sheet and cell, never a 500 or a traceback.

Each example fills one answer, price or supply-line cell of a filled sample workbook with a blank, text,
negative, huge, NaN-like or wrong-type value. One app and one signed-in bidder serve every example of a test
(the tenders stay open; each accepted submission just replaces the previous one).
"""
from __future__ import annotations

import re
from copy import copy
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timezone
from functools import cache
from io import BytesIO
from pathlib import Path
from unittest.mock import patch

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markupsafe import escape
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from sqlalchemy import select

import tender_files.bids
from app.clock import clock
from app.extensions import db
from app.models import Tender
from app.records.evaluation import evaluate_folder
from app.records.importing import import_folder
from app.records.stored_results import fresh_evaluation
from scoring.problems import InvalidInput
from tender_files.bids import read_bids
from tender_files.folder import FolderInvalid, TenderFolder, load_folder
from tests.samples import UNDIVIDED as SAMPLES  # one price at Price!B4 (lot workbooks: tests/workbooks/test_lots.py)
from tests.web.portal_steps import post_upload
from workbooks import ParsedWorkbook, WorkbookRejected, layout, read_workbooks_isolated
from workbooks.choices import answer_specs

NOW = datetime(2027, 1, 10, 9, 0, tzinfo=timezone.utc)  # every sample is still open for bids
SPECIAL_VALUES = (
    None, "", "   ", "text", "about a million", "yes", "no", "DE", "China", "Lithium", "processing",
    -1, -0.01, 0, 0.001, 42, 3.5, 100.0001, 1e308, -1e308, 10**30, "1e308", "1" + "0" * 30, "-5",
    "NaN", "nan", "inf", "-inf", "Infinity", "#N/A", "#DIV/0!", "#VALUE!", float("nan"), float("inf"),
    True, False, date(2027, 1, 1), datetime(2027, 1, 1, 12, 30), time(12, 0),
    "=1/0", "=B5", " 12.5 ", "1,000", "12%", "EUR 5", "'=cmd", "x" * 300,
)
VALUES = st.one_of(st.sampled_from(SPECIAL_VALUES), st.floats(), st.integers(-10**40, 10**40),
                   st.text(max_size=40).map(lambda text: ILLEGAL_CHARACTERS_RE.sub("", text)))
_CELLS = r"[A-Z]+\d+(?::[A-Z]+\d+)?"  # a cell or a range of cells
_PLACE = re.compile(rf"^(?P<sheet>[^!:\n]+)!(?P<cells>{_CELLS}(?:, {_CELLS})*): ", re.MULTILINE)


@dataclass(frozen=True)
class Field:
    """One cell a bidder fills: where it is and what kind of value the template expects there."""

    sheet: str
    letter: str
    row: int
    kind: str  # "price", "answer <rule kind>" or "supply <column>"

    @property
    def place(self) -> str:
        return layout.cell(self.sheet, self.letter, self.row)


@dataclass(frozen=True)
class Sample:
    """A sample tender folder with its first bid's workbook, and every field of that workbook."""

    path: Path
    folder: TenderFolder
    bid: str
    data: bytes
    fields: tuple[Field, ...]


@cache
def sample(path: Path) -> Sample:
    folder = load_folder(path)
    bid = folder.bids[0]
    supply_rows = len(read_bids(folder)[bid.stem].supply)
    fields = [Field(layout.PRICE, layout.PRICE_VALUE, layout.PRICE_ROW, "price")]
    fields += [Field(layout.ANSWERS, layout.ANSWER_VALUE.letter, layout.answer_row(position),
                     f"answer {spec.rule.kind}") for position, spec in enumerate(answer_specs(folder.tender))]
    for row in (layout.SUPPLY_FIRST_ROW, layout.SUPPLY_FIRST_ROW + supply_rows - 1):
        fields += [Field(layout.SUPPLY, column.letter, row, f"supply {column.key}") for column in layout.SUPPLY_COLUMNS]
    return Sample(path, folder, bid.stem, bid.data, tuple(fields))


@dataclass(frozen=True)
class Case:
    """One sample's workbook with one field set to a value."""

    path: Path
    field: Field
    value: object

    @property
    def sample(self) -> Sample:
        return sample(self.path)

    def data(self) -> bytes:
        """The workbook's bytes with the field set to the value."""
        target = _loaded(self.path)[self.field.sheet][f"{self.field.letter}{self.field.row}"]
        original = target.value, target.data_type, copy(target._style)  # a date sets a date format: put it back
        target.value = self.value
        out = BytesIO()
        try:
            target.parent.parent.save(out)
        finally:
            target.value, target.data_type, target._style = original
        return out.getvalue()


@st.composite
def cases(draw) -> Case:
    path = draw(st.sampled_from(SAMPLES))
    return Case(path, draw(st.sampled_from(sample(path).fields)), draw(VALUES))


@cache
def _loaded(path: Path) -> Workbook:
    """The sample's workbook loaded once (each example changes one cell, saves and puts the cell back)."""
    return load_workbook(BytesIO(sample(path).data))


def check_bid(runner, chosen: Sample, data: bytes, tmp_path: Path):
    """`tender check-bid` on the data: (exit code, output); never a traceback."""
    path = tmp_path / "bid.xlsx"
    path.write_bytes(data)
    result = runner.invoke(args=["tender", "check-bid", str(chosen.path), str(path)])
    assert result.exit_code in (0, 1), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def assert_names_the_field(output: str, field: Field) -> list[tuple[str, str]]:
    """Every problem is placed at a sheet and cell, and one names the changed cell (a supply-line value: its row,
    since a changed share, material or stage shows in the sum of its material and stage)."""
    places = [(match["sheet"], match["cells"]) for match in _PLACE.finditer(output)]
    assert len(places) == len([line for line in output.splitlines() if line.strip()]), output
    named = {cell for sheet, cells in places if sheet == field.sheet for cell in _cells(cells)}
    if field.sheet == layout.SUPPLY:
        assert any(row == field.row for _, row in named), output
    else:
        assert (field.letter, field.row) in named, output
    return places


def _cells(cells: str) -> set[tuple[str, int]]:
    """The (column, row) of every cell a place names: "D14:D16, D20"."""
    named = set()
    for part in cells.split(", "):
        first, _, last = part.partition(":")
        (letter, low), (_, high) = _cell(first), _cell(last or first)
        named.update((letter, row) for row in range(low, high + 1))
    return named


def _cell(ref: str) -> tuple[str, int]:
    digits = ref.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    return ref[:len(ref) - len(digits)], int(digits)


def folder_with(chosen: Sample, data: bytes) -> TenderFolder:
    """The sample's folder with its first bid's workbook replaced by the data."""
    return replace(chosen.folder, bids=tuple(replace(bid, data=data) if bid.stem == chosen.bid else bid
                                             for bid in chosen.folder.bids))


def evaluate_with(chosen: Sample, data: bytes):
    """The sample evaluated with the data as its first bid, as `tender evaluate` reads a folder; None if it is
    refused with placed problems.

    Each workbook is read in a child process of its own, and each example would read the sample's other,
    unchanged workbooks again: their readings are kept (`_SAMPLE_READINGS`), as a sample's own bytes are always
    read against its own tender."""
    folder = folder_with(chosen, data)
    unchanged = {bid.data for bid in chosen.folder.bids if bid.stem != chosen.bid}

    def reading(uploads: list[bytes], tender, *args, **options) -> list[ParsedWorkbook | WorkbookRejected]:
        fresh = [data for data in uploads if data not in unchanged or data not in _SAMPLE_READINGS]
        read = dict(zip(fresh, read_workbooks_isolated(fresh, tender, *args, **options), strict=True))
        _SAMPLE_READINGS.update((data, outcome) for data, outcome in read.items() if data in unchanged)
        return [read[data] if data in read else _SAMPLE_READINGS[data] for data in uploads]

    try:
        with patch.object(tender_files.bids, "read_workbooks_isolated", reading):
            return evaluate_folder(folder, read_bids(folder))
    except (FolderInvalid, InvalidInput) as error:
        assert error.problems and all(problem.place for problem in error.problems), str(error)
        return None


_SAMPLE_READINGS: dict[bytes, ParsedWorkbook | WorkbookRejected] = {}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=cases())
def test_any_value_in_any_field_is_checked_alike_by_check_bid_and_the_evaluation(runner, tmp_path, case):
    chosen, field, value, data = case.sample, case.field, case.value, case.data()
    code, output = check_bid(runner, chosen, data, tmp_path)
    if code == 1:
        assert_names_the_field(output, field)
    result = evaluate_with(chosen, data)
    assert (result is None) == (code == 1), f"{field.kind} = {value!r}: check-bid exit {code}, output {output}"


@pytest.fixture
def open_samples(app, client, login_as):
    """Every sample imported open for bids, and a signed-in bidder: {sample path: tender id}."""
    clock.freeze(NOW)
    ids = {}
    with app.app_context():
        for path in SAMPLES:
            folder = load_folder(path)
            ids[path] = import_folder(folder, read_bids(folder)).id
        db.session.commit()
    login_as("bidder")
    return ids


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=cases())
def test_any_value_in_any_field_gets_the_same_answer_from_the_portal(app, client, runner, open_samples, tmp_path,
                                                                     case):
    chosen, field, value, data = case.sample, case.field, case.value, case.data()
    tender_id = open_samples[chosen.path]
    code, output = check_bid(runner, chosen, data, tmp_path)
    for action in ("self-assessment", "bids"):
        response = post_upload(client, tender_id, data, action)
        body = response.get_data(as_text=True)
        assert response.status_code == (422 if code == 1 else 200 if action == "self-assessment" else 302), (
            f"{action}: {field.kind} = {value!r}; check-bid said {output}")
        assert "Traceback" not in body
        if code == 1:
            for sheet, cells in assert_names_the_field(output, field):
                assert f"<td>{escape(sheet)}</td><td>{escape(cells)}</td>" in body, (sheet, cells)
    if code == 0:
        with app.app_context():
            tender = db.session.scalar(select(Tender).where(Tender.id == tender_id))
            assert fresh_evaluation(tender).result.bids  # the stored copy evaluates like the file


def test_a_blank_price_on_the_bess_sample_is_refused_at_its_cell_everywhere(app, client, runner, open_samples,
                                                                            tmp_path):
    bess = next(path for path in SAMPLES if path.name == "bess-utility")
    case = Case(bess, sample(bess).fields[0], None)
    message = "Price!B4: price is missing: enter the total price of the bid"
    assert check_bid(runner, case.sample, case.data(), tmp_path) == (1, message + "\n")
    for action in ("self-assessment", "bids"):
        response = post_upload(client, open_samples[bess], case.data(), action)
        assert response.status_code == 422
        assert "<td>Price</td><td>B4</td><td>Price is missing: enter the total price of the bid" in (
            response.get_data(as_text=True))
    with pytest.raises(FolderInvalid) as refused:
        read_bids(folder_with(case.sample, case.data()))
    assert str(refused.value).endswith(message)
