"""Reading a folder's bid workbooks with the same reader the portal uses for uploads, in a memory-capped child."""
from __future__ import annotations

import math
import os
from datetime import datetime
from zoneinfo import ZoneInfo

from scoring.bids import Bid
from scoring.problems import Problem
from tender_files.folder import FolderInvalid, TenderFolder
from tender_files.metadata import TenderMeta
from tender_files.names import name_key
from workbooks import ParsedWorkbook, TenderInfo, WorkbookRejected, read_workbooks_isolated
from workbooks.child_limits import DEFAULT_MEMORY_MB
from workbooks.wording import ENGLISH, ENGLISH_WORDING, Wording

# Bid workbooks read one after another in one child: forking the importing process costs about as much as reading a
# small workbook, so a child each took half the time of reading a 500-bid folder (7 s, against 3 s ten to a child).
BIDS_PER_CHILD = 10


def tender_info(meta: TenderMeta) -> TenderInfo:
    """What the workbook shows and checks about the tender besides its criteria (the deadline written in the
    procedure language: the workbook is)."""
    deadline = meta.submission_deadline_at.astimezone(ZoneInfo(meta.time_zone))
    return TenderInfo(reference=meta.reference, title=meta.title, authority=meta.authority_name,
                      currency=meta.currency, estimated_value=meta.estimated_value,
                      deadline_text=_deadline_text(deadline, meta.language))


def _deadline_text(deadline: datetime, language: str) -> str:
    """"21 December 2026, 12:00 CET"; in German "21. Dezember 2026, 12:00 CET" (Babel's CLDR date)."""
    if language == ENGLISH:
        return deadline.strftime("%d %B %Y, %H:%M %Z")
    from babel.dates import format_date
    return f"{format_date(deadline, 'long', locale=language)}, {deadline.strftime('%H:%M %Z')}"


def read_bids(folder: TenderFolder, memory_mb: int = DEFAULT_MEMORY_MB, words: Wording = ENGLISH_WORDING
              ) -> dict[str, ParsedWorkbook]:
    """Every bid workbook of the folder, parsed (each in a child that may add memory_mb of address space), its
    drop-down texts in `words`' language (the procedure language's) or in English;
    raise FolderInvalid naming each file's problems, and each company that appears in two workbooks (a
    tenderer submits one tender)."""
    info = tender_info(folder.meta)
    workbooks, problems, companies = {}, [], {}
    at_once = len(os.sched_getaffinity(0))  # a child per CPU, each reading up to BIDS_PER_CHILD, all CPUs busy
    per_child = max(1, min(BIDS_PER_CHILD, math.ceil(len(folder.bids) / at_once)))
    outcomes = read_workbooks_isolated([bid.data for bid in folder.bids], folder.tender, info, memory_mb=memory_mb,
                                       words=words, at_once=at_once, per_child=per_child)
    for bid, workbook in zip(folder.bids, outcomes, strict=True):
        if isinstance(workbook, WorkbookRejected):
            problems += [Problem(f"bids/{bid.stem}.xlsx: {p.place}", p.message) for p in workbook.problems]
            continue
        workbooks[bid.stem] = workbook
        first = companies.setdefault(name_key(workbook.company.name), bid.stem)
        if first != bid.stem:
            problems.append(Problem(f"bids/{bid.stem}.xlsx: company name",
                                    f"{workbook.company.name.strip()} also submitted bids/{first}.xlsx; "
                                    "a tenderer submits one tender"))
    if problems:
        raise FolderInvalid(problems)
    return workbooks


def workbook_lot_bids(workbook: ParsedWorkbook, stem: str, submitted_at: datetime | None) -> dict[int, Bid]:
    """The bids one tenderer's workbook makes: {lot number: Bid}, one for each lot it bids for, each with id
    `stem` and the company's name as bidder (a tender without lots is the single lot 1).

    The one place where a folder's bids are split into lots; the reader has already refused a workbook whose
    lots do not match the tender's (its template fingerprint covers the lots).
    """
    return workbook.to_bids(stem, workbook.company.name, submitted_at)
