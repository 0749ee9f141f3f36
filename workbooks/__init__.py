"""The bidder self-assessment workbook: a template per tender, filled workbooks, and checked uploads.

Pure of the web and the database (the views, the CLI and the sample generator call it):
- build_template(tender, info) -> bytes
- fill_workbook(template, filling) -> bytes
- read_workbook(data, tender, info, limits=Limits()) -> ParsedWorkbook, or WorkbookRejected listing every problem;
  for a tender divided into lots, ParsedWorkbook.lots holds a LotOffer per lot bid for (to_bids: a Bid each)
- read_workbook_isolated(...): the same in a child process with a memory cap (how uploads are read);
  read_workbooks_isolated(...): several so, some at once (how a folder's bid files are read)
- safe_text(value): text any spreadsheet shows as text, never runs as a formula (exports reuse it)
"""
from workbooks.cells import safe_text
from workbooks.isolated import read_workbook_isolated, read_workbooks_isolated
from workbooks.layout import TEMPLATE_VERSION, XLSX_MEDIA_TYPE
from workbooks.model import (
    BidFilling,
    CompanyDetails,
    LotFilling,
    LotOffer,
    ParsedWorkbook,
    TenderInfo,
    WorkbookRejected,
)
from workbooks.reader import read_workbook
from workbooks.safety import Limits

__all__ = ["TEMPLATE_VERSION", "XLSX_MEDIA_TYPE", "BidFilling", "CompanyDetails", "Limits", "LotFilling", "LotOffer",
           "ParsedWorkbook",
           "TenderInfo", "WorkbookRejected", "build_template", "fill_workbook", "read_workbook",
           "read_workbook_isolated", "read_workbooks_isolated", "safe_text"]


def __getattr__(name: str):
    """build_template and fill_workbook load openpyxl (0.15 s), so they are imported on first use: reading an
    upload, or starting the app or the CLI, does not load openpyxl."""
    if name == "build_template":
        from workbooks.template import build_template
        return build_template
    if name == "fill_workbook":
        from workbooks.filling import fill_workbook
        return fill_workbook
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
