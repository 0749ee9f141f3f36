"""Reading an uploaded workbook: safety checks, then the template check, then every cell, all problems at once."""
from __future__ import annotations

from dataclasses import replace
from functools import partial

from scoring.definition import Tender
from scoring.problems import Problem
from workbooks import layout, lot_layout, sections
from workbooks.cells import CellProblems, shown
from workbooks.choices import answer_specs
from workbooks.lot_reading import read_lots
from workbooks.metadata import metadata_rows, template_problem
from workbooks.model import ParsedWorkbook, TenderInfo, WorkbookRejected
from workbooks.package import sheet_values
from workbooks.safety import DEFAULT_LIMITS, Limits, open_archive, refuse
from workbooks.scan import Area

DOWNLOAD = "download the current template and enter your bid in it"


def read_workbook(data: bytes, tender: Tender, info: TenderInfo, limits: Limits = DEFAULT_LIMITS) -> ParsedWorkbook:
    """The upload's bid, checked cell by cell; WorkbookRejected lists every problem (nothing else escapes)."""
    archive = open_archive(data, limits)
    keys = metadata_rows(tender)
    with archive:
        rows, scans = sheet_values(archive, _areas(tender, len(keys), limits), limits)
    found = sections.read_metadata(rows[layout.METADATA], keys) if layout.METADATA in rows else {}
    wrong_template = template_problem(found, tender, info)
    if wrong_template:
        raise WorkbookRejected([wrong_template])
    missing = [sheet for sheet in lot_layout.read_sheets(tender) if sheet not in rows]
    if missing:
        raise refuse(f"sheet {', '.join(missing)} is missing (renamed or deleted?): {DOWNLOAD}")
    formulas = {place: formula for scan in scans.values() for place, formula in scan.read_formulas.items()}
    if formulas:
        raise WorkbookRejected([Problem(place, f"enter values, not formulas: this cell holds "
                                               f"{'the formula ' + shown('=' + formula) if formula else 'a formula'}"
                                               ", which Excel recalculates on opening; type the value itself")
                                for place, formula in formulas.items()])
    cells = CellProblems()
    company = sections.read_company(rows[layout.COMPANY], info, cells)
    if tender.lots:
        lots = read_lots(rows, tender, cells)
        if cells.problems:
            raise WorkbookRejected(cells.problems)
        return ParsedWorkbook(info.reference, company, None, {}, {}, (), lots)
    price = sections.read_price(rows[layout.PRICE], tender, cells)
    answers, places = sections.read_answers(rows[layout.ANSWERS], answer_specs(tender), cells)
    supply = sections.read_supply(rows[layout.SUPPLY], tender, cells)
    if cells.problems:
        raise WorkbookRejected(cells.problems)
    return ParsedWorkbook(info.reference, company, price, answers, places, supply)


def _areas(tender: Tender, metadata_rows: int, limits: Limits) -> dict[str, Area]:
    """Where each read sheet may hold values; beyond that the upload is refused before values are loaded."""
    last_line = layout.SUPPLY_FIRST_ROW + limits.max_supply_lines - 1
    supply = Area(last_line, layout.MAX_COLUMN,
                  f"values below row {last_line:,}: at most {limits.max_supply_lines:,} supply-chain lines are "
                  "accepted; combine lines of the same material, stage and country, or clear the cells below")
    other = Area(layout.MAX_ROWS_OTHER_SHEETS, layout.MAX_COLUMN,
                 f"this cell is below the template's rows: clear it, or {DOWNLOAD}")
    supplies = {layout.SUPPLY, *lot_layout.supply_sheets(tender).values()}
    is_read = lot_layout.cell_reader(tender, metadata_rows)
    return {sheet: replace(supply if sheet in supplies else other, read=partial(is_read, sheet))
            for sheet in lot_layout.read_sheets(tender)}
