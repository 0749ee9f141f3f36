"""A tender of 10 lots x 100 bids: the award across lots alone, then the whole evaluation with sensitivity.

1. The award (scoring/lot_award.py) where published limits cascade: the same ten strong tenderers lead every lot
   with close scores, so under a limit of 1, 2 or 3 lots per tenderer every lot's winner depends on the others,
   the worst case of the search.
2. Issue 16's goal: the magnet tender (tests/scoring/builders.py) in 10 lots, the same 100 tenderers bidding for
   every lot with varied bids (a supply chain, answers and a committee score each), evaluated lot by lot
   (scoring/lot_evaluation.py), awarded with at most 2 lots per tenderer, and each lot's sensitivity with
   10,000 weight draws, in under 2 s.
"""
from __future__ import annotations

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scoring.definition import parse_tender  # noqa: E402 (the path above makes the repository importable)
from scoring.lot_award import award_lots  # noqa: E402
from scoring.lot_evaluation import analyse_lot_sensitivity, evaluate_lots  # noqa: E402
from scoring.lots import LotBid, LotRanking, LotRules  # noqa: E402
from tests.scoring.builders import many_bids, tender_dict  # noqa: E402

GOAL_SECONDS = 2.0

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


def evaluate_ten_lots() -> None:
    lots = [{"number": number, "title": f"Lot {number}"} for number in range(1, LOTS + 1)]
    tender = parse_tender(tender_dict(lots=lots, lot_rules={"max_lots_awarded_per_tenderer": 2}))
    bids = {number: many_bids(BIDS, seed=number, prefix="T") for number in range(1, LOTS + 1)}
    started = time.perf_counter()
    evaluation = evaluate_lots(tender, bids)
    evaluated = time.perf_counter() - started
    analyse_lot_sensitivity(tender, evaluation)
    seconds = time.perf_counter() - started
    print(f"evaluate {LOTS} lots x {BIDS} bids, award (at most 2 lots each) and sensitivity: {seconds:.2f} s "
          f"(evaluation and award {evaluated:.2f} s; goal under {GOAL_SECONDS:.0f} s: "
          f"{'met' if seconds < GOAL_SECONDS else 'MISSED'}), {len(set(evaluation.award.winners().values()))} "
          "tenderers win", flush=True)


def main() -> None:
    evaluate_ten_lots()
    rankings = cascading_rankings()
    print(f"award across {LOTS} lots of {BIDS} bids, {STRONG} tenderers leading every lot")
    for limit in (None, 1, 2, 3):
        started = time.perf_counter()
        award = award_lots(LotRules(max_lots_awarded_per_tenderer=limit), rankings)
        seconds = time.perf_counter() - started
        print(f"  limit {limit or 'none':>4}: {seconds * 1000:8.1f} ms, {len(set(award.winners().values()))} "
              f"tenderers win", flush=True)


if __name__ == "__main__":
    main()
