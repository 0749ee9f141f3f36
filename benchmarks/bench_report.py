"""Benchmark of the evaluation report: resbid's pipeline against plain WeasyPrint on the same HTML.

Run: .venv/bin/python benchmarks/bench_report.py [bid counts...]   (default 10, 100, 500)
A synthetic tender with 20 criteria (price, 10 resilience metrics, 5 declarations, 4 committee
judgements scored by 3 evaluators with justifications); 12 supply lines per bid.
- resbid: report context (evaluate + sensitivity) + render_report as the render worker runs it
  (parts of 10 bids laid out by RESBID_REPORT_PROCESSES processes, front matter, furniture, merge);
- plain: one WeasyPrint document of the same HTML (every section, page numbers by CSS counters).
Figures are medians of RUNS runs, each in a fresh process. "s" is wall-clock time; "CPU s" adds
up the time of every process, so the overhead over plain WeasyPrint compares work, not cores.
Peak MB of resbid is its main process plus PROCESSES times the largest layout process: an upper
bound of what it holds at once.
Goals (issue): resbid adds at most 20% to plain WeasyPrint; seconds per page flat as bids grow;
100 bids under 15 s; 500 bids under 1.5 GB peak.
"""
from __future__ import annotations

import io
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import pikepdf

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.reports import templating  # noqa: E402 (the path above makes the repository importable)
from app.reports.context import Receipt, ReportInputs, build_report_context  # noqa: E402
from app.reports.document import BIDS, BODY, TAIL, document_meta, render_report  # noqa: E402
from scoring import Bid, Judgement, SupplyLine, parse_tender  # noqa: E402
from tender_files.metadata import TenderMeta  # noqa: E402

DEFAULT_COUNTS = (10, 100, 500)
RUNS = 3
PROCESSES = min(2, os.cpu_count() or 1)  # the RESBID_REPORT_PROCESSES default
MATERIALS = ("Nd", "Pr", "Dy", "Tb")
STAGES = ("extraction", "processing", "manufacturing")
COUNTRIES = ("CN", "AU", "US", "MY", "DE", "FR", "EE", "NO", "CA", "JP")
METRICS = ("largest_third_country_share", "eu_share", "recycled_share")
EVALUATORS = ("chair@authority.example", "evaluator1@authority.example", "evaluator2@authority.example")
JUSTIFICATION = ("The proposal meets the specification with test evidence for most requirements; the committee "
                 "notes gaps in the documentation of the second source and of the lot traceability.")


def synthetic_tender() -> dict:
    """20 leaf criteria in four groups."""
    metrics = [{"code": f"RES-{i}", "name": f"{MATERIALS[i % 4]} {STAGES[i % 3]} {METRICS[i % 3].replace('_', ' ')}",
                "weight": 10,
                "source": {"metric": METRICS[i % 3], "stage": STAGES[i % 3], "material": MATERIALS[i % 4]},
                "rule": {"kind": "linear", "better": "lower" if i % 3 == 0 else "higher",
                         "anchors": [[50, 100], [100, 0]] if i % 3 == 0 else [[0, 0], [60, 100]]}}
               for i in range(10)]
    declarations = [{"code": f"DECL-{i}", "name": f"Declaration {i}: recycling and traceability undertaking",
                     "weight": 20, "rule": {"kind": "yes_no"}} for i in range(5)]
    judged = [{"code": f"QUAL-{i}", "name": f"Technical quality {i}", "weight": 25,
               "rule": {"kind": "judgement", "scale": 5, "descriptors": ["none", "poor", "fair", "good", "very good",
                                                                          "excellent"]}} for i in range(4)]
    return {"reference": "BENCH-REPORT-1", "title": "Benchmark tender for permanent-magnet sets",
            "bill_of_materials": {material: 0.1 for material in MATERIALS},
            "criteria": [{"code": "PRICE", "name": "Price", "type": "price", "weight": 35,
                          "rule": {"kind": "price_proportional"}},
                         {"code": "RES", "name": "Supply-chain resilience", "weight": 35, "children": metrics},
                         {"code": "DECL", "name": "Declarations", "weight": 10, "children": declarations},
                         {"code": "QUAL", "name": "Quality", "weight": 20, "children": judged}]}


def synthetic_bid(index: int, rng: random.Random) -> Bid:
    """A bid with one supply line set per material and stage, every answer and three evaluators' scores."""
    lines = []
    for material in MATERIALS:
        for stage in STAGES:
            first, second = rng.sample(COUNTRIES, 2)
            share = round(rng.uniform(30, 90), 1)
            lines += [SupplyLine(material, stage, first, share, rng.choice((0.0, 20.0))),
                      SupplyLine(material, stage, second, round(100 - share, 1), 0.0)]
    judgements = {f"QUAL-{i}": Judgement({email: (rng.randint(1, 5), JUSTIFICATION) for email in EVALUATORS},
                                         (rng.randint(1, 5), JUSTIFICATION)) for i in range(4)}
    return Bid(f"bid-{index:04d}", f"Bidder {index:04d} Magnet Works", round(rng.uniform(800_000, 1_200_000), 2),
               datetime(2027, 2, 1, tzinfo=timezone.utc) + timedelta(minutes=index),
               answers={f"DECL-{i}": rng.random() < 0.7 for i in range(5)}, supply=tuple(lines),
               judgements=judgements)


