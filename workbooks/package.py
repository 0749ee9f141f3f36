"""The parts of a checked archive that the reader needs, each parsed with defusedxml first (a sheet of plain cells:
its prolog and all but its cells, which plain_cells.py admits only when well-formed), then their values.

Every part is inflated by safety.PartReader (counted, capped) and screened for active content first.
python-calamine only ever sees a new archive holding the vetted parts, written to a temporary file one
part at a time, so nothing it reads was unchecked and at most one sheet is held in memory at once (beside the
second half of a large sheet, which goes to an archive of its own with the package parts, shared strings and
styles, kept until then: sheet_values).
"""
from __future__ import annotations

import posixpath
import tempfile
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextvars import copy_context
from functools import partial
from io import BytesIO
from itertools import chain
from typing import IO, Any
from xml.etree.ElementTree import ParseError
from xml.parsers.expat import ExpatError

import python_calamine
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from scoring.problems import Problem
from workbooks import active_content
from workbooks.model import WorkbookRejected
from workbooks.part_words import part_words
from workbooks.plain_cells import halved
from workbooks.safety import SAVE_AS, WORKBOOK_PART, Limits, PartReader, damaged, declaration_refused, refuse
from workbooks.scan import Area, OutsideArea, SheetScan, hardened_expat, scan_sheet, too_long, whole_sheet
from workbooks.wording import say as _
from workbooks.wording import say_number

CONTENT_TYPES = "[Content_Types].xml"
PACKAGE_RELS = "_rels/.rels"
WORKBOOK_RELS = "xl/_rels/workbook.xml.rels"
_SHARED_STRINGS, _STYLES, _WORKSHEET = "/sharedStrings", "/styles", "/worksheet"  # relationship type endings
_HALVED_BYTES = 1024 * 1024  # a plain sheet's size from which it is parsed in halves (about 2,500 supply lines)


def sheet_values(archive: zipfile.ZipFile, areas: Mapping[str, Area], limits: Limits, halve: bool = True
                 ) -> tuple[dict[str, list[list[Any]]], dict[str, SheetScan]]:
    """Each wanted sheet's rows of raw values (from A1), and its scan; a missing sheet is simply absent.

    A plain sheet larger than _HALVED_BYTES is parsed in two halves at once (`halve`): python-calamine lets other
    threads run while it parses, so on two cores a 10,000-line sheet is parsed in 29 ms instead of 48. Should the
    halves' rows interleave (rows out of order, which no spreadsheet program writes), the sheets are read again
    whole."""
    reader = PartReader(archive, limits)
    names = archive.namelist()
    _screen(reader, names)
    parts = {name: _vetted(reader, name) for name in (CONTENT_TYPES, PACKAGE_RELS, WORKBOOK_PART, WORKBOOK_RELS)}
    _parsed(CONTENT_TYPES, active_content.refuse_macro_types, parts[CONTENT_TYPES])
    _parsed(WORKBOOK_PART, active_content.refuse_external_references, parts[WORKBOOK_PART])
    targets = _relationships(parts[WORKBOOK_RELS])
    all_sheets = list(_sheets(parts[WORKBOOK_PART]))
    if len(all_sheets) > limits.max_sheets:
        raise refuse(_("the workbook has %(sheets)s sheets; at most %(maximum)s are accepted (the template has "
                       "seven): %(fix)s", sheets=say_number(len(all_sheets)), maximum=say_number(limits.max_sheets),
                       fix=_(SAVE_AS)))
    sheets = [(name, rid) for name, rid in all_sheets if name in areas]
    twice = sorted(name for name, count in Counter(name for name, _ in sheets).items() if count > 1)
    if twice:
        raise refuse(_("the workbook has two sheets named %(sheet)s (a tampered file): %(fix)s", sheet=repr(twice[0]),
                       fix=_(SAVE_AS)))
    present = set(names)
    located = {targets[rid][1]: name for name, rid in all_sheets
               if rid in targets and targets[rid][0].endswith(_WORKSHEET) and targets[rid][1] in present}
    reader.sheets = {part: sheet for part, sheet in located.items() if sheet in areas}  # the template's: named
    # Nameless (unlinked at once), so a child killed mid-read leaves nothing behind; opened again through /proc.
    with tempfile.TemporaryFile(prefix="resbid-upload-") as file, \
            tempfile.TemporaryFile(prefix="resbid-upload-") as later_file:
        with _Vetted(file) as vetted:
            for name, data in parts.items():
                vetted.writestr(name, data)
            auxiliary, shared_lengths = _write_auxiliary(reader, targets.values(), present, vetted, limits)
            scans, later = {}, {}  # later: the second halves of halved sheets, by part
            for part, sheet in located.items():
                xml = reader.read(part, xml=True)
                scan = _parsed(part, lambda xml, sheet=sheet: scan_sheet(
                    xml, sheet, areas.get(sheet) or whole_sheet(), shared_lengths, limits.max_cell_characters), xml,
                               reader.sheets.get(part))
                if sheet in areas:
                    scans[sheet] = scan
                    halves = halved(xml) if halve and scan.plain and len(xml) > _HALVED_BYTES else None
                    if halves:
                        xml, later[part] = halves
                    vetted.writestr(part, xml)
        if later:
            with _Vetted(later_file) as rest:
                for name, data in {**parts, **auxiliary, **later}.items():
                    rest.writestr(name, data)
        _check_text(scans, limits)  # what python-calamine would copy, before it loads anything
        rows = _calamine_rows(_path(file), [sheet for sheet in areas if sheet in scans],
                              _path(later_file), [located[part] for part in later])
    if rows is None:
        return sheet_values(archive, areas, limits, halve=False)
    bounded = sum(scan.characters + (scan.written or 0) for scan in scans.values()) <= limits.max_text_characters
    for sheet, scan in scans.items():
        if scan.plain and (scan.written is None or not bounded):  # else within the limits whatever they hold
            scan.characters = _parsed("", partial(_text_characters, sheet=sheet, limit=limits.max_cell_characters),
                                      rows[sheet], sheet)
    _check_text(scans, limits)
    return rows, scans


