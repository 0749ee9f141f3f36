"""The bidder workbook of one tender, generated from its criteria: the sheets a bidder fills in and the hidden ones
that let the reader check an upload."""
from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Protection
from openpyxl.utils import get_column_letter
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.worksheet import Worksheet

from scoring.criteria import walk
from scoring.definition import Tender
from scoring.reference import reference
from scoring.rules.base import BOOLEAN, OPTION, PRICE
from workbooks import layout
from workbooks.choices import (
    AnswerSpec,
    answer_specs,
    country_choice,
    fsr_choice,
    material_choice,
    stage_choice,
    yes_no_choice,
)
from workbooks.instructions import write_instructions
from workbooks.metadata import metadata_rows, metadata_values
from workbooks.model import TenderInfo
from workbooks.styles import (
    BOLD,
    TEXT_FORMAT,
    TITLE,
    fit_row,
    header,
    input_cells,
    protect,
    put,
    validation,
    widths,
)
from workbooks.wording import ENGLISH_WORDING, Wording

LOCKED = Protection(locked=True)
_ANY_NUMBER = {"type": "decimal", "operator": "between", "formula1": "-1E+15", "formula2": "1E+15"}
NON_NEGATIVE = {"type": "decimal", "operator": "greaterThanOrEqual", "formula1": "0"}
_PERCENT = {"type": "decimal", "operator": "between", "formula1": "0", "formula2": "100"}
_TEXT = {"type": "textLength", "operator": "lessThanOrEqual", "formula1": str(layout.MAX_TEXT_LENGTH)}


def build_template(tender: Tender, info: TenderInfo, words: Wording = ENGLISH_WORDING) -> bytes:
    """The .xlsx a bidder downloads, fills in and uploads (bytes: the caller sends or stores them), its labels,
    instructions and drop-downs in `words`' language (the tender's procedure language); sheet names and codes are
    the same in every language."""
    workbook = Workbook()
    workbook.active.title = layout.INSTRUCTIONS
    if tender.lots:
        from workbooks.lot_template import write_lot_sheets  # it builds on this module's sheet writers
        write_lot_sheets(workbook, tender, info, words)
    else:
        _write_sheets(workbook, tender, info, words)
    for sheet in workbook.worksheets:
        protect(sheet)
    workbook.security = WorkbookProtection(lockStructure=True)  # sheets cannot be unhidden, renamed or moved
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _write_sheets(workbook: Workbook, tender: Tender, info: TenderInfo, words: Wording) -> None:
    """The sheets of a tender not divided into lots."""
    specs = answer_specs(tender, words)
    sheets = {name: workbook.create_sheet(name) for name in layout.SHEETS[1:]}
    lists = write_lists(sheets[layout.LISTS], material_choice(tender, words).labels, specs, words)
    write_instructions(workbook.active, tender, info, specs, words)
    write_company(sheets[layout.COMPANY], info, lists, words)
    _write_price(sheets[layout.PRICE], tender, info, words)
    _write_answers(sheets[layout.ANSWERS], specs, lists, words)
    write_supply(sheets[layout.SUPPLY], tender, lists, words)
    write_metadata(sheets[layout.METADATA], tender, info)


def write_lists(sheet: Worksheet, materials: tuple[str, ...], specs: tuple[AnswerSpec, ...],
                words: Wording = ENGLISH_WORDING) -> dict[str, str]:
    """The hidden Lists sheet behind every drop-down, its texts in the workbook's language; returns each list's
    range by list name (or criterion code)."""
    columns = {"countries": (layout.LIST_COUNTRIES, country_choice(words).labels),
               "materials": (layout.LIST_MATERIALS, materials),
               "stages": (layout.LIST_STAGES, stage_choice(words).labels),
               "yes_no": (layout.LIST_YES_NO, yes_no_choice(words).labels),
               "fsr": (layout.LIST_FSR, fsr_choice(words).labels)}
    first_option = ord(layout.LIST_OPTIONS_FIRST) - ord("A") + 1
    options = [spec for spec in specs if spec.rule.value_kind == OPTION]
    columns.update({options_list(spec.code): (get_column_letter(first_option + index), spec.options)
                    for index, spec in enumerate(options)})
    refs = {}
    for name, (letter, labels) in columns.items():
        put(sheet, f"{letter}1", name, BOLD)
        for offset, label in enumerate(labels):
            put(sheet, f"{letter}{layout.LISTS_FIRST_ROW + offset}", label)
        last = layout.LISTS_FIRST_ROW + max(len(labels), 1) - 1
        refs[name] = layout.formula_ref(layout.LISTS, letter, layout.LISTS_FIRST_ROW, last)
    sheet.sheet_state = "hidden"
    return refs


def options_list(code: str) -> str:
    """The name of a ProZorro criterion's list of option keys (apart from the fixed lists' names)."""
    return f"options of {code}"


