"""A tender of 10 lots x 100 bids: the award across lots alone, then the whole evaluation with sensitivity.

1. The award (scoring/lot_award.py) where published limits cascade: the same ten strong tenderers lead every lot
   with close scores, so under a limit of 1, 2 or 3 lots per tenderer every lot's winner depends on the others,
   the worst case of the search.
2. Issue 16's goal: the magnet tender (tests/scoring/builders.py) in 10 lots, the same 100 tenderers bidding for
   every lot with varied bids (a supply chain, answers and a committee score each), evaluated lot by lot
   (scoring/lot_evaluation.py), awarded with at most 2 lots per tenderer, and each lot's sensitivity with
   10,000 weight draws, in under 2 s.
3. Issue 16's other goal: the report of that tender (a part per lot, app/reports/lot_document.py) renders within
   1.2x of plain WeasyPrint laying out the same HTML as one document. Each is run once, in a fresh process (a
   report of some 1,000 pages): resbid's render_lots_report with RESBID_REPORT_PROCESSES processes against one
   WeasyPrint document in one process. Wall seconds and CPU seconds (every process's) are printed for both; the
   goal compares CPU seconds, the work done, as benchmarks/bench_report.py does (wall time depends on the cores).
"""
from __future__ import annotations

import io
import os
import random
import re
import resource
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scoring.definition import parse_tender  # noqa: E402 (the path above makes the repository importable)
from scoring.lot_award import award_lots  # noqa: E402
from scoring.lot_evaluation import analyse_lot_sensitivity, evaluate_lots  # noqa: E402
from scoring.lots import LotBid, LotRanking, LotRules  # noqa: E402
from tests.scoring.builders import many_bids, tender_dict  # noqa: E402

GOAL_SECONDS = 2.0
GOAL_RENDER_RATIO = 1.2  # resbid's CPU seconds over plain WeasyPrint's, same HTML
PROCESSES = min(2, os.cpu_count() or 1)  # the RESBID_REPORT_PROCESSES default

LOTS, BIDS, STRONG = 10, 100, 10


def cascading_rankings(seed: int = 16) -> list[LotRanking]:
    generator = random.Random(seed)
    names = [f"T{i:03}" for i in range(BIDS)]
    rankings = []
    for number in range(1, LOTS + 1):
        scores = {name: 90 + generator.random() if i < STRONG else generator.uniform(0, 80)
                  for i, name in enumerate(names)}
        ordered = sorted(scores.items(), key=lambda item: -item[1])
        rankings.append(LotRanking(number, tuple(LotBid(name, score) for name, score in ordered), ()))
    return rankings


def ten_lots():
    lots = [{"number": number, "title": f"Lot {number}"} for number in range(1, LOTS + 1)]
    tender = parse_tender(tender_dict(lots=lots, lot_rules={"max_lots_awarded_per_tenderer": 2}))
    return tender, {number: many_bids(BIDS, seed=number, prefix="T") for number in range(1, LOTS + 1)}


def evaluate_ten_lots() -> None:
    tender, bids = ten_lots()
    started = time.perf_counter()
    evaluation = evaluate_lots(tender, bids)
    evaluated = time.perf_counter() - started
    analyse_lot_sensitivity(tender, evaluation)
    seconds = time.perf_counter() - started
    print(f"evaluate {LOTS} lots x {BIDS} bids, award (at most 2 lots each) and sensitivity: {seconds:.2f} s "
          f"(evaluation and award {evaluated:.2f} s; goal under {GOAL_SECONDS:.0f} s: "
          f"{'met' if seconds < GOAL_SECONDS else 'MISSED'}), {len(set(evaluation.award.winners().values()))} "
          "tenderers win", flush=True)


def report_context() -> dict:
    """The report context of the ten lots, finalised (no watermark), as the render worker receives it."""
    from app.reports.context import Receipt, ReportInputs
    from app.reports.lot_context import LotsInputs, build_lots_report_context
    from tender_files.metadata import TenderMeta

    tender, bids = ten_lots()
    evaluation = evaluate_lots(tender, bids)
    deadline = datetime(2027, 2, 15, 11, tzinfo=timezone.utc)
    meta = TenderMeta(reference=tender.reference, title=tender.title, authority_name="Benchmark Purchasing Body",
                      authority_country="BE", submission_deadline_at=deadline, opening_at=deadline + timedelta(hours=2),
                      estimated_value=Decimal(10_000_000))
    receipts = {bid.id: Receipt(f"{bid.id}.xlsx", f"{i:064x}") for i, bid in enumerate(bids[1])}
    inputs = ReportInputs(meta, tender, (), receipts, "finalised", (), (), deadline + timedelta(days=20))
    return build_lots_report_context(inputs, LotsInputs(bids, evaluation, analyse_lot_sensitivity(tender, evaluation)))