def _path(file: IO[bytes]) -> str:
    """A nameless temporary file's path, once what was written to it is flushed."""
    file.flush()
    return f"/proc/self/fd/{file.fileno()}"


class _Vetted(zipfile.ZipFile):
    """The archive python-calamine reads: each vetted part once (a part named by two relationships is tampering)."""

    def __init__(self, file) -> None:
        super().__init__(file, "w", zipfile.ZIP_STORED)

    def writestr(self, name: str, data: bytes) -> None:  # type: ignore[override]
        if name in self.NameToInfo:
            raise refuse(_("a part of the file is named twice in the links between its parts (%(part)s; a tampered "
                           "file): %(fix)s", part=part_words(name), fix=_(SAVE_AS)))
        super().writestr(name, data)


def _screen(reader: PartReader, names: list[str]) -> None:
    """Active content in any part, whatever it is named: macro projects and embedded objects by their bytes,
    links to other files by their parts and by external relationships."""
    _parsed("", active_content.refuse_link_parts, names)
    for name in names:
        _parsed(name, lambda head, name=name: active_content.refuse_binary_object(name, head),
                reader.read(name, len(active_content.OLE_SIGNATURE)))
        if name.lower().endswith(".rels"):
            _parsed(name, active_content.refuse_external_relationships,
                    reader.read(name, cap=reader.limits.max_package_part_bytes, xml=True))


def _write_auxiliary(reader: PartReader, targets: Iterable[tuple[str, str]], present: set[str],
                     vetted: _Vetted, limits: Limits) -> tuple[dict[str, bytes], list[int]]:
    """Copies the shared strings and styles python-calamine reads, once counted; those parts, and the shared
    strings' lengths."""
    written: dict[str, bytes] = {}
    lengths: list[int] = []
    for kind, target in targets:
        if target not in present:
            continue
        if kind.endswith(_SHARED_STRINGS):
            data = reader.read(target, xml=True)
            lengths = _parsed(target, partial(_string_lengths, limits=limits), data)
        elif kind.endswith(_STYLES):
            data = reader.read(target, xml=True)
            _parsed(target, partial(_count_formats, limits=limits), data)
        else:
            continue
        vetted.writestr(target, data)
        written[target] = data
    return written, lengths