def list_rule(ref: str) -> dict[str, str]:
    """A drop-down rule from a Lists range."""
    return {"type": "list", "formula1": ref}


def intro(sheet: Worksheet, title: str, note: str) -> None:
    """Title and one-line note at the top of an input sheet."""
    put(sheet, "A1", title, TITLE)
    put(sheet, "A2", note)


def write_company(sheet: Worksheet, info: TenderInfo, lists: dict[str, str], words: Wording = ENGLISH_WORDING
                  ) -> None:
    """Who bids and who controls it; the FSR declaration when the tender's value requires it."""
    _ = words
    intro(sheet, _("Company"), _("Fill in the yellow cells. Countries come from the drop-down lists."))
    widths(sheet, layout.COMPANY_WIDTHS)
    header(sheet, 3, [(layout.COMPANY_LABEL, _("Item")), (layout.COMPANY_VALUE, _("Your entry")),
                      (layout.COMPANY_HELP, _("Notes"))])
    fields = layout.COMPANY_FIELDS + ((layout.FSR_FIELD,) if info.requires_fsr_declaration else ())
    rules = {"country": list_rule(lists["countries"]), "controlling_country": list_rule(lists["countries"]),
             "fsr_declaration": list_rule(lists["fsr"])}
    for field in fields:
        value_ref = f"{layout.COMPANY_VALUE}{field.row}"
        label, help_text = _(field.label), _(field.help)
        put(sheet, f"{layout.COMPANY_LABEL}{field.row}", label, BOLD)
        put(sheet, f"{layout.COMPANY_HELP}{field.row}", help_text)
        fit_row(sheet, field.row, {layout.COMPANY_HELP: help_text})
        input_cells(sheet, [value_ref], TEXT_FORMAT)
        validation(sheet, value_ref, label, help_text, f"{label}: {help_text}", **rules.get(field.key, _TEXT))
    sheet.freeze_panes = "A4"


def _write_price(sheet: Worksheet, tender: Tender, info: TenderInfo, words: Wording) -> None:
    """The total price, with the price rules' own words beside it."""
    _ = words
    intro(sheet, _("Price"), _("Your total price in %(currency)s, as defined in the tender documents.",
                               currency=info.currency))
    widths(sheet, layout.PRICE_WIDTHS)
    put(sheet, f"{layout.PRICE_LABEL}{layout.PRICE_ROW}", _("Total price (%(currency)s)", currency=info.currency),
        BOLD)
    input_cells(sheet, [f"{layout.PRICE_VALUE}{layout.PRICE_ROW}"], words.money_format(info.currency))
    note = price_note(tender, words)
    put(sheet, f"{layout.PRICE_NOTE}{layout.PRICE_ROW}", note)
    fit_row(sheet, layout.PRICE_ROW, {layout.PRICE_NOTE: note})
    validation(sheet, f"{layout.PRICE_VALUE}{layout.PRICE_ROW}", _("Total price"), price_prompt(info, words),
               _("The price must be a number, zero or more."), **NON_NEGATIVE)


def price_prompt(info: TenderInfo, words: Wording) -> str:
    """The input message of a price cell."""
    _ = words
    return _("A number, zero or more, in %(currency)s, at most 2 decimals.", currency=info.currency)


def price_note(tender: Tender, words: Wording = ENGLISH_WORDING) -> str:
    """The price rules' own words."""
    rules = [words.message(node.rule.describe()) for _path, node in walk(tender.criteria)
             if not node.is_group and node.rule.value_kind == PRICE]
    return " ".join(rules) or words("Price is not scored in this tender, but every bid states it.")


def _write_answers(sheet: Worksheet, specs: tuple[AnswerSpec, ...], lists: dict[str, str], words: Wording) -> None:
    """One row per bidder-answered criterion, each answer cell with its own drop-down or number check."""
    _ = words
    intro(sheet, _("Answers"), _("Answer each criterion in the yellow cell of its row. A blank is shown as missing, "
                                 "not as zero."))
    widths(sheet, {column.letter: column.width for column in layout.ANSWER_COLUMNS})
    header(sheet, layout.ANSWERS_HEADER_ROW, [(column.letter, _(column.header)) for column in layout.ANSWER_COLUMNS])
    if not specs:
        put(sheet, f"A{layout.ANSWERS_FIRST_ROW}", _("This tender has no criteria for you to answer here."))
    for position, spec in enumerate(specs):
        row = layout.answer_row(position)
        texts = {"A": spec.code, "B": spec.path, "D": spec.allowed_text, "E": words.message(spec.rule.describe())}
        for letter, value in texts.items():
            put(sheet, f"{letter}{row}", value)
        fit_row(sheet, row, texts)
        answer_ref = f"{layout.ANSWER_VALUE.letter}{row}"
        input_cells(sheet, [answer_ref])
        validation(sheet, answer_ref, spec.code, _("%(criterion)s: enter %(allowed)s.", criterion=spec.path,
                                                   allowed=spec.allowed_text),
                   _("Enter %(allowed)s.", allowed=spec.allowed_text), **answer_rule(spec, lists))
    sheet.freeze_panes = f"A{layout.ANSWERS_FIRST_ROW}"


