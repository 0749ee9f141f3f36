"""The fast way through plain cells finds what the streaming pass finds, or leaves the sheet to it."""
from __future__ import annotations

import pytest

from workbooks import scan
from workbooks.plain_cells import halved, plain_cells, written_characters

AREA = scan.Area(20, 7, lambda: "too many rows")
SHARED = [5, 40_000, 3]  # the lengths of three shared strings (the second longer than a cell may hold)
HEAD = b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
TAIL = b"</worksheet>"


def sheet(cells: str, after: str = "") -> bytes:
    return HEAD + b"<sheetData>" + cells.encode() + b"</sheetData>" + after.encode() + TAIL


def row(number: int, *cells: str) -> str:
    return f'<row r="{number}">' + "".join(cells) + "</row>"


def inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


PLAIN = [
    sheet(row(1, inline("A1", "Neodymium"), '<c r="B1" t="n"><v>12.5</v></c>', '<c r="C1" s="3"/>')),
    sheet(row(2, inline("A2", "Smith &amp; Co &#233;tain"), inline("B2", "Zürich"))),
    sheet(row(4, inline("A4", "&lt;&gt;"), inline("B4", "AT&amp;T &quot;Rare&quot; &apos;Earths&apos;"))),
    sheet(row(3, '<c r="A3" s="1" t="s"><v>0</v></c>', '<c r="B3" t="s"><v>2</v></c>', '<c r="C3" t="s"><v>9</v></c>')),
    sheet(row(20, inline("G20", "last cell of the area"))),
    sheet('<row r="5" spans="1:7" ht="15" customHeight="1" outlineLevel="0" r2="x">'
          + inline("A5", "Excel's row attributes") + "</row>"),
    sheet(""),
]
STREAMED = [
    sheet(row(21, inline("A21", "below the area"))),
    sheet(row(1, inline("H1", "right of the area"))),
    sheet(row(1, '<c r="A1"><f>HYPERLINK("http://example.com")</f><v>1</v></c>')),
    sheet(row(1, '<c r="A1" t="inlineStr"><is><r><t>rich</t></r><r><t> text</t></r></is></c>')),
    sheet(row(1, '<c r="A1" t="s"><v>1</v></c>')),  # a shared string longer than a cell may hold
    sheet(row(1, '<c t="n"><v>1</v></c>')),  # no reference
    sheet(row(1, '<x:c xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" r="Z999">'
                 '<x:v>1</x:v></x:c>')),
    sheet(row(1, inline("A1", "carriage\rreturn"))),
    sheet(row(1, '<c r="A1"><v>1</v>junk</c>')),
    sheet(row(1, '<c r="A1"><v>1</v><v>2</v></c>')),
    sheet('<row r="0">' + inline("A1", "row zero") + "</row>"),
    sheet(row(1, inline("a1", "lower-case reference"))),
    sheet(row(1, inline("A1", "ok")), after='<dataValidations><dataValidation sqref="A1"><formula1>'
                                           'WEBSERVICE("http://example.com")</formula1></dataValidation>'
                                           '</dataValidations>'),
    sheet(row(1, inline("A1", "text")) + "<!-- a comment -->"),
]


def outcome(scanner, xml: bytes):
    try:
        found = scanner(xml, "Supply chain", AREA, SHARED, 32_767)
    except (scan.OutsideArea, ValueError) as error:
        return type(error).__name__, str(error)
    return found.characters, found.read_formulas


@pytest.mark.parametrize("xml", STREAMED)
def test_the_fast_way_finds_what_the_streaming_pass_finds(xml):
    assert outcome(scan.scan_sheet, xml) == outcome(scan._streamed, xml)


@pytest.mark.parametrize(("xml", "shared_characters"), list(zip(PLAIN, [0, 0, 0, 5 + 3, 0, 0, 0], strict=True)))
def test_the_fast_way_counts_what_shared_strings_will_hold_and_leaves_the_rest_to_the_values(xml, shared_characters):
    """A shared string is copied into every cell naming it (counted before python-calamine loads the sheet); the
    characters written in the cells are counted on the values read (package.py)."""
    found = scan.scan_sheet(xml, "Supply chain", AREA, SHARED, 32_767)
    streamed = scan._streamed(xml, "Supply chain", AREA, SHARED, 32_767)
    assert (found.plain, found.characters, found.read_formulas) == (True, shared_characters, streamed.read_formulas)
    assert not streamed.plain


@pytest.mark.parametrize("xml", PLAIN)
def test_plain_cells_take_the_fast_way(xml):
    assert plain_cells(xml, AREA.max_row, AREA.max_column, SHARED, 32_767) is not None


