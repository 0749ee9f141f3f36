"""The parts of a checked archive that the reader needs, each parsed with defusedxml first, then their values.

python-calamine only ever sees a new archive holding those vetted parts, already inflated by
Python's zipfile (which stops at each part's declared size), so nothing it reads was unchecked.
"""
from __future__ import annotations

import posixpath
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from io import BytesIO
from typing import Any
from xml.etree.ElementTree import ParseError
from xml.parsers.expat import ExpatError

import python_calamine
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from app.workbooks.model import WorkbookRejected
from app.workbooks.safety import SAVE_AS, WORKBOOK_PART, ZIP_ERRORS, refuse
from app.workbooks.scan import Area, OutsideArea, SheetScan, hardened_expat, scan_sheet
from scoring.problems import Problem

CONTENT_TYPES = "[Content_Types].xml"
PACKAGE_RELS = "_rels/.rels"
WORKBOOK_RELS = "xl/_rels/workbook.xml.rels"
_AUXILIARY_TYPES = ("/sharedStrings", "/styles")  # relationship types python-calamine reads besides the sheets
_MACRO_TYPES = ("macroenabled", "vbaproject")


def sheet_values(archive: zipfile.ZipFile, areas: Mapping[str, Area]) -> tuple[dict[str, list[list[Any]]],
                                                                              dict[str, SheetScan]]:
    """Each wanted sheet's rows of raw values (from A1), and its scan; a missing sheet is simply absent."""
    parts = {name: _vetted(archive, name) for name in (CONTENT_TYPES, PACKAGE_RELS, WORKBOOK_PART, WORKBOOK_RELS)}
    _refuse_macro_types(parts[CONTENT_TYPES])
    targets = _relationships(parts[WORKBOOK_RELS])
    sheets = [(name, rid) for name, rid in _sheets(parts[WORKBOOK_PART]) if name in areas]
    twice = sorted(name for name, count in Counter(name for name, _ in sheets).items() if count > 1)
    if twice:
        raise refuse(f"the workbook has two sheets named {twice[0]!r} (a tampered file): {SAVE_AS}")
    located = {name: targets[rid][1] for name, rid in sheets if rid in targets}
    names = set(archive.namelist())
    for kind, target in targets.values():
        if kind.endswith(_AUXILIARY_TYPES) and target in names:
            parts[target] = _vetted(archive, target)
    scans = {}
    for sheet, part in located.items():
        if part not in names:
            continue
        parts[part] = _read(archive, part)
        scans[sheet] = _parsed(part, lambda xml, sheet=sheet: scan_sheet(xml, sheet, areas[sheet]), parts[part])
    return _calamine_rows(parts, [sheet for sheet in located if sheet in scans]), scans


def _read(archive: zipfile.ZipFile, name: str) -> bytes:
    """A part's bytes (at most its declared size: zipfile stops there); refusal naming the part if unreadable."""
    try:
        return archive.read(name)
    except KeyError as error:
        raise refuse(f"part {name} is missing: the file is not a complete Excel workbook; {SAVE_AS}") from error
    except ZIP_ERRORS as error:
        raise refuse(f"part {name} is damaged ({error}): {SAVE_AS}") from error


def _vetted(archive: zipfile.ZipFile, name: str) -> bytes:
    """A non-sheet part, read and parsed once with defusedxml so python-calamine never meets an entity."""
    data = _read(archive, name)
    _parsed(name, _drain, data)
    return data


def _drain(xml: bytes) -> None:
    """Parses a whole part without keeping anything (defusedxml's refusals raise)."""
    hardened_expat().Parse(xml, True)


def _parsed(part: str, parse: Callable[[bytes], Any], xml: bytes) -> Any:
    """parse(xml), with XML attacks and damage turned into a refusal that names the part."""
    try:
        return parse(xml)
    except OutsideArea as error:
        raise WorkbookRejected([Problem(error.place, str(error))]) from error
    except DefusedXmlException as error:
        raise refuse(f"part {part} contains an XML document type declaration or entities ({type(error).__name__}), "
                     f"which Excel never writes: the file was made or changed by another tool; {SAVE_AS}") from error
    except (ParseError, ExpatError, ValueError, UnicodeDecodeError) as error:
        raise refuse(f"part {part} is damaged (not well-formed XML: {error}): {SAVE_AS}") from error


def _refuse_macro_types(content_types: bytes) -> None:
    """A macro-enabled content type means an .xlsm renamed to .xlsx."""
    for _, element in iterparse(BytesIO(content_types), forbid_dtd=True):
        if any(marker in element.get("ContentType", "").lower() for marker in _MACRO_TYPES):
            raise refuse("the workbook is macro-enabled (.xlsm); macros are not accepted: save it as an Excel "
                         "Workbook (.xlsx) without macros and upload that file")


def _local(tag: str) -> str:
    """An element's name without its namespace."""
    return tag[tag.rfind("}") + 1:]


def _relationships(xml: bytes) -> dict[str, tuple[str, str]]:
    """Workbook relationships: id -> (type, part name inside the archive)."""
    found = {}
    for _, element in iterparse(BytesIO(xml), forbid_dtd=True):
        if _local(element.tag) == "Relationship" and element.get("TargetMode") != "External":
            target = element.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
            found[element.get("Id", "")] = (element.get("Type", ""), posixpath.normpath(path))
    return found


def _sheets(xml: bytes) -> Iterable[tuple[str, str]]:
    """(sheet name, relationship id) from the workbook part, in workbook order."""
    for _, element in iterparse(BytesIO(xml), forbid_dtd=True):
        if _local(element.tag) == "sheet":
            rid = next((value for key, value in element.attrib.items() if _local(key) == "id"), "")
            yield element.get("name", ""), rid


def _calamine_rows(parts: Mapping[str, bytes], sheets: list[str]) -> dict[str, list[list[Any]]]:
    """The sheets' values through python-calamine, from an archive of the vetted parts only."""
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as vetted:
        for name, data in parts.items():
            vetted.writestr(name, data)
    buffer.seek(0)
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(buffer)
        return {sheet: workbook.get_sheet_by_name(sheet).to_python(skip_empty_area=False) for sheet in sheets}
    except python_calamine.CalamineError as error:
        raise refuse(f"the workbook could not be read ({type(error).__name__}: {error}): {SAVE_AS}") from error
    except BaseException as error:  # a Rust panic surfaces as pyo3's PanicException, a BaseException
        if type(error).__name__ != "PanicException":
            raise
        raise refuse(f"the workbook could not be read (damaged: {error}): {SAVE_AS}") from error
