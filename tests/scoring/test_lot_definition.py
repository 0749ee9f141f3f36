"""tender.yaml's `lots:` and `lot_rules:` (Directive 2014/24/EU Art. 46): parsed, checked with placed messages."""

from pathlib import Path

import pytest
import yaml

from scoring import evaluate
from scoring.definition import parse_tender
from scoring.lots import LotRules
from scoring.problems import InvalidInput
from tests.scoring.builders import make_bid, simple_tender_dict, tender_dict

LOTS = [{"number": 1, "title": "Sintered magnets", "description": "Grade 42SH", "cn_code": "8505 11 00",
         "cpv_code": "31434000-7", "estimated_value": 2_500_000},
        {"number": 2, "title": "Recycled feedstock", "bill_of_materials": {"Nd": 0.7, "Pr": 0.3},
         "criteria": [{"code": "PRICE", "name": "Price", "type": "price", "weight": 70,
                       "rule": {"kind": "price_proportional"}},
                      {"code": "RCY", "name": "Recycled content", "weight": 30,
                       "rule": {"kind": "linear", "better": "higher", "anchors": [[0, 0], [50, 100]]}}]}]
RULES = {"max_lots_bid_per_tenderer": 2, "max_lots_awarded_per_tenderer": 1}


def problems_of(data) -> list[str]:
    with pytest.raises(InvalidInput) as error:
        parse_tender(data)
    return [str(problem) for problem in error.value.problems]


def test_lots_and_rules_are_read_and_written_back_through_yaml():
    tender = parse_tender(tender_dict(lots=LOTS, lot_rules=RULES))
    assert tender.lot_numbers() == (1, 2)
    assert tender.lot_rules == LotRules(2, 1)
    assert tender.lots[0].estimated_value == 2_500_000 and tender.lots[0].criteria is None
    assert [c.code for c in tender.lots[1].criteria] == ["PRICE", "RCY"]
    assert parse_tender(yaml.safe_load(yaml.safe_dump(tender.to_dict()))) == tender


def test_each_lot_is_evaluated_on_its_own_criteria_and_bill_of_materials():
    tender = parse_tender(tender_dict(lots=LOTS, lot_rules=RULES))
    shared, own = tender.lot_view(1), tender.lot_view(2)
    assert shared.criteria == tender.criteria and shared.bill_of_materials == tender.bill_of_materials
    assert own.bill_of_materials == {"Nd": 0.7, "Pr": 0.3} and own.is_checked
    # lot 2: price 70 x 100/125 = 56 plus recycled content 30 x 25/50 = 15
    result = evaluate(own, [make_bid("A", 100), make_bid("B", 125, answers={"RCY": 25})])
    assert round(result.bid("B").total, 9) == 71


def test_a_lots_own_criteria_are_checked_and_placed_under_the_lot():
    lots = [LOTS[0], {**LOTS[1], "criteria": [{**LOTS[1]["criteria"][0], "weight": "seventy"},
                                              LOTS[1]["criteria"][1]]}]
    assert problems_of(tender_dict(lots=lots)) == ["lots[1].criteria[0].weight: expected a number, got 'seventy'"]


def test_the_shared_criteria_must_find_their_materials_in_a_lots_own_bill():
    lots = [{"number": 1, "title": "Feedstock", "bill_of_materials": {"Nd": 1.0}}]
    found = problems_of(tender_dict(lots=lots))
    assert found and all(problem.startswith("lots[0].bill_of_materials: the shared criteria, with this lot's bill "
                                            "of materials: ") for problem in found)
    assert any("Dy" in problem for problem in found)


@pytest.mark.parametrize("lots, rules, expected", [
    ([{"number": 1, "title": "A"}, {"number": 1, "title": "B"}], None,
     ["lots: lot numbers must be 1 to 2, each once; got 1, 1"]),
    ([{"number": 2, "title": "A"}], None, ["lots: lot numbers must be 1 to 1, each once; got 2"]),
    ([{"number": 0, "title": "", "colour": "red", "estimated_value": -5}], None,
     ["lots[0].colour: unknown field", "lots[0].number: expected a lot number from 1, got 0",
      "lots[0].title: expected a non-empty text", "lots[0].estimated_value: expected an amount above zero, got -5"]),
    ([{"number": 1, "title": "A", "bill_of_materials": {"Unobtainium": 1}}], None,
     ["lots[0].bill_of_materials.Unobtainium: 'Unobtainium' is not a material code of the reference data"]),
    ([{"number": 1, "title": "A"}], {"max_lots_awarded_per_tenderer": 3, "colour": 1},
     ["lot_rules.colour: unknown field", "lot_rules.max_lots_awarded_per_tenderer: is 3, but the tender has only "
                                         "1 lot"]),
    ([], None, ["lots: expected a non-empty list of lots"]),
])
def test_invalid_lots_are_placed(lots, rules, expected):
    assert problems_of(simple_tender_dict(lots=lots, lot_rules=rules)) == expected


def test_lot_rules_need_lots_and_the_prozorro_price_cannot_be_added_across_lots():
    assert problems_of(simple_tender_dict(lot_rules=RULES)) == [
        "lot_rules: only a tender divided into lots (lots:) has lot rules"]
    assert problems_of(simple_tender_dict(lots=LOTS[:1], award_method="prozorro")) == [
        "award_method: the award across lots adds each lot's weighted score (Directive 2014/24/EU Art. 46(2)); the "
        "ProZorro compared price cannot be added across lots: use weighted_sum"]


@pytest.mark.parametrize("sample", ["bess-utility", "defence-gallium-germanium", "ndfeb-magnets"])
def test_a_sample_without_lots_is_its_own_single_lot(sample):
    from tender_files.folder import load_folder

    tender = load_folder(Path(__file__).parents[2] / "sample_tenders" / sample).tender
    assert tender.lots == () and tender.lot_numbers() == (1,) and tender.lot_view(1) is tender
    assert "lots" not in tender.to_dict() and "lot_rules" not in tender.to_dict()