def answer_rule(spec: AnswerSpec, lists: dict[str, str]) -> dict[str, str]:
    """The drop-down or number check of an answer cell."""
    return (list_rule(lists["yes_no"]) if spec.rule.value_kind == BOOLEAN
            else list_rule(lists[options_list(spec.code)]) if spec.rule.value_kind == OPTION
            else NON_NEGATIVE if spec.minimum is not None else _ANY_NUMBER)


def write_supply(sheet: Worksheet, tender: Tender, lists: dict[str, str], words: Wording = ENGLISH_WORDING,
                 lot: int | None = None, every_lot: bool = False) -> None:
    """The supply-chain table: prepared rows with drop-downs and checks; the columns stay editable below them.
    `lot`: the sheet of that lot alone; `every_lot`: the one sheet of a tender whose lots share their materials."""
    _ = words
    materials = ", ".join(_(reference.material_name(code)) for code in tender.bill_of_materials)
    note = (_("Materials of lot %(number)s: %(materials)s.", number=lot, materials=materials) if lot is not None
            else _("Materials of every lot: %(materials)s.", materials=materials) if every_lot
            else _("Materials of this tender: %(materials)s.", materials=materials))
    intro(sheet, _("Supply chain") if lot is None else _("Supply chain of lot %(number)s", number=lot), note)
    notes = [
        _("One row per material, stage and country of supply. Materials, stages and countries come from the lists."),
        _("Share in percent: that country's share of the material's supply at that stage; each material and stage "
          "adds up to %(hundred)s.", hundred=f"100{words.percent_sign()}"),
        _("Recycled in percent: how much of that line's feedstock is recycled material (0 if none)."),
        _("Supplier and evidence reference: who supplies it, and the document in your tender that shows it."),
        _("%(rows)s rows are prepared; continue below them if you need more.", rows=layout.PREPARED_ROWS),
    ]
    for row, note in enumerate(notes, start=layout.SUPPLY_NOTE_FIRST_ROW):
        put(sheet, f"A{row}", note)
    widths(sheet, {column.letter: column.width for column in layout.SUPPLY_COLUMNS})
    header(sheet, layout.SUPPLY_HEADER_ROW, [(column.letter, _(column.header)) for column in layout.SUPPLY_COLUMNS])
    first, last = layout.SUPPLY_FIRST_ROW, layout.SUPPLY_FIRST_ROW + layout.PREPARED_ROWS - 1
    rules = {"material": (list_rule(lists["materials"]), _("Choose a material of the tender's bill of materials.")),
             "stage": (list_rule(lists["stages"]), _("Choose the stage of the supply chain.")),
             "country": (list_rule(lists["countries"]), _("Choose the country where this stage takes place.")),
             "share": (_PERCENT, _("Percent of this material's supply at this stage, 0 to 100.")),
             "recycled": (_PERCENT, _("Percent of this line's feedstock that is recycled, 0 to 100.")),
             "supplier": (_TEXT, _("The supplier's name (at most 200 characters).")),
             "evidence": (_TEXT, _("Where your tender shows it, e.g. annex and page (at most 200 characters)."))}
    formats = {"supplier": TEXT_FORMAT, "evidence": TEXT_FORMAT, "share": words.percent_format(),
               "recycled": words.percent_format()}
    for column in layout.SUPPLY_COLUMNS:
        rule, prompt = rules[column.key]
        cells = [f"{column.letter}{row}" for row in range(first, last + 1)]
        input_cells(sheet, cells, formats.get(column.key))
        validation(sheet, f"{column.letter}{first}:{column.letter}{last}", _(column.header), prompt, prompt, **rule)
        sheet.column_dimensions[column.letter].protection = Protection(locked=False)  # rows below stay editable
        for row in range(1, first):
            sheet[f"{column.letter}{row}"].protection = LOCKED
    sheet.freeze_panes = f"A{first}"


def write_metadata(sheet: Worksheet, tender: Tender, info: TenderInfo) -> None:
    """Tender reference, template version and criteria hash, in a sheet Excel's interface cannot show."""
    rows = metadata_rows(tender, info)
    for key, value in metadata_values(tender, info).items():
        row = rows[key]
        put(sheet, f"{layout.METADATA_KEY}{row}", key)
        put(sheet, f"{layout.METADATA_VALUE}{row}", value)
    sheet.sheet_state = "veryHidden"
