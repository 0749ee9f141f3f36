"""Benchmark of the scoring engine: evaluate + sensitivity on a synthetic 60-criterion tender.

Run: .venv/bin/python benchmarks/bench_scoring.py [bid counts...]
Each bid declares 200 supply lines; the sensitivity uses 10,000 Dirichlet weight draws.
Goal (issue): 1,000 bids under 2 s and under 500 MB. Each bid count runs in its own process so
that its peak memory (ru_maxrss, which includes the bids themselves) is its own.
"""

from __future__ import annotations

import gc
import random
import resource
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scoring import Bid, Judgement, SupplyLine, analyse_sensitivity, evaluate, parse_tender  # noqa: E402 (the path above makes the repository importable)

MATERIALS = ("Nd", "Pr", "Dy", "Tb", "Co", "Li", "Ni", "graphite", "Cu", "Mn")
STAGES = ("extraction", "processing", "manufacturing")
COUNTRIES = ("CN", "AU", "US", "MY", "DE", "FR", "EE", "CL", "CD", "ID", "NO", "CA", "JP", "FI")
METRICS = ("largest_third_country_share", "eu_share", "hhi", "recycled_share")
DEFAULT_COUNTS = (100, 1_000, 5_000)
DRAWS = 10_000


def synthetic_tender() -> dict:
    """60 criteria: price, 30 metric-sourced, 10 yes/no, 10 numeric answers, 6 judgements, 3 gates."""
    metric_leaves = [
        {"code": f"RES-{material}-{stage[:3]}-{metric[:3]}", "name": f"{material} {stage} {metric}",
         "weight": 100 / 30, "source": {"metric": metric, "stage": stage, "material": material},
         "rule": ({"kind": "linear", "better": "lower", "anchors": [[2_000, 100], [10_000, 0]]} if metric == "hhi"
                  else {"kind": "linear", "better": "lower" if metric.startswith("largest") else "higher",
                        "anchors": [[50, 100], [100, 0]] if metric.startswith("largest") else [[0, 0], [60, 100]]})}
        for material, stage, metric in [(MATERIALS[i % 10], STAGES[i % 3], METRICS[i % 4]) for i in range(30)]]
    yes_no = [{"code": f"YN{i}", "name": f"Declaration {i}", "weight": 10, "rule": {"kind": "yes_no"}}
              for i in range(10)]
    numeric = [{"code": f"NUM{i}", "name": f"Numeric {i}", "weight": 10,
                "rule": {"kind": "bands", "bands": [{"from": 0, "to": 30, "points": 100},
                                                    {"from": 30, "to": 60, "points": 50}]} if i % 2 else
                {"kind": "threshold", "threshold": 50, "better": "higher"}} for i in range(10)]
    judged = [{"code": f"J{i}", "name": f"Judgement {i}", "weight": 100 / 6,
               "rule": {"kind": "judgement", "scale": 5, "descriptors": ["0", "1", "2", "3", "4", "5"]}}
              for i in range(6)]
    gates = [{"code": f"G{i}", "name": f"Gate {i}", "rule": {"kind": "pass_fail"}} for i in range(3)]
    return {"reference": "BENCH-1", "title": "Benchmark", "bill_of_materials": {m: 0.1 for m in MATERIALS},
            "criteria": [
                {"code": "PRICE", "name": "Price", "type": "price", "weight": 30,
                 "rule": {"kind": "price_proportional"}},
                {"code": "RES", "name": "Resilience", "weight": 40, "min_score": 5, "children": metric_leaves},
                {"code": "DECL", "name": "Declarations", "weight": 10, "children": yes_no + gates},
                {"code": "NUM", "name": "Numbers", "weight": 10, "children": numeric},
                {"code": "QUAL", "name": "Quality", "weight": 10, "children": judged}]}


def synthetic_bid(index: int, rng: random.Random) -> Bid:
    """A bid with 200 supply lines (30 material-stage pairs of 6 or 7 countries) and every answer."""
    lines = []
    pairs = [(m, s) for m in MATERIALS for s in STAGES]
    for pair_index, (material, stage) in enumerate(pairs):
        count = 7 if pair_index < 20 else 6  # 20 x 7 + 10 x 6 = 200
        countries = rng.sample(COUNTRIES, count)
        raw = [rng.random() + 0.1 for _ in countries]
        shares = [round(100 * r / sum(raw), 4) for r in raw]
        shares[-1] = round(100 - sum(shares[:-1]), 4)
        lines += [SupplyLine(material, stage, country, share, rng.choice((0.0, 10.0, 40.0)))
                  for country, share in zip(countries, shares)]
    answers = {f"YN{i}": rng.random() < 0.6 for i in range(10)}
    answers.update({f"NUM{i}": rng.uniform(0, 100) for i in range(10)})
    answers.update({f"G{i}": True for i in range(3)})
    judgements = {f"J{i}": Judgement({f"e{e}": (rng.randint(1, 5), "reason") for e in range(3)})
                  for i in range(6)}
    return Bid(f"B{index:05d}", f"Bidder {index}", round(rng.uniform(800_000, 1_200_000), 2),
               datetime(2026, 3, 1, tzinfo=timezone.utc) + timedelta(minutes=index), answers=answers,
               supply=tuple(lines), judgements=judgements)


def measure(count: int) -> None:
    """Times evaluate + sensitivity for `count` bids (built beforehand) and prints time and memory."""
    rng = random.Random(count)
    tender = parse_tender(synthetic_tender())
    bids = [synthetic_bid(i, rng) for i in range(count)]
    gc.collect()  # start clean: building the bids must not bill its own garbage collection to evaluate
    rss_before = _max_rss_mb()
    started = time.perf_counter()
    result = evaluate(tender, bids)
    evaluated = time.perf_counter()
    report = analyse_sensitivity(tender, result, draws=DRAWS)
    finished = time.perf_counter()
    total = finished - started
    print(f"{count:>6} bids: evaluate {evaluated - started:6.2f} s + sensitivity {finished - evaluated:5.2f} s "
          f"= {total:6.2f} s ({1000 * total / count:5.2f} ms per bid); max RSS {_max_rss_mb():7.1f} MB "
          f"(bids alone {rss_before:7.1f} MB)", flush=True)
    print(f"        {report.summary}", flush=True)


def _max_rss_mb() -> float:
    """The process's peak resident memory so far, in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(arguments: list[str]) -> None:
    """Each bid count in its own process, so each peak memory figure is its own."""
    if arguments[:1] == ["--one"]:
        measure(int(arguments[1]))
        return
    print(f"evaluate + sensitivity ({DRAWS:,} weight draws); 60 criteria; 200 supply lines per bid")
    for count in [int(arg) for arg in arguments] or DEFAULT_COUNTS:
        subprocess.run([sys.executable, __file__, "--one", str(count)], check=True)


if __name__ == "__main__":
    main(sys.argv[1:])
