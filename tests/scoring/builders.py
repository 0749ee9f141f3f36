"""Builders for scoring tests (and the benchmarks): a small magnet tender and bids, each overridable."""

from __future__ import annotations

import copy
import random
from datetime import datetime, timedelta, timezone

from scoring import Bid, Judgement, SupplyLine, parse_tender
from scoring.resilience import STAGES

OPENED_AT = datetime(2026, 3, 1, 10, 0, tzinfo=timezone.utc)
DESCRIPTORS = ["no answer", "poor", "adequate", "good", "very good", "excellent"]


def tender_dict(**overrides) -> dict:
    """Price 40 (proportional), resilience group 45 (Dy refining metric 50, EU recycling yes/no 20,
    recycled content linear 30), quality plan 15 (judgement 0..5)."""
    data = {
        "reference": "RB-2026-MAG-01",
        "title": "NdFeB magnets for wind turbines",
        "currency": "EUR",
        "weighting": "percent",
        "bill_of_materials": {"Nd": 0.62, "Pr": 0.2, "Dy": 0.05, "Tb": 0.01},
        "criteria": [
            {"code": "PRICE", "name": "Price", "type": "price", "weight": 40,
             "rule": {"kind": "price_proportional"}},
            {"code": "RES", "name": "Supply resilience", "type": "quality", "weight": 45, "children": [
                {"code": "RES-DY-REF", "name": "Dy refining concentration", "type": "quality", "weight": 50,
                 "source": {"metric": "largest_third_country_share", "stage": "processing", "material": "Dy"},
                 "rule": {"kind": "linear", "better": "lower", "anchors": [[50, 100], [100, 0]]}},
                {"code": "RES-EOL", "name": "End-of-life recycling in the EU", "type": "quality", "weight": 20,
                 "rule": {"kind": "yes_no", "points_yes": 100, "points_no": 0}},
                {"code": "RES-RCY", "name": "Recycled content", "type": "quality", "weight": 30,
                 "rule": {"kind": "linear", "better": "higher", "anchors": [[0, 0], [20, 100]]}},
            ]},
            {"code": "QUAL", "name": "Quality plan", "type": "quality", "weight": 15,
             "rule": {"kind": "judgement", "scale": 5, "descriptors": DESCRIPTORS, "aggregate": "consensus"}},
        ],
        "tie_break": ["quality", "price", "submitted_at", "lots"],
    }
    data.update(copy.deepcopy(overrides))
    return data


def simple_tender_dict(**overrides) -> dict:
    """No metrics: price 60 and two answer-scored criteria (yes/no 25, linear 15)."""
    data = {
        "reference": "RB-SIMPLE",
        "title": "Simple tender",
        "criteria": [
            {"code": "PRICE", "name": "Price", "type": "price", "weight": 60, "rule": {"kind": "price_proportional"}},
            {"code": "EOL", "name": "EU recycling", "weight": 25, "rule": {"kind": "yes_no"}},
            {"code": "RCY", "name": "Recycled content", "weight": 15,
             "rule": {"kind": "linear", "better": "higher", "anchors": [[0, 0], [20, 100]]}},
        ],
    }
    data.update(copy.deepcopy(overrides))
    return data


def make_tender(**overrides):
    """The magnet tender, parsed."""
    return parse_tender(tender_dict(**overrides))


def make_simple_tender(**overrides):
    """The simple tender, parsed."""
    return parse_tender(simple_tender_dict(**overrides))


def make_bid(bid_id: str, price=100_000.0, minutes: int = 0, **fields) -> Bid:
    """A bid submitted `minutes` after the opening reference time."""
    fields.setdefault("bidder", f"Bidder {bid_id}")
    return Bid(id=bid_id, price=price, submitted_at=OPENED_AT + timedelta(minutes=minutes), **fields)


def consensus(score: int) -> Judgement:
    """A judgement with two evaluators and the chair's consensus."""
    return Judgement({"anna": (score, "as discussed"), "ben": (score, "agreed")}, (score, "consensus reached"))


def dy(*shares):
    """Dy refining declared as (country, percent) pairs."""
    return tuple(SupplyLine("Dy", "processing", country, share) for country, share in shares)


MAGNET_BILL = {"Nd": 0.62, "Pr": 0.2, "Dy": 0.05, "Tb": 0.01}
SUPPLY_COUNTRIES = ["DE", "FR", "EE", "NO", "IS", "AU", "CA", "CN", "US", "MY", "GL"]  # EU, EEA, partners, others


def two_hundred_lines() -> list[SupplyLine]:
    """200 supply lines over MAGNET_BILL's materials at every stage, each (material, stage) summing to 100."""
    rnd = random.Random(7)
    groups = [(material, stage) for material in MAGNET_BILL for stage in STAGES]
    lines = []
    for index, (material, stage) in enumerate(groups):
        count = 200 // len(groups) + (1 if index < 200 % len(groups) else 0)
        lines += [SupplyLine(material, stage, rnd.choice(SUPPLY_COUNTRIES), 100 / count, rnd.random() * 10,
                             place=f"Supply chain!A{len(lines) + i + 2}") for i in range(count)]  # fmt: skip
    return lines



def many_bids(count: int, seed: int, prefix: str = "B") -> list[Bid]:
    """`count` varied bids for the magnet tender (tender_dict), bidders named f"{prefix}{i:03}"."""
    rnd = random.Random(seed)
    bids = []
    for i in range(count):
        china = rnd.uniform(40, 100)
        bids.append(make_bid(f"{prefix}{i:03}", rnd.uniform(80_000, 160_000), i, bidder=f"{prefix}{i:03}",
                             answers={"RES-EOL": rnd.random() < 0.5, "RES-RCY": rnd.uniform(0, 25)},
                             supply=dy(("CN", china), ("EE", 100 - china)),
                             judgements={"QUAL": consensus(rnd.randint(0, 5))}))
    return bids
