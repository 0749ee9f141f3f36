"""What a bid document is, found from its bytes alone: the name and the type the browser sent are not trusted.

No library that sniffs types is a dependency, so a short table of signatures does it. Office files are zip
archives: only their table of contents is read (the archive's central directory, nothing is decompressed); an
archive with macros is refused. Nothing else of a document is ever parsed, rendered or opened on the server.
"""
from __future__ import annotations

import io
import zipfile

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from scoring.document_rules import FORMATS

PDF, PNG, JPEG, DOCX, XLSX, ODT = FORMATS  # the names a tender's document rules use (scoring/document_rules.py)
EXTENSIONS = {PDF: "pdf", PNG: "png", JPEG: "jpg", DOCX: "docx", XLSX: "xlsx", ODT: "odt"}
FORMAT_NAMES = {PDF: "PDF", PNG: "PNG", JPEG: "JPEG", DOCX: _l("Word (.docx)"), XLSX: _l("Excel (.xlsx)"),
                ODT: _l("OpenDocument text (.odt)")}

SIGNATURES = ((b"%PDF-", PDF), (b"\x89PNG\r\n\x1a\n", PNG), (b"\xff\xd8\xff", JPEG))
ZIP_SIGNATURE = b"PK\x03\x04"
# An OpenDocument file starts with an uncompressed "mimetype" entry whose bytes name its type (ODF 1.2 part 3,
# section 3.3): the entry name at offset 30, its content right after.
ODT_HEAD = b"mimetypeapplication/vnd.oasis.opendocument.text"
OOXML_PARTS = {DOCX: "word/document.xml", XLSX: "xl/workbook.xml"}  # ECMA-376 part 2: [Content_Types].xml first
MACRO_PARTS = ("vbaProject.bin", "Basic/", "Scripts/")


def file_format(data: bytes) -> str | None:
    """The format the bytes are (one of FORMATS), or None when they are none of them."""
    for signature, found in SIGNATURES:
        if data.startswith(signature):
            return found
    if data.startswith(ZIP_SIGNATURE):
        return _office_format(data)
    return None


def formats_text(formats: tuple[str, ...]) -> str:
    """The formats as people name them, in the reader's language: "PDF, PNG or Word (.docx)"."""
    names = [str(FORMAT_NAMES[found]) for found in formats]
    if len(names) == 1:
        return names[0]
    return _("%(formats)s or %(last)s", formats=", ".join(names[:-1]), last=names[-1])


def _office_format(data: bytes) -> str | None:
    try:
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    except (zipfile.BadZipFile, ValueError, EOFError, OSError):
        return None
    if any(part in name for name in names for part in MACRO_PARTS):
        return None
    if data[30:30 + len(ODT_HEAD)] == ODT_HEAD:
        return ODT
    if "[Content_Types].xml" in names:
        return next((found for found, part in OOXML_PARTS.items() if part in names), None)
    return None
