"""Checks on an upload's bytes and zip structure before any part is parsed, and the bounded reading of parts.

Refused: oversize files, anything that is not an .xlsx (renamed programs, PDFs, Word files, text,
empty or truncated files), macro workbooks, encrypted parts, and zip bombs, judged from
ZipFile.infolist() (declared sizes, compression ratio, entry count) before anything is inflated, and
again while inflating (MITRE CWE-409, improper handling of highly compressed data): the declared sizes
may lie, and Python's zipfile inflates a part up to 2 GiB before it compares the result with the declared
size, so parts are inflated in chunks and counted.
"""
from __future__ import annotations

import re
import struct
import zipfile
import zlib
from copy import copy
from dataclasses import dataclass
from io import BytesIO

from scoring.problems import Problem
from workbooks.model import WorkbookRejected
from workbooks.part_words import part_words
from workbooks.wording import N_, say_number
from workbooks.wording import say as _

PLACE = "workbook"
WORKBOOK_PART = "xl/workbook.xml"
_MB = 1024 * 1024
_SIGNATURES = (  # leading bytes of files people upload by mistake, and what they are
    (b"MZ", N_("a Windows program (.exe)")),
    (b"%PDF", N_("a PDF document")),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", N_("an old Excel 97-2003 (.xls) or a password-protected file")),
    (b"{\\rtf", N_("an RTF document")),
    (b"\x1f\x8b", N_("a gzip archive")),
    (b"Rar!", N_("a RAR archive")),
    (b"7z\xbc\xaf", N_("a 7-Zip archive")),
)
_OTHER_PACKAGES = (  # a part only these zip formats have, and what the file is
    ("word/document.xml", N_("a Word document (.docx)")),
    ("ppt/presentation.xml", N_("a PowerPoint presentation (.pptx)")),
    ("content.xml", N_("an OpenDocument file (.ods or .odt)")),
    ("xl/workbook.bin", N_("a binary Excel workbook (.xlsb)")),
)
_MACRO_PARTS = ("vbaproject.bin", "xl/macrosheets/", "xl/vbaproject")
SAVE_AS = N_("save it in Excel or LibreOffice as an Excel Workbook (.xlsx) and upload that file")
# What zipfile and zlib raise on damaged archives (found by fuzzing: NotImplementedError for an unknown
# zip version, struct.error for short records, among others).
ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, struct.error, OSError, ValueError, EOFError,
              KeyError, IndexError, UnicodeDecodeError, NotImplementedError, RuntimeError, TypeError)


@dataclass(frozen=True)
class Limits:
    """How much an upload may weigh and expand to; the defaults fit 20,000 supply-chain lines with room to spare."""

    max_bytes: int = 10 * _MB
    max_uncompressed_bytes: int = 100 * _MB
    max_entries: int = 500
    max_ratio: float = 200.0  # per part, for parts above ratio_floor_bytes (real sheets stay far below it)
    ratio_floor_bytes: int = 1 * _MB
    max_supply_lines: int = 20_000
    max_part_bytes: int = 40 * _MB  # one part, as inflated (a 20,000-line sheet written by openpyxl is ~15 MB)
    max_package_part_bytes: int = 4 * _MB  # content types, relationships and the workbook part (a few KB in Excel's)
    # Microsoft, "Excel specifications and limits": a cell holds at most 32,767 characters and a workbook at
    # most 65,490 unique cell formats.
    max_cell_characters: int = 32_767
    max_cell_formats: int = 65_490
    max_shared_strings: int = 200_000  # unique texts; 20,000 lines need at most ~40,000
    max_text_characters: int = 16_000_000  # text held by the read cells, shared strings counted once per cell
    max_sheets: int = 250


DEFAULT_LIMITS = Limits()
_CHUNK = 64 * 1024
_DECLARATIONS = (b"<!doctype", b"<!entity")  # as lowered, with zero bytes dropped (UTF-16 and UTF-32 text)
_CARRY = 40  # bytes of a chunk judged again with the next: "<!ENTITY" in UTF-32 is 32 bytes
_ENCODINGS = ("utf-8", "utf-16")  # ECMA-376 Part 2 (Open Packaging Conventions): XML parts use no other
_DECLARED = re.compile(rb"^(?:\xef\xbb\xbf|\xff\xfe|\xfe\xff)?<\?xml[^>]*?encoding\s*=\s*[\"']([^\"']*)")


