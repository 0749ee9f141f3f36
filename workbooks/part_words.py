"""A part of an .xlsx archive as a bidder would name it, for the refusals of a damaged or tampered file.

An .xlsx is a zip archive of parts (ECMA-376 Part 2, Open Packaging Conventions) whose names, such as
xl/worksheets/sheet5.xml, mean nothing to the person who saved the file and are not the names of its sheets:
a refusal names the sheet at fault, once the list of sheets has been read, or else says what kind of part is, in
the reader's language.
"""
from __future__ import annotations

from workbooks.wording import N_
from workbooks.wording import say as _

# (how the lower-cased part name starts, or a tuple of such starts; what it is), the first match winning. These are
# the names Excel and LibreOffice give their parts; a file may name its parts otherwise, and such a part is "internal".
_KINDS = (
    ("[content_types].xml", N_("the list of the file's contents")),
    ("xl/workbook.xml", N_("the list of sheets")),
    ("xl/worksheets/", N_("one of the sheets")),
    ("xl/sharedstrings.xml", N_("the table of texts the cells share")),
    ("xl/styles.xml", N_("the table of cell formats")),
    ("xl/externallinks/", N_("a link to another file")),
    (("xl/drawings/", "xl/charts/"), N_("a drawing or chart")),
    (("xl/media/", "xl/embeddings/"), N_("an embedded image or file")),
    ("xl/theme/", N_("the colour theme")),
    ("docprops/", N_("the document's properties")),
)
_LINKS = N_("the links between the file's parts")  # every relationships part, wherever it lies (*.rels)
_OTHER = N_("an internal part of the file")


def part_words(name: str, sheet: str | None = None) -> str:
    """What the part named `name` is, as a noun phrase that can stand alone (in parentheses, say): the sheet's own
    name (its tab's) when the part is known to be that sheet."""
    if sheet is not None:
        return _("%(sheet)s sheet", sheet=sheet)
    lowered = name.lower()
    if lowered.endswith(".rels"):
        return _(_LINKS)
    return _(next((kind for start, kind in _KINDS if lowered.startswith(start)), _OTHER))
