"""What a stored bid keeps from its workbook, written in one place for portal uploads and folder imports."""
from __future__ import annotations

from decimal import Decimal

from app.models import Answer, Bid, SupplyLine
from workbooks import ParsedWorkbook


def store_contents(bid: Bid, workbook: ParsedWorkbook) -> None:
    """Copy the price, the declared controlling entity, the answers (with their cells) and the supply lines."""
    bid.price = workbook.price
    bid.controlling_entity = workbook.company.controlling_entity or None
    bid.controlling_country = workbook.company.controlling_country or None
    bid.answers = [Answer(criterion_code=code, value=value, place=workbook.answer_places.get(code, ""))
                   for code, value in workbook.answers.items()]
    bid.supply_lines = [SupplyLine(material=line.material, stage=line.stage, country=line.country,
                                   share=Decimal(str(line.share)), recycled=Decimal(str(line.recycled)),
                                   supplier=line.supplier, evidence=line.evidence, place=line.place)
                        for line in workbook.supply]