class PartReader:
    """Inflates parts in chunks, counting the bytes, whatever their zip headers declare: a part beyond
    max_part_bytes, or all parts read beyond max_uncompressed_bytes, is refused before it is held in memory."""

    def __init__(self, archive: zipfile.ZipFile, limits: Limits):
        self.archive, self.limits, self.total = archive, limits, 0
        self.sheets: dict[str, str] = {}  # the template's sheets' names by their parts, once the list has been read

    def words(self, name: str) -> str:
        """The part named `name` as its refusals name it."""
        return part_words(name, self.sheets.get(name))

    def read(self, name: str, length: int | None = None, cap: int | None = None, xml: bool = False) -> bytes:
        """The part's bytes (only the first `length` of them when given), at most `cap` (max_part_bytes) of them;
        refusals say what kind of part it is. An `xml` part is refused, as it is inflated, for a declared encoding
        other than UTF-8 and UTF-16 or for a document type or entity declaration anywhere in it, in any case."""
        try:
            entry = copy(self.archive.getinfo(name))
        except KeyError as error:
            raise refuse(_("a part of the file is missing (%(part)s): the file is not a complete Excel workbook; "
                           "%(fix)s", part=self.words(name), fix=_(SAVE_AS))) from error
        declared, cap = entry.file_size, cap or self.limits.max_part_bytes
        # zipfile stops at the declared size (and checks the CRC there): let it run past the cap, which is judged here
        entry.file_size = cap + 2 * _CHUNK
        chunks, size, carry = [], 0, b""
        try:
            with self.archive.open(entry) as stream:
                while length is None or size < length:
                    chunk = stream.read(_CHUNK if length is None else min(_CHUNK, length - size))
                    if not chunk:
                        break
                    size += len(chunk)
                    self._count(name, size, len(chunk), cap)
                    if xml:
                        if not chunks:
                            self._check_encoding(name, chunk)
                        if b"!" in chunk or b"!" in carry:  # memchr; a "<!" split across chunks is in carry
                            self._check_declarations(name, carry + chunk)
                        carry = (carry + chunk[-_CARRY:])[-_CARRY:]
                    chunks.append(chunk)
        except ZIP_ERRORS as error:
            raise damaged(self.words(name)) from error
        if length is None and size != declared:
            raise refuse(_("a part of the file holds %(size)s bytes but the file declares %(declared)s (%(part)s; a "
                           "tampered file or a zip bomb): %(fix)s", part=self.words(name), size=say_number(size),
                           declared=say_number(declared), fix=_(SAVE_AS)))
        return b"".join(chunks)

    def _count(self, name: str, size: int, added: int, cap: int) -> None:
        if size > cap:
            raise refuse(_("a part of the file expands to more than %(limit)s MB when unpacked (%(part)s; a zip bomb "
                           "or a far too large workbook)", part=self.words(name), limit=say_number(cap / _MB, 6)))
        self.total += added
        if self.total > self.limits.max_uncompressed_bytes:
            raise refuse(_("the workbook expands to more than %(limit)s MB when unpacked (a zip bomb or a far too "
                           "large workbook)", limit=say_number(self.limits.max_uncompressed_bytes / _MB, 6)))

    def _check_encoding(self, name: str, head: bytes) -> None:
        """Refuses an XML part whose declaration names an encoding other than UTF-8 or UTF-16, in which the scan of
        _check_declarations could not see a declaration (EBCDIC, UTF-7)."""
        found = _DECLARED.match(head[:400].replace(b"\x00", b""))
        if found and found.group(1).decode("latin-1").strip().lower() not in _ENCODINGS:
            encoding = found.group(1).decode("latin-1")[:20]
            raise refuse(_("a part of the file declares the text encoding %(encoding)s (%(part)s); Excel writes UTF-8 "
                           "only: %(fix)s", part=self.words(name), encoding=repr(encoding), fix=_(SAVE_AS)))

    def _check_declarations(self, name: str, window: bytes) -> None:
        """Refuses a document type or entity declaration (XML external entities, entity expansion): Excel never
        writes one, python-calamine would not expand it, and defusedxml refuses it where a part is parsed."""
        text = window.replace(b"\x00", b"").lower()
        if any(declaration in text for declaration in _DECLARATIONS):
            raise declaration_refused(self.words(name))


def declaration_refused(part: str) -> WorkbookRejected:
    """The refusal of a part (as part_words names it) holding a document type or entity declaration."""
    return refuse(_("a part of the file contains an XML document type declaration or entities (%(part)s), which "
                    "Excel never writes: the file was made or changed by another tool; %(fix)s", part=part,
                    fix=_(SAVE_AS)))


def damaged(part: str) -> WorkbookRejected:
    """The refusal of a part (as part_words names it) that cannot be inflated or parsed: what the parser said would
    mean nothing to the bidder, who can only save the file again."""
    return refuse(_("a part of the file is damaged (%(part)s): %(fix)s", part=part, fix=_(SAVE_AS)))


