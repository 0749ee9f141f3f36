"""XML parts are refused while they are inflated for a document type or entity declaration, in any case and any
place, and for a declared encoding other than UTF-8 or UTF-16 (docs/security.md, "Uploads", step 4)."""
from __future__ import annotations

import zipfile
from io import BytesIO

import pytest

from workbooks import WorkbookRejected, read_workbook
from workbooks.safety import DEFAULT_LIMITS, PartReader

SHEET = "xl/worksheets/sheet5.xml"  # the supply-chain sheet
A_SHEET = "(one of the sheets)"  # how refusals name it before the list of sheets is read (workbooks/part_words.py)
CHUNK = 64 * 1024  # PartReader's inflate chunk
PAD = b"<!-- " + b"x" * (3 * CHUNK) + b" -->"


def part_reader(content: bytes, name: str = SHEET) -> PartReader:
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, content)
    return PartReader(zipfile.ZipFile(buffer), DEFAULT_LIMITS)


def refusal(content: bytes) -> str:
    with pytest.raises(WorkbookRejected) as raised:
        part_reader(content).read(SHEET, xml=True)
    return raised.value.problems[0].message


def split_at_chunk(declaration: bytes, cut: int) -> bytes:
    """The declaration placed so that its first `cut` bytes end the first inflated chunk."""
    lead = b"<worksheet>" + b"a" * (CHUNK - len(b"<worksheet>") - cut)
    return lead + declaration + b"</worksheet>"


@pytest.mark.parametrize("declaration", [b'<!DOCTYPE x [<!ENTITY a "b">]>', b"<!doctype x>", b"<!DocType x>",
                                         b'<!ENTITY a "b">', b'<!entity % a SYSTEM "file:///etc/passwd">'])
def test_a_declaration_in_any_case_is_refused(declaration):
    message = refusal(b'<?xml version="1.0" encoding="UTF-8"?>' + declaration + b"<worksheet/>")
    assert "document type declaration or entities " + A_SHEET in message


@pytest.mark.parametrize("cut", [1, 2, 3, 5, 8])
@pytest.mark.parametrize("declaration", [b"<!DOCTYPE x>", b'<!eNtItY a "b">'])
def test_a_declaration_split_across_inflated_chunks_is_refused(declaration, cut):
    assert "document type declaration or entities" in refusal(split_at_chunk(declaration, cut))


def test_a_declaration_far_into_a_large_part_is_refused():
    assert "document type declaration" in refusal(b"<worksheet>" + PAD + b"<!DOCTYPE x></worksheet>")


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le"])
def test_a_declaration_in_wide_characters_is_refused(encoding):
    assert "document type declaration" in refusal('<!DOCTYPE x [<!ENTITY a "b">]><worksheet/>'.encode(encoding))


@pytest.mark.parametrize("encoding", ["ISO-8859-1", "cp500", "UTF-7", "utf-32"])
def test_a_declared_encoding_other_than_utf8_or_utf16_is_refused(encoding):
    message = refusal(f'<?xml version="1.0" encoding="{encoding}"?><worksheet/>'.encode())
    assert f"declares the text encoding '{encoding}' {A_SHEET}; Excel writes UTF-8 only" in message


@pytest.mark.parametrize("content", [b'<?xml version="1.0" encoding="UTF-8"?><worksheet>Great! <!-- ok --></worksheet>',
                                     b'<?xml version="1.0" encoding="utf-16"?><worksheet/>',
                                     split_at_chunk(b"<!-- DOCTYPE -->", 2)])
def test_exclamation_marks_comments_and_utf16_pass(content):
    assert part_reader(content).read(SHEET, xml=True) == content


def test_parts_read_as_bytes_are_not_judged_as_xml():
    content = b"\x89PNG <!DOCTYPE whatever"
    assert part_reader(content, "xl/media/image1.png").read("xl/media/image1.png") == content


@pytest.mark.parametrize("declaration", [b"<!DOCTYPE row>", b'<!ENTITY big "x">'])
def test_a_declaration_inside_the_cells_of_a_workbook_is_refused(filled, tender, info, declaration):
    source = zipfile.ZipFile(BytesIO(filled))
    sheet = source.read(SHEET)
    head, _, rest = sheet.partition(b"</row>")
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            target.writestr(name, head + b"</row>" + declaration + rest if name == SHEET else source.read(name))
    with pytest.raises(WorkbookRejected) as raised:
        read_workbook(buffer.getvalue(), tender, info)
    message = raised.value.problems[0].message
    assert "contains an XML document type declaration or entities (Supply chain sheet)" in message
