"""Rendering a report context into the evaluation report PDF: parts, contents, furniture, outline.

Runs inside the render worker (app/reports/worker.py): only the JSON context goes in, PDF bytes
come out. The body sections and every chunk of bids are separate parts, laid out side by side when
there are cores for it, so memory stays that of a few chunks however many bids there are.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from app.reports import templating
from app.reports.pdf import Bookmark, Furniture, PdfAssembler
from app.reports.wording import N_, writing_in
from app.reports.wording import gettext as _

if TYPE_CHECKING:
    from weasyprint import Attachment

BIDS_PER_PART = 10  # about 10 pages, 40 MB while laid out (about 3 MB a page: benchmarks/bench_report.py)
FRONT_PAGES = 2  # cover, contents: both fixed in length, so the body can be numbered before they exist
ATTACHMENT_NAME = "evaluation.json"

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Section:
    key: str
    number: str
    title: str  # marked with N_, written in the document's language when laid out
    part: str = ""  # what makes its anchor unique in a report with a part per lot ("lot-2-")

    @property
    def anchor(self) -> str:
        return f"{self.part}section-{self.key}"


BODY = (Section("procedure", "1", N_("Procedure summary")),
        Section("criteria", "2", N_("Award criteria and scoring rules")),
        Section("received", "3", N_("Bids received")),
        Section("opening", "4", N_("Opening record")),
        Section("eligibility", "5", N_("Eligibility and exclusions")),
        Section("matrix", "6", N_("Score matrix")),
        Section("ranking", "7", N_("Ranking")))
BIDS = Section("bids", "8", N_("Per-bid detail"))
ABNORMAL = Section("abnormal", "9", N_("Abnormally low tenders"))
VERIFICATION = Section("verification", "10", N_("Verification of claims before the award"))
SENSITIVITY = Section("sensitivity", "A", N_("Annex A · Sensitivity of the result"))
TAIL = (ABNORMAL, VERIFICATION, SENSITIVITY,
        Section("audit", "B", N_("Annex B · Audit trail")))


def document_meta(report: dict, kind: str) -> dict:
    """Title, author, subject, keywords and date of the PDF: the same in its Info dictionary and XMP.

    `kind` is already in the document's language, as is everything else here."""
    tender, status = report["tender"], report["status"]
    state = _("final") if status["is_final"] else _("DRAFT")
    return {"title": f"{kind} {tender['reference']} ({state}): {tender['title']}", "author": tender["authority"],
            "subject": _("%(kind)s of tender %(reference)s under Directive 2014/24/EU", kind=kind,
                         reference=tender["reference"]),
            "keywords": [_("public procurement"), kind.lower(), tender["reference"], _("critical raw materials"),
                         _("supply resilience"), state],
            "date": status["date"]["iso"]}


def furniture(report: dict, meta: dict, title: str, plain_first: bool) -> Furniture:
    """What is stamped on every page: running title and reference, status, page X of Y, watermark.

    plain_first leaves the first page (the cover) without header and footer.
    """
    status = report["status"]
    words = {"title": title, "reference": report["tender"]["reference"], "plain_first": plain_first,
             "status": _("Final") if status["is_final"] else _("DRAFT: not finalised"),
             "watermark": None if status["is_final"] else _("DRAFT")}
    return lambda numbers, total: templating.render("reports/furniture.html", meta=meta, furniture=words,
                                                    numbers=numbers, total=total)


def render_report(report: dict, progress: Progress | None = None, processes: int = 1) -> bytes:
    """The evaluation report as PDF/A-3b bytes, the evaluation JSON attached; progress(done, total) per part.

    The parts are the same however many processes lay them out, so the bytes are too. Written in the tender's
    procedure language (the context's "language").
    """
    with writing_in(report["language"]):
        return _render_report(report, progress, processes)


def _render_report(report: dict, progress: Progress | None, processes: int) -> bytes:
    meta = document_meta(report, _("Evaluation report"))
    bids = report["bids"]
    chunks = [bids[start:start + BIDS_PER_PART] for start in range(0, len(bids), BIDS_PER_PART)] or [[]]
    # The body sections list every bid too: with more than one chunk of bids, each is a part of its own.
    body = [(BODY, [])] if len(chunks) == 1 else [((section,), []) for section in BODY]
    plan = body + [((BIDS,) if index == 0 else (Section("bids", "", ""),), chunk)
                   for index, chunk in enumerate(chunks)]
    plan[-1] = ((*plan[-1][0], *TAIL), plan[-1][1])
    steps = len(plan) + 1
    with PdfAssembler(templating.stylesheet_text(), FRONT_PAGES, [evaluation_attachment(report)],
                      processes) as assembler:
        assembler.add_parts([templating.render("reports/report_part.html", report=report, meta=meta,
                                               sections=list(sections), chunk=chunk) for sections, chunk in plan],
                            progress=lambda done: tell(progress, done, steps))
        contents = [{"number": s.number, "title": _(s.title), "page": assembler.anchors.get(s.anchor, "—")}
                    for s in (*BODY, BIDS, *TAIL)]
        front = templating.render("reports/report_front.html", report=report, meta=meta, contents=contents)
        title = _("Evaluation report · %(authority)s", authority=report["tender"]["authority"])
        stamps = furniture(report, meta, title, plain_first=True)
        pdf = assembler.finish(front, stamps, _bookmarks(report))
    tell(progress, steps, steps)
    return pdf


def _bookmarks(report: dict) -> list[Bookmark]:
    bids = tuple(Bookmark(f"{bid['rank']}. {bid['bidder']}" if bid["rank"]
                          else _("Not admitted: %(bidder)s", bidder=bid["bidder"]), bid["anchor"])
                 for bid in report["bids"])
    return [Bookmark(f"{s.number} {_(s.title)}", s.anchor, bids if s is BIDS else ()) for s in (*BODY, BIDS, *TAIL)]


def evaluation_attachment(report: dict) -> Attachment:
    """The machine-readable evaluation, embedded from bytes (never a URL), dated like the document."""
    from weasyprint import Attachment  # imported where used: starting the app must not load WeasyPrint
    dated = datetime.fromisoformat(report["status"]["date"]["iso"])
    return Attachment(string=report["evaluation_json"].encode("utf-8"), name=ATTACHMENT_NAME,
                      description="Evaluation result and sensitivity (resbid tender evaluate --json)",
                      created=dated, modified=dated, relationship="Data")


def tell(progress: Progress | None, done: int, total: int) -> None:
    """Report progress to whoever asked for it."""
    if progress is not None:
        progress(done, total)
