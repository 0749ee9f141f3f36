"""Benchmark of one bid's resilience profile: compute_profile on a 200-line declaration.

Run: .venv/bin/python benchmarks/bench_resilience.py
Budget: 2 ms per profile, so that 1,000 bids of 200 lines each stay well under the 2 s of the scoring goal
(benchmarks/bench_scoring.py). The figure is the best of 5 rounds of 20 profiles (the least disturbed by
other processes on the machine).
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scoring.resilience import compute_profile  # noqa: E402
from tests.scoring.builders import MAGNET_BILL, two_hundred_lines  # noqa: E402

BUDGET_MS = 2.0
ROUNDS, REPEAT = 5, 20


def main() -> None:
    lines = two_hundred_lines()
    compute_profile(lines, MAGNET_BILL)  # warm the reference data caches
    best = min(_seconds_each(lambda: compute_profile(lines, MAGNET_BILL)) for _ in range(ROUNDS))
    verdict = "within" if best * 1000 < BUDGET_MS else "ABOVE"
    print(f"compute_profile, {len(lines)} supply lines: {best * 1000:.2f} ms per profile "
          f"({verdict} the budget of {BUDGET_MS:g} ms)")


def _seconds_each(work) -> float:
    start = time.perf_counter()
    for _ in range(REPEAT):
        work()
    return (time.perf_counter() - start) / REPEAT


if __name__ == "__main__":
    main()
