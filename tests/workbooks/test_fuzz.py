"""Fuzzing the reader (hypothesis): random bytes and mutated workbooks never raise anything but WorkbookRejected."""
from __future__ import annotations

import zipfile
from io import BytesIO

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.workbooks import sample
from workbooks import ParsedWorkbook, WorkbookRejected, build_template, fill_workbook, read_workbook

TENDER = sample.tender()
FILLED = fill_workbook(build_template(TENDER, sample.INFO), sample.filling())
PARTS = {name: zipfile.ZipFile(BytesIO(FILLED)).read(name) for name in zipfile.ZipFile(BytesIO(FILLED)).namelist()}
XML_PARTS = sorted(name for name in PARTS if name.endswith((".xml", ".rels")))
TOKENS = [b"<c r=\"XFD1048576\"><v>1</v></c>", b"<f>1+1</f>", b"<v></v>", b"<!DOCTYPE x [<!ENTITY a \"b\">]>",
          b"&a;", b"<row r=\"0\">", b"<c r=\"A99999999\">", b"<is><t>x</t></is>", b"t=\"e\"", b"t=\"b\"",
          b"<v>1e400</v>", b"<v>NaN</v>", b"\x00", b"</", b"r=\"D14\"", b"s=\"999\"", b"<sheet name=\"Price\"/>",
          b"\xff\xfe", b"<?xml version=\"1.0\" encoding=\"utf-16\"?>"]
SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def assert_reads_or_rejects(data: bytes) -> None:
    """The reader's whole promise: a parsed workbook, or WorkbookRejected with at least one problem."""
    try:
        assert isinstance(read_workbook(data, TENDER, sample.INFO), ParsedWorkbook)
    except WorkbookRejected as error:
        assert error.problems


@SETTINGS
@given(st.binary(max_size=4096), st.booleans())
def test_random_bytes_are_rejected(data, as_zip):
    assert_reads_or_rejects(b"PK\x03\x04" + data if as_zip else data)


@SETTINGS
@given(st.lists(st.tuples(st.integers(0, len(FILLED) - 1), st.integers(0, 255)), min_size=1, max_size=8))
def test_byte_mutations_of_a_valid_workbook(changes):
    data = bytearray(FILLED)
    for position, value in changes:
        data[position] = value
    assert_reads_or_rejects(bytes(data))


@SETTINGS
@given(st.sampled_from(XML_PARTS), st.data())
def test_xml_mutations_inside_a_valid_workbook(part, data):
    xml = PARTS[part]
    start = data.draw(st.integers(0, len(xml)), label="start")
    end = data.draw(st.integers(start, min(len(xml), start + 200)), label="end")
    insert = data.draw(st.one_of(st.sampled_from(TOKENS), st.binary(max_size=40)), label="insert")
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for name, content in PARTS.items():
            archive.writestr(name, xml[:start] + insert + xml[end:] if name == part else content)
    assert_reads_or_rejects(buffer.getvalue())