def _string_lengths(xml: bytes, limits: Limits) -> list[int]:
    """The length of each shared string (python-calamine copies a string into every cell naming it)."""
    lengths: list[int] = []

    def start(name: str, attributes: list[str]) -> None:
        if name.endswith("si") and name[name.rfind("}") + 1:] == "si":
            if lengths and lengths[-1] > limits.max_cell_characters:
                _too_long(len(lengths), lengths[-1], limits)
            if len(lengths) == limits.max_shared_strings:
                raise active_content.Refused(_(
                    "the workbook holds more than %(maximum)s different texts; a bid needs far fewer: %(fix)s",
                    maximum=say_number(limits.max_shared_strings), fix=_(SAVE_AS)))
            lengths.append(0)

    def text(data: str) -> None:
        if lengths:
            lengths[-1] += len(data)

    parser = hardened_expat()
    parser.StartElementHandler, parser.CharacterDataHandler = start, text
    parser.Parse(xml, True)
    if lengths and lengths[-1] > limits.max_cell_characters:
        _too_long(len(lengths), lengths[-1], limits)
    return lengths


def _too_long(number: int, length: int, limits: Limits) -> None:
    raise active_content.Refused(_(
        "text %(number)s of the texts the cells share is %(length)s characters long; a cell holds at most "
        "%(maximum)s: the file was not saved by Excel", number=say_number(number), length=say_number(length),
        maximum=say_number(limits.max_cell_characters)))


def _count_formats(xml: bytes, limits: Limits) -> None:
    """Refuses more cell formats (or number formats) than Excel allows."""
    counts = Counter()

    def start(name: str, attributes: list[str]) -> None:
        local = name[name.rfind("}") + 1:]
        if local == "xf" or local == "numFmt":
            counts[local] += 1
            if counts[local] > limits.max_cell_formats:
                raise active_content.Refused(_(
                    "the workbook defines more than %(maximum)s cell formats, more than Excel allows: %(fix)s",
                    maximum=say_number(limits.max_cell_formats), fix=_(SAVE_AS)))

    parser = hardened_expat()
    parser.StartElementHandler = start
    parser.Parse(xml, True)


def _check_text(scans: Mapping[str, SheetScan], limits: Limits) -> None:
    """Refuses read sheets whose cells hold more text than a bid can need (each cell gets its own copy)."""
    total = sum(scan.characters for scan in scans.values())
    if total > limits.max_text_characters:
        raise refuse(_("the cells of the workbook hold %(total)s characters of text; at most %(maximum)s are "
                       "accepted (a bid of %(lines)s lines needs less than half): shorten the supplier names and "
                       "evidence references", total=say_number(total), maximum=say_number(limits.max_text_characters),
                       lines=say_number(20_000)))


def _text_characters(rows: list[list[Any]], sheet: str, limit: int) -> int:
    """The characters of a plain sheet's texts, as python-calamine read them; refuses a cell longer than a cell
    may be (the first, as the streaming pass would)."""
    lengths = list(map(len, filter(str.__instancecheck__, chain.from_iterable(rows))))
    if max(lengths, default=0) > limit:
        row, column, value = next((row, column, value) for row, values in enumerate(rows, start=1)
                                  for column, value in enumerate(values, start=1)
                                  if value.__class__ is str and len(value) > limit)
        raise too_long(sheet, row, column, len(value), limit)
    return sum(lengths)


def _vetted(reader: PartReader, name: str) -> bytes:
    """A non-sheet part, read and parsed once with defusedxml so python-calamine never meets an entity."""
    data = reader.read(name, cap=reader.limits.max_package_part_bytes, xml=True)
    _parsed(name, _drain, data)
    return data


def _drain(xml: bytes) -> None:
    """Parses a whole part without keeping anything (defusedxml's refusals raise)."""
    hardened_expat().Parse(xml, True)


