"""Benchmark of the evaluation report: resbid's pipeline against plain WeasyPrint on the same HTML.

Run: .venv/bin/python benchmarks/bench_report.py [bid counts...]   (default 10, 100, 500)
A synthetic tender with 20 criteria (price, 10 resilience metrics, 5 declarations, 4 committee
judgements scored by 3 evaluators with justifications); 12 supply lines per bid.
- resbid: report context (evaluate + sensitivity) + render_report (parts of 50 bids, front matter,
  furniture, pikepdf merge), as the render worker runs it;
- plain: one WeasyPrint document of the same HTML (every section, page numbers by CSS counters).
Goals (issue): resbid adds at most 20% to plain WeasyPrint; seconds per page flat as bids grow;
100 bids under 15 s; 500 bids under 1.5 GB peak. Each measurement runs in its own process, so
each peak memory (ru_maxrss) is its own.
"""
from __future__ import annotations

import io
import random
import re
import resource
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
from app.reports.document import BIDS, BODY, TAIL, document_meta, furniture, render_report  # noqa: E402
from app.tender_files.metadata import TenderMeta  # noqa: E402
from scoring import Bid, Judgement, SupplyLine, parse_tender  # noqa: E402

DEFAULT_COUNTS = (10, 100, 500)
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
    """The same content as one HTML document: every section and the page furniture, numbered by CSS."""
    meta = document_meta(context, "Evaluation report")
    contents = [{"number": s.number, "title": s.title, "page": 0} for s in (*BODY, BIDS, *TAIL)]
    pieces = [templating.render("reports/report_front.html", report=context, meta=meta, contents=contents),
              templating.render("reports/report_part.html", report=context, meta=meta,
                                sections=[*BODY, BIDS, *TAIL], chunk=context["bids"]),
              templating.render("reports/furniture.html", meta=meta, furniture=furniture(context, 0, "Report", True))]
    bodies = "".join(re.search(r"<body>(.*)</body>", piece, re.S).group(1) for piece in pieces)
    return f'<html lang="en"><body><div class="furniture">{bodies}</div></body></html>'


def measure(count: int, mode: str) -> None:
    """One figure line: seconds, pages, seconds per page and peak memory of one mode."""
    started = time.perf_counter()
    context = synthetic_context(count)
    if mode == "resbid":
        pdf = render_report(context)
    else:
        from weasyprint import CSS, HTML

        from app.reports.fetcher import DataOnlyFetcher

        html = plain_html(context)
        started = time.perf_counter()  # plain WeasyPrint: only the rendering counts
        pdf = HTML(string=html, url_fetcher=DataOnlyFetcher()).write_pdf(
            stylesheets=[CSS(string=templating.stylesheet_text())])
    seconds = time.perf_counter() - started
    with pikepdf.open(io.BytesIO(pdf)) as document:
        pages = len(document.pages)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{count} {mode} {seconds:.2f} {pages} {peak:.0f}", flush=True)


def main(arguments: list[str]) -> None:
    if arguments[:1] == ["--one"]:
        measure(int(arguments[1]), arguments[2])
        return
    print("evaluation report, 20 criteria per bid; resbid = context + parts + merge; plain = WeasyPrint alone")
    print(f"{'bids':>5} {'resbid s':>9} {'pages':>6} {'s/page':>7} {'peak MB':>8} | {'plain s':>8} {'pages':>6} "
          f"{'peak MB':>8} | {'overhead':>8}")
    for count in [int(arg) for arg in arguments] or DEFAULT_COUNTS:
        figures = {}
        for mode in ("resbid", "plain"):
            line = subprocess.run([sys.executable, __file__, "--one", str(count), mode], check=True,
                                  capture_output=True, text=True).stdout.split()
            figures[mode] = (float(line[2]), int(line[3]), float(line[4]))
        (ours, pages, peak), (plain, plain_pages, plain_peak) = figures["resbid"], figures["plain"]
        print(f"{count:>5} {ours:>9.2f} {pages:>6} {ours / pages:>7.3f} {peak:>8.0f} | {plain:>8.2f} "
              f"{plain_pages:>6} {plain_peak:>8.0f} | {100 * (ours / plain - 1):>+7.1f}%", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
