"""A streaming pass over a sheet's XML (defusedxml's hardened expat) before python-calamine loads it.

python-calamine trusts a sheet's extent: one value at XFD1048576 makes it allocate every cell
in between and kills the process. This pass refuses values outside the template's area, stops
at the row cap, and lists the formula cells: python-calamine reads a formula saved without a
value as a blank, so the reader tells those apart from real blanks.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from defusedxml.ElementTree import DefusedXMLParser
from openpyxl.utils import get_column_letter

from app.workbooks.layout import cell

_MAX_EXCEL_COLUMN = 16_384
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
# ElementTree's handlers, removed so expat calls only ours; defusedxml's DTD, entity and external-reference
# handlers stay installed and raise DTDForbidden, EntitiesForbidden or ExternalReferenceForbidden.
_TREE_HANDLERS = ("StartElementHandler", "EndElementHandler", "CharacterDataHandler", "DefaultHandlerExpand",
                  "StartNamespaceDeclHandler", "EndNamespaceDeclHandler", "CommentHandler",
                  "ProcessingInstructionHandler")


def hardened_expat():
    """An expat parser set up by defusedxml (no DTD, no entities, no external references) without tree building."""
    parser = DefusedXMLParser(forbid_dtd=True).parser
    for handler in _TREE_HANDLERS:
        setattr(parser, handler, None)
    return parser


@dataclass(frozen=True)
class Area:
    """The cells of a sheet that may hold values, and what to say about a value beyond the last row."""

    max_row: int
    max_column: int
    too_many_rows: str


@dataclass
class SheetScan:
    """What the pass found: the places of formula cells ("Supply chain!D14")."""

    formulas: set[str] = field(default_factory=set)


class OutsideArea(ValueError):
    """A value outside the area: the place and the message for the bidder."""

    def __init__(self, place: str, message: str):
        super().__init__(message)
        self.place = place


def scan_sheet(xml: bytes, sheet: str, area: Area) -> SheetScan:
    """Checks every cell holding a value or formula against the area; raises OutsideArea at the first outside.

    Start-element callbacks only (this runs once per element of a 10,000-row sheet, so it is written for
    speed): a cell is judged when the next cell or row starts, or at the end. A <v>, even empty, counts
    as a value, since python-calamine may place an empty string there. Malformed XML (ExpatError,
    ValueError) and defusedxml's refusals propagate to the reader's edge.
    """
    found = SheetScan()
    local_names: dict[str, str] = {}
    columns: dict[str, int] = {}
    row = column = 0
    row_text = ""  # the current <row>'s r attribute: a cell reference repeating it needs no parsing
    cell_at: tuple[int, int] | None = None
    has_value = has_formula = False

    def close_cell() -> None:
        nonlocal cell_at, has_value, has_formula
        if cell_at is not None and (has_value or has_formula):
            if cell_at[0] > area.max_row or cell_at[1] > area.max_column:
                _refuse_outside(sheet, *cell_at, area)
            if has_formula:
                found.formulas.add(cell(sheet, get_column_letter(cell_at[1]), cell_at[0]))
        cell_at = None
        has_value = has_formula = False

    def start(name: str, attributes: list[str]) -> None:
        nonlocal row, row_text, column, cell_at, has_value, has_formula
        local = local_names.get(name)
        if local is None:
            local = local_names[name] = name[name.rfind("}") + 1:]
        if local == "c":
            if cell_at is not None:
                close_cell()
            ref = attributes[1] if attributes and attributes[0] == "r" else _attribute(attributes, "r")
            column += 1
            if ref is not None:
                digits = ref.lstrip(_LETTERS)
                letters = ref[:len(ref) - len(digits)]
                column = columns.get(letters) or columns.setdefault(letters, _column_number(letters, ref))
                if digits != row_text:
                    row, row_text = _row_number(digits), digits
            cell_at = (row, column)
        elif local == "v" or local == "is":
            has_value = True
        elif local == "f":
            has_formula = True
        elif local == "row":
            close_cell()
            row_text = _attribute(attributes, "r") or ""
            row = _row_number(row_text) if row_text else row + 1
            column = 0

    parser = hardened_expat()
    parser.StartElementHandler = start
    parser.Parse(xml, True)
    close_cell()
    return found


def _attribute(attributes: list[str], key: str) -> str | None:
    """An attribute's value from expat's ordered [name, value, ...] list."""
    for index in range(0, len(attributes), 2):
        if attributes[index] == key:
            return attributes[index + 1]
    return None


def _row_number(text: str) -> int:
    """A row number (1 to 7 digits, not 0)."""
    if not 0 < len(text) <= 7 or not text.isascii() or not text.isdigit() or text[0] == "0":
        raise ValueError(f"invalid row number {text[:20]!r}")
    return int(text)


def _column_number(letters: str, ref: str) -> int:
    """The 1-based column of column letters ("D" -> 4)."""
    if not 0 < len(letters) <= 3:
        raise ValueError(f"invalid cell reference {ref[:20]!r}")
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - ord("A") + 1
    return index


def _refuse_outside(sheet: str, row: int, column: int, area: Area) -> None:
    """Raises OutsideArea for a value beyond the last row or column the template uses."""
    place = cell(sheet, get_column_letter(min(column, _MAX_EXCEL_COLUMN)), row)
    if row > area.max_row:
        raise OutsideArea(place, area.too_many_rows)
    if column > area.max_column:
        raise OutsideArea(place, f"this cell is outside the template's columns (A to "
                                 f"{get_column_letter(area.max_column)}): clear it, or download the current "
                                 "template and enter your bid in it")
