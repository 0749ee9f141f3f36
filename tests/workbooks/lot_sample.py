"""A sample tender in three lots and a bid for two of them, for the lot workbook tests."""
from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from scoring.definition import Tender
from scoring.lot_definition import Lot
from scoring.lots import LotRules
from scoring.resilience import SupplyLine
from tests.workbooks import sample
from workbooks import BidFilling, LotFilling

LOTS = (Lot(1, "Sintered NdFeB magnets", "Magnets for the generators", estimated_value=200_000_000),
        Lot(2, "Spare magnets", estimated_value=50_000_000),
        Lot(3, "Dysprosium reserve", "A strategic reserve of dysprosium oxide",
            bill_of_materials={"Dy": 1.0}, estimated_value=50_000_000))


def tender(same_materials: bool = False, max_bid: int | None = None) -> Tender:
    """The sample tender in three lots; lot 3 has its own bill of materials unless same_materials."""
    lots = LOTS[:2] + (replace(LOTS[2], bill_of_materials=None),) if same_materials else LOTS
    return replace(sample.tender(), lots=lots, lot_rules=LotRules(max_lots_bid_per_tenderer=max_bid))


def dy_lines() -> list[SupplyLine]:
    """A complete declaration for lot 3 (dysprosium only)."""
    return [SupplyLine("Dy", "extraction", "CN", 80, 0, "Ganzhou Rare Earth", "Annex 4"),
            SupplyLine("Dy", "extraction", "MM", 20, 0, "Kachin traders", "Annex 4"),
            SupplyLine("Dy", "processing", "CN", 100, 0, "Ganzhou Rare Earth", "Annex 5"),
            SupplyLine("Dy", "manufacturing", "EE", 100, 30, "Silmet", "Annex 6")]


def filling(**lots: LotFilling) -> BidFilling:
    """The sample bidder bidding for lots 1 and 3 (or the lots given as lot1=..., lot3=...); the sample's supply
    chain stays as the shared declaration, used where the lots have the same materials."""
    answers = sample.filling().answers
    chosen = lots or {"lot1": LotFilling(Decimal("1000000.50"), answers, sample.supply_lines()),
                      "lot3": LotFilling(Decimal("250000"), {**answers, "RES-LEAD": 4}, dy_lines())}
    return replace(sample.filling(), price=None, answers={},
                   lots={int(key.removeprefix("lot")): lot for key, lot in chosen.items()})