def synthetic_context(count: int) -> dict:
    """The report context of `count` synthetic bids."""
    rng = random.Random(count)
    deadline = datetime(2027, 2, 15, 11, tzinfo=timezone.utc)
    meta = TenderMeta(reference="BENCH-REPORT-1", title="Benchmark tender for permanent-magnet sets",
                      authority_name="Benchmark Purchasing Body", authority_country="BE",
                      submission_deadline_at=deadline, opening_at=deadline + timedelta(hours=2),
                      estimated_value=Decimal(1_000_000))
    bids = [synthetic_bid(i, rng) for i in range(count)]
    receipts = {bid.id: Receipt(f"{bid.id}.xlsx", f"{i:064x}") for i, bid in enumerate(bids)}
    committee = [{"member": email, "role": "evaluator", "declared": None} for email in EVALUATORS]
    return build_report_context(ReportInputs(meta, parse_tender(synthetic_tender()), bids, receipts,
                                             "finalised", committee, (), deadline + timedelta(days=20)))


def plain_html(context: dict) -> str:
    """The same content as one HTML document: every section, and the page furniture numbered by CSS counters."""
    meta = document_meta(context, "Evaluation report")
    contents = [{"number": s.number, "title": s.title, "page": 0} for s in (*BODY, BIDS, *TAIL)]
    pieces = [templating.render("reports/report_front.html", report=context, meta=meta, contents=contents),
              templating.render("reports/report_part.html", report=context, meta=meta,
                                sections=[*BODY, BIDS, *TAIL], chunk=context["bids"])]
    bodies = "".join(re.search(r"<body>(.*)</body>", piece, re.S).group(1) for piece in pieces)
    furniture = (f'<div class="running-header"><span class="right">{context["tender"]["reference"]}</span>'
                 'Evaluation report</div>'
                 '<div class="running-footer"><span class="right page-number"></span>Final</div>')
    return f'<html lang="en"><body><div class="furniture">{furniture}{bodies}</div></body></html>'


PLAIN_NUMBERS = '.page-number::after { content: "Page " counter(page) " of " counter(pages); }'


def measure(count: int, mode: str) -> None:
    """One figure line: wall seconds, CPU seconds, pages and peak MB of one mode."""
    if mode == "resbid":  # the context counts, as the worker builds it
        def render() -> bytes:
            return render_report(synthetic_context(count), processes=PROCESSES)
    else:  # only the rendering counts
        from weasyprint import CSS, HTML

        from app.reports.fetcher import DataOnlyFetcher

        html = plain_html(synthetic_context(count))

        def render() -> bytes:
            return HTML(string=html, url_fetcher=DataOnlyFetcher()).write_pdf(
                stylesheets=[CSS(string=templating.stylesheet_text() + PLAIN_NUMBERS)])
    started, cpu_before, children_before = time.perf_counter(), time.process_time(), _children_cpu()
    pdf = render()
    seconds = time.perf_counter() - started
    cpu = time.process_time() - cpu_before + _children_cpu() - children_before
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if mode == "resbid":  # the largest layout process, PROCESSES times (the imports' helper process is far smaller)
        peak += PROCESSES * resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    with pikepdf.open(io.BytesIO(pdf)) as document:
        pages = len(document.pages)
    print(f"{count} {mode} {seconds:.2f} {cpu:.2f} {pages} {peak:.0f}", flush=True)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def median_run(count: int, mode: str) -> tuple[float, float, int, float]:
    """Median wall seconds, CPU seconds, pages and peak MB over RUNS fresh processes."""
    runs = []
    for _ in range(RUNS):
        words = subprocess.run([sys.executable, __file__, "--one", str(count), mode], check=True,
                               capture_output=True, text=True).stdout.split()
        runs.append((float(words[2]), float(words[3]), int(words[4]), float(words[5])))
    return (statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs), runs[0][2],
            statistics.median(r[3] for r in runs))


def main(arguments: list[str]) -> None:
    if arguments[:1] == ["--one"]:
        measure(int(arguments[1]), arguments[2])
        return
    print(f"evaluation report, 20 criteria per bid, median of {RUNS} runs; resbid = context + parts laid out by "
          f"{PROCESSES} processes + merge; plain = one WeasyPrint document, one process")
    print(f"{'bids':>5} {'resbid s':>9} {'CPU s':>7} {'pages':>6} {'s/page':>7} {'CPU/page':>8} {'peak MB':>8} | "
          f"{'plain s':>8} {'pages':>6} {'s/page':>7} {'peak MB':>8} | {'CPU over plain':>14}")
    for count in [int(arg) for arg in arguments] or DEFAULT_COUNTS:
        wall, cpu, pages, peak = median_run(count, "resbid")
        plain, _, plain_pages, plain_peak = median_run(count, "plain")
        print(f"{count:>5} {wall:>9.2f} {cpu:>7.2f} {pages:>6} {wall / pages:>7.3f} {cpu / pages:>8.3f} {peak:>8.0f} | "
              f"{plain:>8.2f} {plain_pages:>6} {plain / plain_pages:>7.3f} {plain_peak:>8.0f} | "
              f"{100 * (cpu / plain - 1):>+13.1f}%", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
