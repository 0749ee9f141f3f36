"""Rendering the report of a tender divided into lots (Directive 2014/24/EU Art. 46): the procedure, the award
across lots, then a part per lot laid out with the one-lot report's sections, then the audit trail.

A lot's part is the one-lot report of that lot: its sections are the one-lot report's templates, given the
procedure's context merged with the lot's (app/reports/lot_context.py), and numbered after the lot ("L2.7" is
lot 2's ranking, section 7 of a one-lot report). Parts are cut as the one-lot report's are (document.py), lot
by lot, so memory stays that of a few chunks of bids however many lots and bids there are.
"""
from __future__ import annotations

from app.reports import templating
from app.reports.document import (
    ABNORMAL,
    BIDS,
    BIDS_PER_PART,
    BODY,
    FRONT_PAGES,
    SENSITIVITY,
    TAIL,
    VERIFICATION,
    Progress,
    Section,
    document_meta,
    evaluation_attachment,
    furniture,
    tell,
)
from app.reports.pdf import Bookmark, PdfAssembler
from app.reports.wording import N_, writing_in
from app.reports.wording import gettext as _

HEAD = (Section("lots_procedure", "1", N_("Procedure summary")),
        Section("lots_received", "2", N_("Bids received")),
        Section("opening", "3", N_("Opening record")),
        Section("award", "4", N_("Award across lots")),
        Section(VERIFICATION.key, "5", VERIFICATION.title))
AUDIT = TAIL[-1]
# A tenderer's one workbook covers all its lots: it is listed once, in section 2, not in each lot's part.
LOT_BODY = tuple(section for section in BODY if section.key in {"criteria", "eligibility", "matrix", "ranking"})
LOT_SENSITIVITY = N_("Sensitivity of the result")


def lot_sections(number: int) -> tuple[tuple[Section, ...], Section, tuple[Section, ...]]:
    """A lot's body sections, its per-bid section and its tail, numbered and anchored after the lot."""
    def of(section: Section, title: str | None = None) -> Section:
        return Section(section.key, f"L{number}.{section.number}", title or section.title, part=f"lot-{number}-")
    tail = (of(ABNORMAL), of(SENSITIVITY, LOT_SENSITIVITY))
    return tuple(of(section) for section in LOT_BODY), of(BIDS), tail


def render_lots_report(report: dict, progress: Progress | None = None, processes: int = 1) -> bytes:
    """The report of a tender in lots as PDF/A-3b bytes, the evaluation JSON of every lot and the award attached."""
    with writing_in(report["language"]):
        return _render(report, progress, processes)


def _render(report: dict, progress: Progress | None, processes: int) -> bytes:
    meta = document_meta(report, _("Evaluation report"))
    shared = {key: value for key, value in report.items() if key not in {"lots", "award", "evaluation_json"}}
    plan = [("reports/report_part.html", {"report": report, "sections": list(HEAD), "chunk": []})]
    for part in report["lots"]:
        plan += _lot_plan({**shared, **part, "lot": part})
    plan[-1][1]["sections"].append(AUDIT)
    steps = len(plan) + 1
    with PdfAssembler(templating.stylesheet_text(), FRONT_PAGES, [evaluation_attachment(report)],
                      processes) as assembler:
        assembler.add_parts([templating.render(template, meta=meta, **values) for template, values in plan],
                            progress=lambda done: tell(progress, done, steps))
        front = templating.render("reports/report_front.html", report=report, meta=meta,
                                  contents=_contents(report, assembler.anchors))
        title = _("Evaluation report · %(authority)s", authority=report["tender"]["authority"])
        pdf = assembler.finish(front, furniture(report, meta, title, plain_first=True), _bookmarks(report))
    tell(progress, steps, steps)
    return pdf


def _lot_plan(lot_report: dict) -> list[tuple[str, dict]]:
    """The parts of one lot: as the one-lot report cuts them, its head on the first."""
    body, bids_section, tail = lot_sections(lot_report["number"])
    bids = lot_report["bids"]
    chunks = [bids[start:start + BIDS_PER_PART] for start in range(0, len(bids), BIDS_PER_PART)] or [[]]
    cut = [(list(body), [])] if len(chunks) == 1 else [([section], []) for section in body]
    cut += [([bids_section] if index == 0 else [Section("bids", "", "", part=bids_section.part)], chunk)
            for index, chunk in enumerate(chunks)]
    cut[-1][0].extend(tail)
    return [("reports/report_lot_part.html", {"report": lot_report, "sections": sections, "chunk": chunk,
                                              "is_lot_start": index == 0})
            for index, (sections, chunk) in enumerate(cut)]


def _lot_title(part: dict) -> str:
    return _("Lot %(number)s: %(title)s", number=part["number"], title=part["title"])


def _contents(report: dict, anchors: dict[str, int]) -> list[dict]:
    """The procedure's sections, a line per lot, the audit trail: a page of contents for up to about 30 lots."""
    lines = [{"number": s.number, "title": _(s.title), "page": anchors.get(s.anchor, "—")} for s in HEAD]
    lines += [{"number": f"L{part['number']}", "title": _lot_title(part), "page": anchors.get(part["anchor"], "—")}
              for part in report["lots"]]
    return [*lines, {"number": AUDIT.number, "title": _(AUDIT.title), "page": anchors.get(AUDIT.anchor, "—")}]


def _bookmarks(report: dict) -> list[Bookmark]:
    marks = [Bookmark(f"{s.number} {_(s.title)}", s.anchor) for s in HEAD]
    for part in report["lots"]:
        body, bids_section, tail = lot_sections(part["number"])
        bids = tuple(Bookmark(f"{bid['rank']}. {bid['bidder']}" if bid["rank"]
                              else _("Not admitted: %(bidder)s", bidder=bid["bidder"]), bid["anchor"])
                     for bid in part["bids"])
        children = tuple(Bookmark(f"{s.number} {_(s.title)}", s.anchor, bids if s is bids_section else ())
                         for s in (*body, bids_section, *tail))
        marks.append(Bookmark(f"L{part['number']} {_lot_title(part)}", part["anchor"], children))
    return [*marks, Bookmark(f"{AUDIT.number} {_(AUDIT.title)}", AUDIT.anchor)]
