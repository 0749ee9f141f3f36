"""The award across lots (scoring/lot_award.py) for 10 lots of 100 bids, where published limits cascade.

The same ten strong tenderers lead every lot with close scores, so under a limit of 1, 2 or 3 lots per tenderer
every lot's winner depends on the others: the worst case of the search. Issue 16's goal: a tender of 10 lots x
100 bids evaluates, sensitivity included, in under 2 s; the award's share of that is printed here.
"""
from __future__ import annotations

import random
import time

from scoring.lot_award import award_lots
from scoring.lots import LotBid, LotRanking, LotRules

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


def main() -> None:
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
