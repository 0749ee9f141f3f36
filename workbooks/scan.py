"""A streaming pass over a sheet's XML (defusedxml's hardened expat) before python-calamine loads it.

python-calamine trusts a sheet's extent: one value at XFD1048576 makes it allocate every cell
in between and kills the process; and it copies a shared string into every cell that refers to it,
so one long string in 20,000 cells takes gigabytes. This pass refuses values outside the template's
area, stops at the row cap, and counts the characters each cell will hold. It also finds formulas:
a formula in a cell the reader takes a value from is refused (Excel recalculates it on opening, so its
saved value need not be what the bidder saw), and so is any formula that reaches outside the workbook.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from defusedxml.ElementTree import DefusedXMLParser

from workbooks.active_content import reaching_out
from workbooks.layout import cell
from workbooks.plain_cells import plain_cells, plain_rows, written_characters
from workbooks.wording import say as _
from workbooks.wording import say_number

_MAX_EXCEL_COLUMN = 16_384
_MAX_EXCEL_ROW = 1_048_576
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_LISTED_FORMULAS = 50  # formula cells named in one refusal; a bidder who has more sees them after fixing those
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
    """The cells of a sheet that may hold values, which of them the reader takes values from (row, column),
    and what to say about a value beyond the last row: written only when it is said (the first number written in
    a process loads Babel's locale data, a third of a 10,000-line workbook's reading time)."""

    max_row: int
    max_column: int
    too_many_rows: Callable[[], str]
    read: Callable[[int, int], bool] = lambda row, column: False


def whole_sheet() -> Area:
    """The area of a sheet the reader does not read: all of an Excel sheet (its refusal in the reader's language)."""
    return Area(_MAX_EXCEL_ROW, _MAX_EXCEL_COLUMN, _below_excel)


def _below_excel() -> str:
    return _("this cell is below the last row of an Excel sheet (%(rows)s): the file was not saved by Excel",
             rows=say_number(_MAX_EXCEL_ROW))


_RULES = ("formula", "formula1", "formula2")  # conditional formats' and data validations' formulas


@dataclass
class SheetScan:
    """What the pass found: formula cells the reader would take a value from ("Price!B4" -> its formula),
    and the characters the sheet's cells hold; of a `plain` sheet (plain_cells.py), only those of its
    shared-string cells until its values are read. A plain sheet's `written` bounds the characters of the texts
    written in its cells where none of them can be longer than a cell may hold (None: they are counted on the
    values)."""

    read_formulas: dict[str, str] = field(default_factory=dict)
    characters: int = 0
    plain: bool = False
    written: int | None = None


class OutsideArea(ValueError):
    """A cell the upload is refused for: the place and the message for the bidder."""

    def __init__(self, place: str, message: str):
        super().__init__(message)
        self.place = place


def prepare_scan(area: Area) -> None:
    """Compiles, and keeps, the pattern scan_sheet matches a sheet of this area against (2 ms each)."""
    plain_rows(area.max_row, area.max_column)


def scan_sheet(xml: bytes, sheet: str, area: Area, shared_lengths: Sequence[int] = (),
               max_cell_characters: int = 32_767) -> SheetScan:
    """Checks every cell holding a value or formula against the area; raises OutsideArea at the first outside.

    Malformed XML (ExpatError, ValueError) and defusedxml's refusals propagate to the reader's edge.
    """
    plain = plain_cells(xml, area.max_row, area.max_column, shared_lengths, max_cell_characters)
    if plain is None:
        return _streamed(xml, sheet, area, shared_lengths, max_cell_characters)
    rest, characters = plain  # the cells matched plain_cells' pattern: well-formed, no markup declaration
    # the prolog (where a document type declaration would be), the rules, and cells outside sheetData
    found = _streamed(rest, sheet, area, shared_lengths, max_cell_characters)
    found.characters += characters
    found.plain = True
    found.written = written_characters(xml, max_cell_characters)
    return found


def _streamed(xml: bytes, sheet: str, area: Area, shared_lengths: Sequence[int], max_cell_characters: int
              ) -> SheetScan:
    """The streaming pass: every element through _Scanner."""
    scanner = _Scanner(sheet, area, shared_lengths, max_cell_characters)
    parser = hardened_expat()
    parser.StartElementHandler = scanner.start
    parser.CharacterDataHandler = scanner.text
    parser.Parse(xml, True)
    return scanner.finish()


class _Scanner:
    """Where the pass stands in the sheet and what the current cell holds.

    Start-element and text callbacks only (they run once per element of a 10,000-row sheet, so they are written
    for speed): a cell is judged when the next cell or row starts, or at the end. A <v>, even empty, counts
    as a value, since python-calamine may place an empty string there. A shared-string cell holds the length
    of the string its <v> names.
    """

    __slots__ = ("sheet", "area", "shared_lengths", "max_cell_characters", "found", "local_names", "columns", "row",
                 "column", "row_text", "cell_at", "has_value", "has_formula", "shared", "inside", "characters",
                 "index", "formula", "rule")

    def __init__(self, sheet: str, area: Area, shared_lengths: Sequence[int], max_cell_characters: int) -> None:
        self.sheet, self.area = sheet, area
        self.shared_lengths, self.max_cell_characters = shared_lengths, max_cell_characters
        self.found = SheetScan()
        self.local_names: dict[str, str] = {}
        self.columns: dict[str, int] = {}
        self.row = self.column = 0
        self.row_text = ""  # the current <row>'s r attribute: a cell reference repeating it needs no parsing
        self.cell_at: tuple[int, int] | None = None
        self.has_value = self.has_formula = self.shared = False
        self.inside = ""  # the element whose text comes next: "v", "t", "f" or a rule's formula
        self.characters = 0  # the cell's text length
        self.index: list[str] = []  # a shared-string cell's index, as text
        self.formula: list[str] = []
        self.rule: list[str] = []  # the text of a conditional format's or data validation's formula

    def start(self, name: str, attributes: list[str]) -> None:
        local = self.local_names.get(name)
        if local is None:
            local = self.local_names[name] = name[name.rfind("}") + 1:]
        self.inside = local
        if self.rule:
            _check_rule(self.sheet, "".join(self.rule))
            self.rule.clear()
        if local == "c":
            self._start_cell(attributes)
        elif local == "v" or local == "is":
            self.has_value = True
        elif local == "f":
            self.has_formula = True
        elif local == "row":
            self._close_cell()
            self.row_text = _attribute(attributes, "r") or ""
            self.row = _row_number(self.row_text) if self.row_text else self.row + 1
            self.column = 0

    def text(self, data: str) -> None:
        inside = self.inside
        if inside in _RULES:
            self.rule.append(data)
        if self.cell_at is None:
            return
        if inside == "f":
            self.formula.append(data)
        elif inside == "v" and self.shared:
            self.index.append(data)
        elif inside == "v" or inside == "t":
            self.characters += len(data)

    def finish(self) -> SheetScan:
        """The last cell and rule judged, what the pass found."""
        self._close_cell()
        _check_rule(self.sheet, "".join(self.rule))
        return self.found

    def _start_cell(self, attributes: list[str]) -> None:
        """Moves to the cell a <c> names (the next column when it names none)."""
        if self.cell_at is not None:
            self._close_cell()
        ref = attributes[1] if attributes and attributes[0] == "r" else _attribute(attributes, "r")
        self.shared = _attribute(attributes, "t") == "s"
        self.column += 1
        if ref is not None:
            digits = ref.lstrip(_LETTERS)
            letters = ref[:len(ref) - len(digits)]
            self.column = self.columns.get(letters) or self.columns.setdefault(letters, _column_number(letters, ref))
            if digits != self.row_text:
                self.row, self.row_text = _row_number(digits), digits
        self.cell_at = (self.row, self.column)

    def _close_cell(self) -> None:
        """Judges the cell just read: its place, its length and its formula."""
        at = self.cell_at
        if at is not None and (self.has_value or self.has_formula):
            if at[0] > self.area.max_row or at[1] > self.area.max_column:
                _refuse_outside(self.sheet, *at, self.area)
            if self.shared:
                self.characters = _shared_length("".join(self.index), self.shared_lengths)
            if self.characters > self.max_cell_characters:
                raise too_long(self.sheet, *at, self.characters, self.max_cell_characters)
            self.found.characters += self.characters
            if self.has_formula:
                _check_formula(self.sheet, at, "".join(self.formula), self.area, self.found)
        self.index.clear()
        self.formula.clear()
        self.cell_at = None
        self.has_value = self.has_formula = self.shared = False
        self.characters = 0


def _shared_length(index: str, lengths: Sequence[int]) -> int:
    """The length of the shared string a cell names (0 for an index python-calamine cannot resolve either)."""
    text = index.strip()
    return lengths[int(text)] if text.isdigit() and int(text) < len(lengths) else 0


def _check_formula(sheet: str, at: tuple[int, int], formula: str, area: Area, found: SheetScan) -> None:
    """Refuses a formula that fetches or sends data; notes one in a cell the reader takes a value from."""
    reason = reaching_out(formula)
    if reason:
        raise OutsideArea(_place(sheet, *at), _("this cell's formula %(reason)s; formulas that reach outside the "
                                                "workbook are not accepted: delete it and upload the file again",
                                                reason=reason))
    if area.read(*at) and len(found.read_formulas) < _LISTED_FORMULAS:
        found.read_formulas[_place(sheet, *at)] = formula


def too_long(sheet: str, row: int, column: int, characters: int, max_cell_characters: int) -> OutsideArea:
    """The refusal of a cell holding more characters than an Excel cell can."""
    return OutsideArea(_place(sheet, row, column), _(
        "this cell holds %(characters)s characters; a cell holds at most %(maximum)s: the file was not saved by Excel",
        characters=say_number(characters), maximum=say_number(max_cell_characters)))


def _check_rule(sheet: str, formula: str) -> None:
    """Refuses a conditional format or data validation whose formula fetches or sends data (Excel evaluates them
    as it shows the sheet)."""
    reason = reaching_out(formula)
    if reason:
        raise OutsideArea(sheet, _("a conditional format or data validation on this sheet has a formula that "
                                   "%(reason)s; formulas that reach outside the workbook are not accepted: delete it "
                                   "and upload the file again", reason=reason))


def _place(sheet: str, row: int, column: int) -> str:
    return cell(sheet, column_letter(min(column, _MAX_EXCEL_COLUMN)), row)


def column_letter(column: int) -> str:
    """The letters of a 1-based column (4 -> "D"), like openpyxl's get_column_letter, which reading does not load."""
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = _LETTERS[rest] + letters
    return letters


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
    place = _place(sheet, row, column)
    if row > area.max_row:
        raise OutsideArea(place, area.too_many_rows())
    if column > area.max_column:
        raise OutsideArea(place, _("this cell is outside the template's columns (A to %(last)s): clear it, or "
                                   "download the current template and enter your bid in it",
                                   last=column_letter(area.max_column)))
