"""Content that acts on its own when a workbook is opened: macros, links to other files, and formulas that fetch.

Refused whatever the part is called: a macro project is recognised by its content type or by its bytes
(an OLE compound file, which is how Office stores VBA projects and embedded objects), a link by the part
Excel keeps it in, by an external relationship or by the workbook's list of external references.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from io import BytesIO

from defusedxml.ElementTree import iterparse

from workbooks.part_words import part_words
from workbooks.wording import N_
from workbooks.wording import say as _

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Microsoft [MS-CFB] 2.2: the compound file header signature
_MACRO_TYPES = ("macroenabled", "vbaproject", "macrosheet", "activex")
_LINK_PARTS = ("xl/externallinks/", "xl/connections.xml", "xl/querytables/")  # lower case
_HYPERLINK = "/hyperlink"  # a clickable link in a cell (Excel makes one of a typed web address): nothing loads
_LINK_TYPES = ("/externallink", "/connections", "/querytable")  # relationship types, lower case, whatever the target
_MACRO_RELATIONSHIPS = ("/vbaproject",)
_NO_MACROS = N_("macros are not accepted: save it as an Excel Workbook (.xlsx) without macros and upload that file")
_NO_LINKS = N_("links to other files or data sources are not accepted: remove them (in Excel: Data > Edit Links > "
               "Break Link, and Data > Queries & Connections) and upload the file again")
# Functions that fetch data from the internet, ask another program for it, or call code (Excel's WEBSERVICE,
# FILTERXML, IMAGE, STOCKHISTORY, RTD; the Excel 4 macro functions CALL, REGISTER, REGISTER.ID and EXEC).
_FETCHING = re.compile(r"(?<![\w.])(?:_xlfn\.|_xlws\.)?(WEBSERVICE|FILTERXML|IMAGE|STOCKHISTORY|RTD|CALL|"
                       r"REGISTER\.ID|REGISTER|EXEC)\s*\(", re.IGNORECASE)
_LITERALS = re.compile(r'"(?:[^"]|"")*"|\'(?:[^\']|\'\')*\'')  # "text" and 'quoted sheet names'
_DDE = re.compile(r"[\w.]+\|")  # application|topic!item: a Dynamic Data Exchange call to another program


class Refused(ValueError):
    """Active content found: the message for the bidder."""


def _links_out() -> Refused:
    """The refusal of a link out of the workbook, however it was found (its kind and part are Excel's inner words)."""
    return Refused(_("the workbook links to another file or data source; %(fix)s", fix=_(_NO_LINKS)))


def refuse_macro_types(content_types: bytes) -> None:
    """A macro-enabled, macro or ActiveX content type (.xlsm renamed to .xlsx, or a part declared as macros)."""
    for _event, element in iterparse(BytesIO(content_types), forbid_dtd=True):
        if any(marker in element.get("ContentType", "").lower() for marker in _MACRO_TYPES):
            raise Refused(_("the workbook is macro-enabled (.xlsm) or holds macros; %(fix)s", fix=_(_NO_MACROS)))


def refuse_binary_object(name: str, head: bytes) -> None:
    """A part whose bytes are an OLE compound file: a VBA project or an embedded program object, whatever its name."""
    if head.startswith(OLE_SIGNATURE):
        raise Refused(_("a part of the file is a macro project or an embedded object, not workbook data (%(part)s); "
                        "%(fix)s", part=part_words(name), fix=_(_NO_MACROS)))


def refuse_link_parts(names: Iterable[str]) -> None:
    """The parts Excel keeps links to other workbooks and data connections in."""
    if any(name.lower().startswith(_LINK_PARTS) for name in names):
        raise _links_out()


def refuse_external_relationships(rels: bytes) -> None:
    """A relationship to something outside the package that Excel would load (a cell's hyperlink is let be), to a
    link or data connection part, or to a macro project, whatever the part is called."""
    for _event, element in iterparse(BytesIO(rels), forbid_dtd=True):
        kind = element.get("Type", "").lower()
        if kind.endswith(_MACRO_RELATIONSHIPS):
            raise Refused(_("the workbook holds a macro project; %(fix)s", fix=_(_NO_MACROS)))
        if kind.endswith(_LINK_TYPES) or (element.get("TargetMode") == "External" and not kind.endswith(_HYPERLINK)):
            raise _links_out()


def refuse_external_references(workbook: bytes) -> None:
    """The workbook's list of the other workbooks its formulas refer to, and names defined by fetching formulas."""
    for _event, element in iterparse(BytesIO(workbook), forbid_dtd=True):
        local = element.tag[element.tag.rfind("}") + 1:]
        if local == "externalReferences":
            raise Refused(_("the workbook refers to other workbooks (external references); %(fix)s",
                            fix=_(_NO_LINKS)))
        reason = reaching_out(element.text or "") if local == "definedName" else None
        if reason:
            raise Refused(_("the defined name %(name)s %(reason)s; %(fix)s", name=repr(element.get("name", "")),
                            reason=reason, fix=_(_NO_LINKS)))


def reaching_out(formula: str) -> str | None:
    """Why a formula reaches outside the workbook ("calls WEBSERVICE, ..."), or None."""
    code = _LITERALS.sub('""', formula)
    call = _FETCHING.search(code)
    if call:
        return _("calls %(function)s, which fetches data from outside the workbook or runs a program",
                 function=call.group(1).upper())
    if _DDE.search(code):
        return _("asks another program for data (a DDE link)")
    return None
