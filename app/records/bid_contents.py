"""What a stored bid keeps from its workbook, written in one place for portal uploads and folder imports."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal

from app.models import Answer, Bid, BidLot, SupplyLine
from scoring.resilience import SupplyLine as DeclaredLine
from workbooks import ParsedWorkbook


def store_contents(bid: Bid, workbook: ParsedWorkbook) -> None:
    """Copy the price, the declared controlling entity, the answers (with their cells) and the supply lines; for a
    tender divided into lots (Directive 2014/24/EU Art. 46), the lots bid for with each one's price, answers and
    supply chain (the workbook's own price, answers and supply are then empty)."""
    bid.price = workbook.price
    bid.controlling_entity = workbook.company.controlling_entity or None
    bid.controlling_country = workbook.company.controlling_country or None
    offers = sorted(workbook.lots.items())
    bid.lots = [BidLot(lot_number=number, price=offer.price) for number, offer in offers]
    bid.answers = _answers(workbook.answers, workbook.answer_places, None) + [
        answer for number, offer in offers for answer in _answers(offer.answers, offer.answer_places, number)]
    bid.supply_lines = _supply(workbook.supply, None) + [
        line for number, offer in offers for line in _supply(offer.supply, number)]


def _answers(answers: Mapping[str, object], places: Mapping[str, str], lot: int | None) -> list[Answer]:
    return [Answer(criterion_code=code, value=value, place=places.get(code, ""), lot_number=lot)
            for code, value in answers.items()]


def _supply(lines: Iterable[DeclaredLine], lot: int | None) -> list[SupplyLine]:
    return [SupplyLine(material=line.material, stage=line.stage, country=line.country,
                       share=Decimal(str(line.share)), recycled=Decimal(str(line.recycled)),
                       supplier=line.supplier, evidence=line.evidence, place=line.place, lot_number=lot)
            for line in lines]