def _parsed(part: str, parse: Callable[[Any], Any], xml: Any, sheet: str | None = None) -> Any:
    """parse(xml), with XML attacks, damage and active content turned into a refusal naming the part as part_words
    does (by `sheet`, the template sheet's tab, when it is one)."""
    try:
        return parse(xml)
    except OutsideArea as error:
        raise WorkbookRejected([Problem(error.place, str(error))]) from error
    except active_content.Refused as error:
        raise refuse(str(error)) from error
    except DefusedXmlException as error:
        raise declaration_refused(part_words(part, sheet)) from error
    except (ParseError, ExpatError, ValueError, UnicodeDecodeError) as error:
        raise damaged(part_words(part, sheet)) from error


def _local(tag: str) -> str:
    """An element's name without its namespace."""
    return tag[tag.rfind("}") + 1:]


def _relationships(xml: bytes) -> dict[str, tuple[str, str]]:
    """Workbook relationships: id -> (type, part name inside the archive)."""
    found = {}
    for _event, element in iterparse(BytesIO(xml), forbid_dtd=True):
        if _local(element.tag) == "Relationship" and element.get("TargetMode") != "External":
            target = element.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
            found[element.get("Id", "")] = (element.get("Type", ""), posixpath.normpath(path))
    return found


def _sheets(xml: bytes) -> Iterable[tuple[str, str]]:
    """(sheet name, relationship id) from the workbook part, in workbook order."""
    for _event, element in iterparse(BytesIO(xml), forbid_dtd=True):
        if _local(element.tag) == "sheet":
            rid = next((value for key, value in element.attrib.items() if _local(key) == "id"), "")
            yield element.get("name", ""), rid


def _calamine_rows(path: str, sheets: list[str], later_path: str, halved_sheets: list[str]
                   ) -> dict[str, list[list[Any]]] | None:
    """The sheets' values through python-calamine, from the archive of the vetted parts only; the halved sheets'
    second halves from the archive at `later_path`, parsed in a thread meanwhile. None when a halved sheet's
    second half has values in rows its first half reaches."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        later = pool.submit(copy_context().run, _calamine_values, later_path, halved_sheets, _from_first_value
                            ) if halved_sheets else None
        rows = _calamine_values(path, sheets, _from_a1)
        for sheet, (first_row, values) in (later.result() if later else {}).items():
            kept = rows[sheet]
            if values and first_row < len(kept):
                return None
            kept += [[] for _ in range(first_row - len(kept))] + values
    return rows


def _calamine_values(path: str, sheets: list[str], values: Callable[[python_calamine.CalamineSheet], Any]
                     ) -> dict[str, Any]:
    """values(sheet) of each sheet; python-calamine's errors and panics turned into a refusal."""
    try:
        workbook = python_calamine.CalamineWorkbook.from_path(path)
        return {sheet: values(workbook.get_sheet_by_name(sheet)) for sheet in sheets}
    except python_calamine.CalamineError as error:
        raise _unreadable() from error
    except BaseException as error:  # a Rust panic surfaces as pyo3's PanicException, a BaseException
        if type(error).__name__ != "PanicException":
            raise
        raise _unreadable() from error


def _unreadable() -> WorkbookRejected:
    """python-calamine's refusal, without its words (a parser's, not the bidder's)."""
    return refuse(_("the workbook could not be read: %(fix)s", fix=_(SAVE_AS)))


def _from_a1(sheet: python_calamine.CalamineSheet) -> list[list[Any]]:
    return sheet.to_python(skip_empty_area=False)


def _from_first_value(sheet: python_calamine.CalamineSheet) -> tuple[int, list[list[Any]]]:
    """A second half's rows from its first value's on, from column A (the rows before are empty: 5,000 of them
    would take as long as a sixth of the half's parse), and that row's index."""
    start = sheet.start
    if start is None:
        return 0, []
    values = sheet.to_python(skip_empty_area=True)
    return start[0], [[""] * start[1] + row for row in values] if start[1] else values
