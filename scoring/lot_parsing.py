"""Reads tender.yaml's `lots:` and `lot_rules:` (Directive 2014/24/EU Art. 46) into Lots and LotRules.

Each lot is checked as the tender itself is: its bill of materials against the reference materials, its own
criteria tree (if it has one) like the tender's, and the shared tree against its own bill of materials (a
criterion may read a material only that bill lists). Problems are placed as `lots[2].criteria[0].weight`.
The goods codes' formats are checked by tender_files (tender_files/codes.py), which the scoring library does
not import.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any

from scoring.criteria_parsing import CriteriaParser, language_texts
from scoring.lot_definition import Lot
from scoring.lots import LotRules, parse_lot_rules
from scoring.messages import Message
from scoring.problems import InvalidInput, Problem
from scoring.resilience import validate_bill_of_materials

LOT_KEYS = ("number", "title", "titles", "description", "cn_code", "cpv_code", "estimated_value", "bill_of_materials",
            "criteria")


def parse_lots(data: Mapping[str, Any], weighting: str, bill: Mapping[str, float]
               ) -> tuple[tuple[Lot, ...], LotRules, list[Problem]]:
    """The lots and their published rules, and every problem found in them, placed."""
    raw = data.get("lots")
    if raw is None:
        if data.get("lot_rules") is not None:
            message = Message("only a tender divided into lots (lots:) has lot rules")
            return (), LotRules(), [Problem("lot_rules", message)]
        return (), LotRules(), []
    if not isinstance(raw, Sequence) or isinstance(raw, str) or not raw:
        return (), LotRules(), [Problem("lots", Message("expected a non-empty list of lots"))]
    problems: list[Problem] = []
    if data.get("award_method") == "prozorro":
        problems.append(Problem("award_method", Message(
            "the award across lots adds each lot's weighted score (Directive 2014/24/EU Art. 46(2)); the ProZorro "
            "compared price cannot be added across lots: use weighted_sum")))
    lots = []
    for index, item in enumerate(raw):
        lot = _lot(item, f"lots[{index}]", weighting, bill, data.get("criteria"), problems)
        if lot is not None:
            lots.append(lot)
    numbers = [lot.number for lot in lots]
    if len(lots) == len(raw) and sorted(numbers) != list(range(1, len(raw) + 1)):
        problems.append(Problem("lots", Message("lot numbers must be 1 to %(last)s, each once; got %(numbers)s",
                                                last=len(raw), numbers=", ".join(map(str, numbers)))))
    try:
        rules = parse_lot_rules(data.get("lot_rules"), numbers)
    except InvalidInput as error:
        problems += error.problems
        rules = LotRules()
    return tuple(lots), rules, problems


def _lot(item: Any, place: str, weighting: str, bill: Mapping[str, float], shared_raw: Any,
         problems: list[Problem]) -> Lot | None:
    """One lot, or None when its number or title cannot be read."""
    if not isinstance(item, Mapping):
        problems.append(Problem(place, Message("expected a mapping with number, title and the lot's other fields")))
        return None
    problems += [Problem(f"{place}.{key}", Message("unknown field")) for key in item if key not in LOT_KEYS]
    number, title = item.get("number"), item.get("title")
    usable = True
    if isinstance(number, bool) or not isinstance(number, int) or number < 1:
        problems.append(Problem(f"{place}.number", Message("expected a lot number from 1, got %(value)s",
                                                           value=repr(number))))
        usable = False
    if not isinstance(title, str) or not title.strip():
        problems.append(Problem(f"{place}.title", Message("missing") if title is None
                                else Message("expected a non-empty text")))
        usable = False
    texts = {}
    for key in ("description", "cn_code", "cpv_code"):
        value = item.get(key, "")
        if not isinstance(value, str):
            problems.append(Problem(f"{place}.{key}", Message("expected a text, got %(value)s", value=repr(value))))
            value = ""
        texts[key] = value
    titles = language_texts(item, "titles", place, problems)
    value = item.get("estimated_value")
    if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0):
        problems.append(Problem(f"{place}.estimated_value", Message("expected an amount above zero, got %(value)s",
                                                                    value=repr(value))))
        value = None
    lot_bill = _bill(item.get("bill_of_materials"), f"{place}.bill_of_materials", problems)
    criteria = None
    if item.get("criteria") is not None:
        parsed = CriteriaParser(weighting, bill if lot_bill is None else lot_bill).parse(item["criteria"])
        problems += [_placed(place, problem) for problem in parsed.problems]
        criteria = parsed.criteria
    elif lot_bill is not None:
        problems += _shared_tree_problems(place, weighting, bill, lot_bill, shared_raw)
    if not usable:
        return None
    return Lot(number, title, texts["description"], texts["cn_code"], texts["cpv_code"],
               None if value is None else float(value), lot_bill, criteria, titles)


def _bill(raw: Any, place: str, problems: list[Problem]) -> Mapping[str, float] | None:
    """The lot's own bill of materials (None: the tender's), checked like the tender's."""
    if raw is None:
        return None
    found = validate_bill_of_materials(raw, place)
    problems += found
    return None if found else MappingProxyType({material: float(mass) for material, mass in raw.items()})


def _shared_tree_problems(place: str, weighting: str, bill: Mapping[str, float], lot_bill: Mapping[str, float],
                          shared_raw: Any) -> list[Problem]:
    """What the shared criteria tree reads that the lot's own bill of materials does not list."""
    with_tender = set(CriteriaParser(weighting, bill).parse(shared_raw).problems)
    with_lot = CriteriaParser(weighting, lot_bill).parse(shared_raw).problems
    return [Problem(f"{place}.bill_of_materials", Message(
        "the shared criteria, with this lot's bill of materials: %(place)s: %(problem)s", place=problem.place,
        problem=problem.message)) for problem in with_lot if problem not in with_tender]


def _placed(lot_place: str, problem: Problem) -> Problem:
    """A problem of a lot's own criteria tree, placed under the lot."""
    if problem.place.startswith("criteria"):
        return Problem(f"{lot_place}.{problem.place}", problem.message)
    return Problem(f"{lot_place}.criteria: {problem.place}", problem.message)