def plain_html(context: dict) -> str:
    """The same content as one HTML document: front matter, every part, page numbers by CSS counters."""
    from app.reports import templating
    from app.reports.document import document_meta
    from app.reports.lot_document import AUDIT, HEAD, lot_sections

    meta = document_meta(context, "Evaluation report")
    shared = {key: value for key, value in context.items() if key not in {"lots", "award", "evaluation_json"}}
    contents = [{"number": s.number, "title": s.title, "page": 0} for s in (*HEAD, AUDIT)]
    pieces = [templating.render("reports/report_front.html", report=context, meta=meta, contents=contents),
              templating.render("reports/report_part.html", report=context, meta=meta, sections=list(HEAD), chunk=[])]
    for part in context["lots"]:
        body, bids_section, tail = lot_sections(part["number"])
        last = [AUDIT] if part is context["lots"][-1] else []
        pieces.append(templating.render("reports/report_lot_part.html", report={**shared, **part, "lot": part},
                                        meta=meta, sections=[*body, bids_section, *tail, *last], chunk=part["bids"],
                                        is_lot_start=True))
    bodies = "".join(re.search(r"<body>(.*)</body>", piece, re.S).group(1) for piece in pieces)
    furniture = (f'<div class="running-header"><span class="right">{context["tender"]["reference"]}</span>'
                 'Evaluation report</div>'
                 '<div class="running-footer"><span class="right page-number"></span>Final</div>')
    return f'<html lang="en"><body><div class="furniture">{furniture}{bodies}</div></body></html>'


def measure_report(mode: str) -> None:
    """One line: wall seconds, CPU seconds (this process and its children) and pages of one way of rendering."""
    import pikepdf

    from app.reports import templating
    context = report_context()
    if mode == "resbid":
        from app.reports.lot_document import render_lots_report

        def render() -> bytes:
            return render_lots_report(context, processes=PROCESSES)
    else:
        from weasyprint import CSS, HTML

        from app.reports.fetcher import DataOnlyFetcher
        html = plain_html(context)
        numbers = '.page-number::after { content: "Page " counter(page) " of " counter(pages); }'

        def render() -> bytes:
            return HTML(string=html, url_fetcher=DataOnlyFetcher()).write_pdf(
                stylesheets=[CSS(string=templating.stylesheet_text() + numbers)])
    started, cpu_before, children_before = time.perf_counter(), time.process_time(), _children_cpu()
    pdf = render()
    seconds = time.perf_counter() - started
    cpu = time.process_time() - cpu_before + _children_cpu() - children_before
    with pikepdf.open(io.BytesIO(pdf)) as document:
        print(f"{mode} {seconds:.2f} {cpu:.2f} {len(document.pages)}", flush=True)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def render_ten_lots() -> None:
    figures = {}
    for mode in ("resbid", "plain"):
        words = subprocess.run([sys.executable, __file__, "--report", mode], check=True, capture_output=True,
                               text=True).stdout.split()
        figures[mode] = (float(words[1]), float(words[2]), int(words[3]))
    (wall, cpu, pages), (plain_wall, plain_cpu, plain_pages) = figures["resbid"], figures["plain"]
    ratio = cpu / plain_cpu
    print(f"report of {LOTS} lots x {BIDS} bids: resbid {wall:.1f} s wall, {cpu:.1f} CPU s ({PROCESSES} processes), "
          f"{pages} pages; plain WeasyPrint {plain_wall:.1f} s wall, {plain_cpu:.1f} CPU s, {plain_pages} pages; "
          f"CPU {ratio:.2f}x plain (goal within {GOAL_RENDER_RATIO}x: "
          f"{'met' if ratio <= GOAL_RENDER_RATIO else 'MISSED'})", flush=True)


def main() -> None:
    if sys.argv[1:2] == ["--report"]:
        measure_report(sys.argv[2])
        return
    evaluate_ten_lots()
    rankings = cascading_rankings()
    print(f"award across {LOTS} lots of {BIDS} bids, {STRONG} tenderers leading every lot")
    for limit in (None, 1, 2, 3):
        started = time.perf_counter()
        award = award_lots(LotRules(max_lots_awarded_per_tenderer=limit), rankings)
        seconds = time.perf_counter() - started
        print(f"  limit {limit or 'none':>4}: {seconds * 1000:8.1f} ms, {len(set(award.winners().values()))} "
              f"tenderers win", flush=True)
    render_ten_lots()


if __name__ == "__main__":
    main()