@pytest.mark.parametrize("xml", STREAMED[:12])
def test_anything_else_is_left_to_the_streaming_pass(xml):
    assert plain_cells(xml, AREA.max_row, AREA.max_column, SHARED, 32_767) is None


def test_a_declared_encoding_other_than_utf8_is_left_to_the_streaming_pass():
    xml = sheet(row(1, inline("A1", "text"))).replace(b'encoding="UTF-8"', b'encoding="ISO-8859-1"')
    assert plain_cells(xml, AREA.max_row, AREA.max_column, SHARED, 32_767) is None


NOT_WELL_FORMED = [  # what expat refuses in cells, which the fast way (no expat) must leave to the streaming pass
    sheet(row(1, inline("A1", "control \x01 character"))),
    sheet(row(1, inline("A1", "undefined &lol; entity"))),
    sheet(row(1, inline("A1", "reference to &#1; a control character"))),
    sheet(row(1, inline("A1", "reference to &#xFFFF;"))),
    sheet(row(1, inline("A1", "end of CDATA ]]> in text"))),
    sheet(row(1, '<c r="A1" r="XFD1048576"><v>1</v></c>')),
    sheet(row(1, '<c r="A1" t="n" t="s"><v>1</v></c>')),
    sheet('<row r="1" r="2">' + inline("A1", "row named twice") + "</row>"),
]
NOT_UTF8 = [HEAD + b"<sheetData>" + row(1, inline("A1", "x")).encode().replace(b"x", bad) + b"</sheetData>" + TAIL
            for bad in (b"\xff", b"\xc3", b"\xef\xbf\xbf", b"\xed\xa0\x80")]  # bad bytes, U+FFFF, a surrogate


def judged(scanner, xml: bytes):
    try:
        return outcome(scanner, xml)
    except Exception as error:  # noqa: BLE001 - expat's own errors: the same from both ways
        return type(error).__name__


@pytest.mark.parametrize("xml", NOT_WELL_FORMED + NOT_UTF8)
def test_cells_expat_would_refuse_are_left_to_the_streaming_pass(xml):
    assert plain_cells(xml, AREA.max_row, AREA.max_column, SHARED, 32_767) is None
    assert judged(scan.scan_sheet, xml) == judged(scan._streamed, xml) == "ExpatError"


def test_another_attribute_on_a_cell_is_left_to_the_streaming_pass():
    xml = sheet(row(1, '<c r="A1" cm="1"><v>1</v></c>'))
    assert plain_cells(xml, AREA.max_row, AREA.max_column, SHARED, 32_767) is None
    assert outcome(scan.scan_sheet, xml) == outcome(scan._streamed, xml)


@pytest.mark.parametrize("lengths", [(), [0, 0, 0]])
def test_shared_string_cells_beside_no_text_count_nothing(lengths):
    """Without a shared string that holds a character, no cell can copy one: nothing to count, the way stays fast."""
    xml = PLAIN[3]  # three cells naming shared strings 0, 2 and 9
    assert plain_cells(xml, AREA.max_row, AREA.max_column, lengths, 32_767)[1] == 0
    assert scan.scan_sheet(xml, "Supply chain", AREA, lengths, 32_767).characters == 0


def test_halved_cuts_at_the_first_row_end_past_the_middle_and_keeps_head_and_tail_in_each_half():
    rows = [row(number, inline(f"A{number}", "same length")) for number in range(1, 7)]  # the middle: row 3's end
    first, second = halved(sheet("".join(rows), after="<pageMargins/>"))
    assert first == sheet("".join(rows[:4]), after="<pageMargins/>")
    assert second == sheet("".join(rows[4:]), after="<pageMargins/>")
    for half in (first, second):  # each a sheet of its own, judged plain again
        assert scan.scan_sheet(half, "Supply chain", AREA).plain


def test_halved_leaves_a_sheet_whose_rows_end_before_the_middle_whole():
    assert halved(sheet('<row r="1"/><row r="2"/>')) is None
    assert halved(sheet("")) is None


@pytest.mark.parametrize("length", [1, 20, 49])
def test_written_characters_bounds_short_texts_by_the_bytes_of_the_cells(length):
    cells = row(1, inline("A1", "x" * length), inline("B1", "Zürich")) + row(2, inline("A2", "é" * 3))
    assert written_characters(sheet(cells), 100) == len(cells.encode())


@pytest.mark.parametrize("length", [100, 101, 5_000])
def test_written_characters_leaves_a_text_as_long_as_a_cell_holds_to_be_counted(length):
    """Counted on the values (package.py), which refuse one longer than a cell may hold, at its cell."""
    assert written_characters(sheet(row(1, inline("A1", "short")) + row(2, inline("A2", "x" * length))), 100) is None
