"""Where everything sits in the bidder workbook: the one place the writer and the reader take cell positions from.

Sheet names are identities, the same in every language (the reader, the data-validation formulas and the places
that problem messages and stored answers name use them); what a sheet shows (its title in A1, headers, labels)
is written in the workbook's language from the English messages marked N_ here (workbooks/wording.py)."""
from __future__ import annotations

from dataclasses import dataclass

from workbooks.wording import N_

# Bump when the layout changes: uploads made from an older template are then refused with a clear message.
TEMPLATE_VERSION = "resbid-workbook-1"
# The contract performance report: the same supply-chain sheet, its own version so neither is taken for the other.
REPORT_VERSION = "resbid-performance-report-1"
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"  # what an .xlsx is sent as

INSTRUCTIONS = "Instructions"
COMPANY = "Company"
PRICE = "Price"
ANSWERS = "Answers"
SUPPLY = "Supply chain"
LISTS = "Lists"
METADATA = "Metadata"
SHEETS = (INSTRUCTIONS, COMPANY, PRICE, ANSWERS, SUPPLY, LISTS, METADATA)
READ_SHEETS = (METADATA, COMPANY, PRICE, ANSWERS, SUPPLY)  # the sheets an upload is read from
REPORT_SHEETS = (INSTRUCTIONS, COMPANY, SUPPLY, LISTS, METADATA)  # a performance report: no price, no answers
REPORT_READ_SHEETS = (METADATA, COMPANY, SUPPLY)

# Cells with values beyond these bounds are refused before any value is loaded (memory guard; docs/security.md).
MAX_COLUMN = 26  # column Z
MAX_ROWS_OTHER_SHEETS = 1_000  # Company, Price, Answers, Metadata
MAX_TEXT_LENGTH = 200  # names, suppliers and evidence references (the database keeps 200 characters)
PRICE_DECIMALS = 2  # the database keeps prices to the cent
MAX_PRICE = 1e15  # the database keeps 16 digits before the decimal point


@dataclass(frozen=True)
class Column:
    """One column of a table: what it holds, its header, letter and display width."""

    key: str
    header: str
    letter: str
    width: float
    what: str = ""  # how problem messages name a value of this column

    @property
    def index(self) -> int:
        """Zero-based position, as python-calamine numbers columns."""
        return ord(self.letter) - ord("A")


def cell(sheet: str, letter: str, row: int) -> str:
    """A cell's place as people and Problem.place read it: "Supply chain!D14"."""
    return f"{sheet}!{letter}{row}"


def formula_ref(sheet: str, letter: str, first_row: int, last_row: int) -> str:
    """An absolute range for a data-validation formula, quoting sheet names with spaces."""
    name = f"'{sheet}'" if " " in sheet else sheet
    return f"{name}!${letter}${first_row}:${letter}${last_row}"


# Company: one field per row, label in A, the bidder's entry in B, help in C.
@dataclass(frozen=True)
class Field:
    """One Company row."""

    key: str
    label: str
    help: str
    row: int


COMPANY_LABEL, COMPANY_VALUE, COMPANY_HELP = "A", "B", "C"
COMPANY_FIELDS = (
    Field("name", N_("Company name"), N_("The bidder's registered name."), 4),
    Field("country", N_("Country of establishment"), N_("Choose from the list."), 5),
    Field("controlling_entity", N_("Ultimate controlling entity"),
          N_("The natural or legal person that ultimately controls the bidder; "
             "if no one else does, enter your own company name."), 6),
    Field("controlling_country", N_("Country of the ultimate controlling entity"), N_("Choose from the list."), 7),
    Field("contact_name", N_("Contact person"), N_("Who answers questions about this bid (optional)."), 8),
    Field("contact_email", N_("Contact email"), N_("(optional)"), 9),
)
# Foreign Subsidies Regulation, Regulation (EU) 2022/2560 Art. 28-29: asked only when the
# tender's value requires it.
FSR_FIELD = Field("fsr_declaration", N_("Foreign financial contributions (FSR)"),
                  N_("Regulation (EU) 2022/2560 Art. 28-29: choose whether a notification of foreign financial "
                     "contributions is attached, or declare that there are none above EUR 4 million per third "
                     "country in the last three years."), 10)
