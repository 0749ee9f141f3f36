"""The fast way through a sheet's cells, for sheets written the way Excel, LibreOffice and openpyxl write them.

scan.py's streaming pass calls Python once per XML element: 2 million calls, several seconds, for 100,000
supply lines. Most uploads hold only plain cells: rows of cells, each with its reference first and at most
one value, in <v> or an inline <is><t>; no formulas, no rich text, nothing between the tags. Whether the
sheet's cells are all such cells, all inside the area, is one regular expression matched over the bytes by
RE2, whose automaton reads each byte once (two and a half times as fast as Python's re here). The characters
shared-string cells will hold (python-calamine copies the string into each) are counted here, before
python-calamine loads anything; texts written in the cells, bounded by the part's size, are measured on
python-calamine's values (package.py), which refuses a cell too long as the streaming pass would. Whenever
the sheet is anything else (a cell outside the area included), plain_cells answers None and scan.py takes
the streaming pass, which judges and names exactly. So nothing is accepted here that the streaming pass
would refuse.

The cells are not parsed by expat too: the pattern admits only well-formed content that cannot hold a markup
declaration. No "<!" (so no DOCTYPE, ENTITY, comment or CDATA) and no "<?" can match; "&" only as one of the
five predefined entities or a character reference to a character XML allows; no control character XML forbids,
no "]]>", only valid UTF-8; a cell's attributes are r, s and t, each once. Whatever else the sheet holds (its
prolog, where a document type declaration would be, and everything around <sheetData>) still goes through
defusedxml's expat in scan.py (docs/security.md, "Uploads").
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import cache

import re2

_OPEN, _CLOSE, _ROW_END = b"<sheetData>", b"</sheetData>", b"</row>"
_ENTITY = rb"&(?:lt|gt|amp|quot|apos|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});"


def _characters(excluded: bytes) -> bytes:
    """An attribute value or a text, none of `excluded` in it: no "<", an "&" only as a predefined entity or a
    character reference (checked after), no control character XML forbids (a carriage return would be turned into
    a line feed: the streaming pass)."""
    return rb"(?:[^<&\x00-\x08\x0b\x0c\x0e-\x1f" + excluded + rb"]|" + _ENTITY + rb")*"


_NAME = rb"(?:[A-Za-qs-z][\w:]*|r[\w:]+)"  # an attribute name other than r
_ATTRIBUTES = rb'(?: ' + _NAME + rb'="' + _characters(b'"\r') + rb'")*'  # a row's (r given before, once)
_CELL_ATTRIBUTES = rb'(?: s="[0-9]{1,9}")?(?: t="[A-Za-z]{1,9}")?'  # after r, each at most once
_TEXT = _characters(rb"\r")
_VALUE = rb"(?:<v>" + _TEXT + rb"</v>|<is><t(?: xml:space=\"preserve\")?>" + _TEXT + rb"</t></is>)?"
_RE2_OPTIONS = re2.Options()
_RE2_OPTIONS.encoding = re2.Options.Encoding.LATIN1  # bytes, each one character, as Python's re reads them
_RE2_OPTIONS.never_capture = True
_SHARED = re.compile(rb'<c r="[A-Z]{1,3}[0-9]{1,7}"(?: s="[0-9]{1,9}")? t="s"(?: [^>]*)?><v>([0-9]{1,9})</v></c>')
_REFERENCE = re.compile(rb"&#(x[0-9a-fA-F]+|[0-9]+);")
_NOT_CHARACTERS = (b"\xef\xbf\xbe", b"\xef\xbf\xbf")  # U+FFFE and U+FFFF in UTF-8: not XML characters
_ENCODING = re.compile(rb'^(?:\xef\xbb\xbf)?<\?xml[^>]*encoding=["\'](?!utf-8["\'])', re.IGNORECASE)


def plain_cells(xml: bytes, max_row: int, max_column: int, shared_lengths: Sequence[int],
                max_cell_characters: int) -> tuple[bytes, int] | None:
    """(the sheet without its cells, the characters its shared-string cells hold) when every cell is plain and
    inside (max_row, max_column) and no shared string is too long; None when the streaming pass must judge it.
    The cells are judged where they lie in `xml` (a 100,000-line sheet is 40 MB: no copy of them is made)."""
    opened, start, closed = _cells(xml)
    if opened < 0 or closed < start:
        return None
    head, tail = xml[:opened], xml[closed + len(_CLOSE):]
    if _ENCODING.match(head) or _OPEN in tail:
        return None
    rows = plain_rows(max_row, max_column)
    if rows is None or rows.fullmatch(xml, start, closed) is None or not _well_formed(xml, start, closed):
        return None
    if not any(shared_lengths):  # no shared string holds a character (openpyxl writes none): none to count
        return head + b"<sheetData/>" + tail, 0
    marked = xml.count(b' t="s"', start, closed)
    shared = _SHARED.findall(xml, start, closed) if marked else []
    if len(shared) != marked:
        return None
    strings = [(_shared_length(index, shared_lengths), count) for index, count in Counter(shared).items()]
    if max((length for length, _ in strings), default=0) > max_cell_characters:
        return None
    return head + b"<sheetData/>" + tail, sum(length * count for length, count in strings)


def written_characters(xml: bytes, max_cell_characters: int) -> int | None:
    """Of a sheet plain_cells admitted: at most how many characters the texts written in its cells hold (the bytes
    of the cells, as a character takes one byte or more), where none of them can hold more than a cell may; None
    where one might, and the texts are to be counted on the values read.

    No text in plain cells holds a "<". One longer than a cell may hold would cover one of the stretches of
    (max_cell_characters + 1) // 2 bytes counted from the first cell; when each of them holds a "<", none is that
    long (a few hundred memchr calls for a 40 MB sheet, where counting the values read takes 4 ms for 10,000
    lines)."""
    _, start, closed = _cells(xml)
    step = (max_cell_characters + 1) // 2
    if all(xml.find(b"<", at, at + step) >= 0 for at in range(start, closed, step)):
        return closed - start
    return None


def halved(xml: bytes) -> tuple[bytes, bytes] | None:
    """A sheet plain_cells admitted as two sheets, each with the head and tail around the cells: the rows up to the
    first row end past the middle, and the rows after it; None when no row ends past the middle. No text in a
    plain sheet's cells holds a "<", so every "</row>" among them ends a row."""
    _, start, closed = _cells(xml)
    cut = xml.find(_ROW_END, (start + closed) // 2, closed)
    if cut < 0:
        return None
    cut += len(_ROW_END)
    return xml[:cut] + xml[closed:], xml[:start] + xml[cut:]


def _cells(xml: bytes) -> tuple[int, int, int]:
    """Where <sheetData> opens, where its cells start, and where </sheetData> is: the last one, so that the cells
    plain_cells matches (which admits no other between) are all the sheet's."""
    opened = xml.find(_OPEN)
    return opened, opened + len(_OPEN), xml.rfind(_CLOSE)


@cache
def plain_rows(max_row: int, max_column: int) -> re2._Regexp | None:
    """Rows of plain cells, each inside (max_row, max_column); None for an area wider than the template's."""
    columns = _up_to_column(max_column)
    if columns is None:
        return None
    reference = columns + _up_to(max_row)
    cell = rb'<c r="' + reference + rb'"' + _CELL_ATTRIBUTES + rb"(?:/>|>" + _VALUE + rb"</c>)"
    row = rb'<row r="[1-9][0-9]{0,6}"' + _ATTRIBUTES + rb"(?:/>|>(?:" + cell + rb")*</row>)"
    return re2.compile(rb"(?:" + row + rb")*", _RE2_OPTIONS)


def _well_formed(xml: bytes, start: int, end: int) -> bool:
    """What the pattern leaves to check for the cells from start to end to be well-formed as expat judges them:
    no "]]>" in text, valid UTF-8 without U+FFFE or U+FFFF (the whole part checked: its other bytes, parsed by
    expat after, must be too), character references only to characters XML allows."""
    if xml.find(b"]", start, end) >= 0 and xml.find(b"]]>", start, end) >= 0:  # a one-byte search first: memchr
        return False
    if not xml.isascii():
        try:
            xml.decode("utf-8")
        except UnicodeDecodeError:
            return False
        if any(xml.find(character, start, end) >= 0 for character in _NOT_CHARACTERS):
            return False
    return (xml.find(b"&", start, end) < 0 or xml.find(b"&#", start, end) < 0  # a one-byte search first: memchr
            or all(map(_allowed, _REFERENCE.findall(xml, start, end))))


def _allowed(reference: bytes) -> bool:
    """A character reference's number names a character XML 1.0 allows (production [2], Char)."""
    code = int(reference[1:], 16) if reference.startswith(b"x") else int(reference)
    return (code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD
            or 0x10000 <= code <= 0x10FFFF)


def _up_to(number: int) -> bytes:
    """A pattern of the whole numbers 1 to number, written without leading zeros."""
    digits = str(number)
    options = [f"[1-9][0-9]{{0,{len(digits) - 2}}}"] if len(digits) > 1 else []
    for index, digit in enumerate(digits):
        low = "1" if index == 0 else "0"
        if digit > low:
            options.append(f"{digits[:index]}[{low}-{int(digit) - 1}][0-9]{{{len(digits) - index - 1}}}")
    options.append(digits)
    return ("(?:" + "|".join(options) + ")").encode()


def _up_to_column(column: int) -> bytes | None:
    """A pattern of the column letters A to the column's (at most three letters); None for the widths between 27
    and the whole sheet's, which do not occur."""
    if column >= 16_384:
        return rb"(?:[A-Z]{1,2}|[A-W][A-Z]{2}|X[A-E][A-Z]|XF[A-D])"
    if column <= 26:
        return b"[A-%c]" % (ord("A") + column - 1)
    return None


def _shared_length(index: bytes, lengths: Sequence[int]) -> int:
    number = int(index)
    return lengths[number] if number < len(lengths) else 0
