"""The bidder self-assessment workbook: a template per tender, filled workbooks, and checked uploads.

Pure of the web and the database (the views, the CLI and the sample generator call it):
- build_template(tender, info) -> bytes
- fill_workbook(template, filling) -> bytes
- read_workbook(data, tender, info, limits=Limits()) -> ParsedWorkbook, or WorkbookRejected listing every problem;
  for a tender divided into lots, ParsedWorkbook.lots holds a LotOffer per lot bid for (to_bids: a Bid each)
- read_workbook_isolated(...): the same in a child process with a memory cap (how uploads are read);
  read_workbooks_isolated(...): several so, some at once (how a folder's bid files are read)
- safe_text(value): text any spreadsheet shows as text, never runs as a formula (exports reuse it)

Each name is imported from its module when first asked for (scoring/exports.py): build_template and fill_workbook
load openpyxl (0.15 s), which reading an upload never needs, and a command that reads no workbook starts without
the reader (issue 15: a command starts in under 0.5 s).
"""
from __future__ import annotations

from scoring.exports import lazy_exports

__all__, __getattr__ = lazy_exports(__name__, {  # module -> the public names it defines
    "workbooks.cells": ("safe_text",),
    "workbooks.filling": ("fill_workbook",),
    "workbooks.isolated": ("read_workbook_isolated", "read_workbooks_isolated"),
    "workbooks.layout": ("TEMPLATE_VERSION", "XLSX_MEDIA_TYPE"),
    "workbooks.model": ("BidFilling", "CompanyDetails", "LotFilling", "LotOffer", "ParsedWorkbook", "TenderInfo",
                        "WorkbookRejected"),
    "workbooks.reader": ("read_workbook",),
    "workbooks.safety": ("Limits",),
    "workbooks.template": ("build_template",),
})