COMPANY_WIDTHS = {"A": 42, "B": 48, "C": 90}

# Price: one input cell.
PRICE_LABEL, PRICE_VALUE, PRICE_NOTE = "A", "B", "C"
PRICE_ROW = 4
PRICE_WIDTHS = {"A": 34, "B": 22, "C": 80}

# Answers: one row per bidder-answered criterion, from ANSWERS_FIRST_ROW in definition order.
ANSWERS_HEADER_ROW = 3
ANSWERS_FIRST_ROW = 4
ANSWER_COLUMNS = (
    Column("code", N_("Code"), "A", 14),
    Column("criterion", N_("Criterion"), "B", 44),
    Column("answer", N_("Your answer"), "C", 18),
    Column("allowed", N_("What to enter"), "D", 36),
    Column("rule", N_("How it is scored"), "E", 90),
)
ANSWER_CODE, ANSWER_VALUE = ANSWER_COLUMNS[0], ANSWER_COLUMNS[2]


def answer_row(position: int) -> int:
    """The row of the position-th (0-based) answered criterion."""
    return ANSWERS_FIRST_ROW + position


# Supply chain: a table from SUPPLY_FIRST_ROW; the template prepares PREPARED_ROWS rows, the reader takes more.
SUPPLY_HEADER_ROW = 13
SUPPLY_FIRST_ROW = 14
PREPARED_ROWS = 500
SUPPLY_COLUMNS = (
    Column("material", N_("Material"), "A", 22, N_("material")),
    Column("stage", N_("Stage"), "B", 26, N_("stage")),
    Column("country", N_("Country"), "C", 28, N_("country")),
    Column("share", N_("Share %"), "D", 10, N_("share")),
    Column("recycled", N_("Recycled %"), "E", 12, N_("recycled share")),
    Column("supplier", N_("Supplier"), "F", 36, N_("supplier")),
    Column("evidence", N_("Evidence reference"), "G", 36, N_("evidence reference")),
)
SUPPLY_BY_KEY = {column.key: column for column in SUPPLY_COLUMNS}
SUPPLY_NOTE_FIRST_ROW = 3  # the short how-to above the table, one line a row

# Lists (hidden): one list per column, header in row 1, values from row 2.
LISTS_FIRST_ROW = 2
LIST_COUNTRIES, LIST_MATERIALS, LIST_STAGES, LIST_YES_NO, LIST_FSR = "A", "B", "C", "D", "E"
LIST_OPTIONS_FIRST = "F"  # then one column per ProZorro criterion, in Answers order

# Metadata (very hidden): key in A, value in B.
METADATA_ROWS = {"reference": 1, "template_version": 2, "criteria_sha256": 3}
METADATA_KEY, METADATA_VALUE = "A", "B"

INSTRUCTIONS_WIDTHS = {"A": 22, "B": 40, "C": 14, "D": 34, "E": 90}


def is_read(sheet: str, row: int, column: int, metadata_rows: int = len(METADATA_ROWS)) -> bool:
    """Whether the reader takes a value from this cell (1-based column): the bidder's input cells, the criterion
    codes of Answers and the Metadata values (`metadata_rows` of them)."""
    letter = chr(ord("A") + column - 1) if column <= 26 else ""
    if sheet == COMPANY:
        return letter == COMPANY_VALUE and row in {field.row for field in (*COMPANY_FIELDS, FSR_FIELD)}
    if sheet == PRICE:
        return (letter, row) == (PRICE_VALUE, PRICE_ROW)
    if sheet == ANSWERS:
        return letter in (ANSWER_CODE.letter, ANSWER_VALUE.letter) and row >= ANSWERS_FIRST_ROW
    if sheet == SUPPLY:
        return row >= SUPPLY_FIRST_ROW and letter in {column.letter for column in SUPPLY_COLUMNS}
    return sheet == METADATA and letter == METADATA_VALUE and 1 <= row <= metadata_rows