def refuse(message: str, place: str = PLACE) -> WorkbookRejected:
    """A rejection with a single problem."""
    return WorkbookRejected([Problem(place, message)])


def open_archive(data: bytes, limits: Limits) -> zipfile.ZipFile:
    """The upload as a zip archive of an .xlsx that is safe to inflate; WorkbookRejected saying what it is otherwise."""
    if not isinstance(data, (bytes, bytearray)):
        raise refuse(_("no file content was received: upload the workbook again"))
    if not data:
        raise refuse(_("the file is empty: %(fix)s", fix=_(SAVE_AS)))
    if len(data) > limits.max_bytes:
        raise refuse(_("the file is %(size)s MB; the limit is %(limit)s MB (remove images and unused sheets, or "
                       "contact the contracting authority)", size=say_number(len(data) / _MB, 1, shown=1),
                       limit=say_number(limits.max_bytes / _MB, 6)))
    if not data.startswith(b"PK\x03\x04"):
        raise refuse(_("this is %(kind)s, not an Excel workbook (.xlsx): %(fix)s", kind=_(_kind_of(bytes(data[:16]))),
                       fix=_(SAVE_AS)))
    try:
        archive = zipfile.ZipFile(BytesIO(data))
        entries = archive.infolist()
    except ZIP_ERRORS as error:
        raise refuse(_("the file is damaged or incomplete (not a readable .xlsx archive): %(fix)s",
                       fix=_(SAVE_AS))) from error
    _check_entries(entries, limits)
    _check_kind({entry.filename for entry in entries})
    return archive


def _kind_of(head: bytes) -> str:
    """What a non-zip upload most likely is."""
    for signature, kind in _SIGNATURES:
        if head.startswith(signature):
            return kind
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return N_("not a zip archive")
    return N_("a plain text file (perhaps CSV)")


def _check_entries(entries: list[zipfile.ZipInfo], limits: Limits) -> None:
    """Zip-bomb and tampering checks on the declared sizes, before anything is inflated."""
    if len(entries) > limits.max_entries:
        raise refuse(_("the archive holds %(parts)s parts; an Excel workbook has far fewer (limit %(limit)s): %(fix)s",
                       parts=say_number(len(entries)), limit=say_number(limits.max_entries), fix=_(SAVE_AS)))
    names = [entry.filename for entry in entries]
    if len(set(names)) != len(names):
        raise refuse(_("the archive holds two parts with the same name (a tampered file): %(fix)s", fix=_(SAVE_AS)))
    total = sum(entry.file_size for entry in entries)
    if total > limits.max_uncompressed_bytes:
        raise refuse(_("the workbook expands to %(size)s MB when unpacked; the limit is %(limit)s MB (a zip bomb or a "
                       "far too large workbook)", size=say_number(total / _MB),
                       limit=say_number(limits.max_uncompressed_bytes / _MB, 6)))
    for entry in entries:
        if entry.flag_bits & 0x1:
            raise refuse(_("a part of the file is encrypted (%(part)s): remove the password and %(fix)s",
                           part=part_words(entry.filename), fix=_(SAVE_AS)))
        if entry.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise refuse(_("a part of the file uses a compression method Excel does not write (%(part)s): %(fix)s",
                           part=part_words(entry.filename), fix=_(SAVE_AS)))
        ratio = entry.file_size / max(entry.compress_size, 1)
        if entry.file_size > limits.ratio_floor_bytes and ratio > limits.max_ratio:
            raise refuse(_("a part of the file expands %(ratio)s times (%(part)s; limit %(limit)s): the file looks "
                           "like a zip bomb", part=part_words(entry.filename), ratio=say_number(ratio),
                           limit=say_number(limits.max_ratio, 6)))


def _check_kind(names: set[str]) -> None:
    """An .xlsx without macros: other Office and OpenDocument files, .xlsb and .xlsm are named and refused."""
    lowered = {name.lower() for name in names}
    if any(part in name for name in lowered for part in _MACRO_PARTS):
        raise refuse(_("the workbook contains macros (.xlsm); macros are not accepted: save it as an Excel "
                       "Workbook (.xlsx) without macros and upload that file"))
    if WORKBOOK_PART not in names:
        kind = next((kind for part, kind in _OTHER_PACKAGES if part in lowered),
                    N_("a zip archive without a workbook"))
        raise refuse(_("this is %(kind)s, not an Excel workbook (.xlsx): %(fix)s", kind=_(kind), fix=_(SAVE_AS)))
