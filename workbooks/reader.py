"""Reading an uploaded workbook: safety checks, then the template check, then every cell, all problems at once."""
from __future__ import annotations

from dataclasses import replace
from functools import partial

from sandbox import collector_paused
from scoring.definition import Tender
from scoring.problems import Problem
from workbooks import layout, lot_layout, sections
from workbooks.cells import CellProblems, shown
from workbooks.choices import answer_specs, country_choice, fsr_choice, stage_choice
from workbooks.lot_reading import read_lots
from workbooks.metadata import metadata_rows, template_problem
from workbooks.model import ParsedWorkbook, TenderInfo, WorkbookRejected
from workbooks.package import sheet_values
from workbooks.safety import DEFAULT_LIMITS, Limits, open_archive, refuse
from workbooks.scan import Area, prepare_scan, whole_sheet
from workbooks.wording import ENGLISH_WORDING, N_, Wording, messages_in, say_number
from workbooks.wording import say as _

DOWNLOAD = N_("download the current template and enter your bid in it")


def read_workbook(data: bytes, tender: Tender, info: TenderInfo, limits: Limits = DEFAULT_LIMITS,
                  words: Wording = ENGLISH_WORDING, messages: Wording = ENGLISH_WORDING) -> ParsedWorkbook:
    """The upload's bid, checked cell by cell; WorkbookRejected lists every problem (nothing else escapes).
    With info.report_period: that period's contract performance report, its price None and no answers.

    `words` is the language the template was written in (the tender's procedure language): drop-down texts are
    read in it or in English, so the parsed bid is the same whatever the language. Problem messages are in
    `messages`' language (the reader's); their places name sheets and cells as the workbook's tabs do."""
    with messages_in(messages), collector_paused():
        return _read(data, tender, info, limits, words)


def prepare(tender: Tender, info: TenderInfo, limits: Limits = DEFAULT_LIMITS, words: Wording = ENGLISH_WORDING
            ) -> None:
    """Builds, and keeps, what every reading of this tender's uploads builds first: each sheet's cell pattern and
    the drop-down lists of countries, stages and declarations. A child forked to read an upload inherits them
    from this process instead of building them again: they are 5 to 7 ms of a small workbook's 13 to 16, paid by
    every upload and by each of a 500-bid tender's workbooks on import."""
    for area in (*_areas(tender, len(metadata_rows(tender, info)), limits, _sheets(tender, info)).values(),
                 whole_sheet()):
        prepare_scan(area)
    for choice in (country_choice, stage_choice, fsr_choice):
        choice(words)


def _read(data: bytes, tender: Tender, info: TenderInfo, limits: Limits, words: Wording) -> ParsedWorkbook:
    """A bid, or with info.report_period a contract performance report: its company and supply chain alone
    (workbooks/performance_report.py)."""
    rows = _checked_rows(data, tender, info, limits, _sheets(tender, info))
    cells = CellProblems()
    company = sections.read_company(rows[layout.COMPANY], info, cells, words)
    if info.report_period:
        supply = sections.read_supply(rows[layout.SUPPLY], tender, cells, words=words)
        if cells.problems:
            raise WorkbookRejected(cells.problems)
        return ParsedWorkbook(info.reference, company, None, {}, {}, supply)
    if tender.lots:
        lots = read_lots(rows, tender, cells, words)
        if cells.problems:
            raise WorkbookRejected(cells.problems)
        return ParsedWorkbook(info.reference, company, None, {}, {}, (), lots)
    price = sections.read_price(rows[layout.PRICE], tender, cells)
    answers, places = sections.read_answers(rows[layout.ANSWERS], answer_specs(tender, words), cells)
    supply = sections.read_supply(rows[layout.SUPPLY], tender, cells, words=words)
    if cells.problems:
        raise WorkbookRejected(cells.problems)
    return ParsedWorkbook(info.reference, company, price, answers, places, supply)


def _sheets(tender: Tender, info: TenderInfo) -> tuple[str, ...]:
    """The sheets read: a bid's, or with info.report_period a performance report's."""
    return layout.REPORT_READ_SHEETS if info.report_period else lot_layout.read_sheets(tender)


def _checked_rows(data: bytes, tender: Tender, info: TenderInfo, limits: Limits, sheets: tuple[str, ...]) -> dict:
    """The values of `sheets` once the upload is safe, is this tender's current template (a bid workbook or,
    with info.report_period, that period's performance report), lacks none of them and holds no formula."""
    archive = open_archive(data, limits)
    keys = metadata_rows(tender, info)
    with archive:
        rows, scans = sheet_values(archive, _areas(tender, len(keys), limits, sheets), limits)
    found = sections.read_metadata(rows[layout.METADATA], keys) if layout.METADATA in rows else {}
    wrong_template = template_problem(found, tender, info)
    if wrong_template:
        raise WorkbookRejected([wrong_template])
    missing = [sheet for sheet in sheets if sheet not in rows]
    if missing:
        raise refuse(_("sheet %(sheet)s is missing (renamed or deleted?): %(download)s", sheet=", ".join(missing),
                       download=_(DOWNLOAD)))
    formulas = {place: formula for scan in scans.values() for place, formula in scan.read_formulas.items()}
    if formulas:
        raise WorkbookRejected([Problem(place, _(
            "enter values, not formulas: this cell holds %(formula)s, which Excel recalculates on opening; type the "
            "value itself", formula=_("the formula %(formula)s", formula=shown("=" + formula)) if formula
            else _("a formula"))) for place, formula in formulas.items()])
    return rows


def _areas(tender: Tender, metadata_rows: int, limits: Limits, sheets: tuple[str, ...]) -> dict[str, Area]:
    """Where each read sheet may hold values; beyond that the upload is refused before values are loaded."""
    last_line = layout.SUPPLY_FIRST_ROW + limits.max_supply_lines - 1
    supply = Area(last_line, layout.MAX_COLUMN, partial(_too_many_lines, last_line, limits.max_supply_lines))
    other = Area(layout.MAX_ROWS_OTHER_SHEETS, layout.MAX_COLUMN, _below_template)
    supplies = {layout.SUPPLY, *lot_layout.supply_sheets(tender).values()}
    is_read = lot_layout.cell_reader(tender, metadata_rows)
    return {sheet: replace(supply if sheet in supplies else other, read=partial(is_read, sheet))
            for sheet in sheets}


def _too_many_lines(last_line: int, lines: int) -> str:
    return _("values below row %(row)s: at most %(lines)s supply-chain lines are accepted; combine lines of the same "
             "material, stage and country, or clear the cells below", row=say_number(last_line),
             lines=say_number(lines))


def _below_template() -> str:
    return _("this cell is below the template's rows: clear it, or %(download)s", download=_(DOWNLOAD))
