"""Validation of supply declarations: every problem collected, each placed at its line or material/stage."""

import math

import numpy as np
import pytest

from scoring.problems import InvalidInput, Problem
from scoring.resilience import (
    SupplyLine,
    compute_profile,
    validate_bill_of_materials,
    validate_declaration,
    validate_partner_group,
)

BOM = {"Nd": 0.62, "Pr": 0.2, "Dy": 0.05, "Tb": 0.01}


def valid_lines():
    return [
        SupplyLine("Nd", "processing", "CN", 70, place="Supply chain!A2"),
        SupplyLine("Nd", "processing", "EE", 30, recycled=10, place="Supply chain!A3"),
    ]


def test_a_valid_declaration_has_no_problems():
    assert validate_declaration(valid_lines(), BOM) == []


def only(problems):
    assert len(problems) == 1, problems
    return problems[0]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"material": "Li"}, "material 'Li' is not in the tender's bill of materials (Nd, Pr, Dy, Tb)"),
        ({"material": "neodymium"}, "material 'neodymium' is not in the tender's bill of materials "
                                    "(Nd, Pr, Dy, Tb) (did you mean Nd?)"),
        ({"material": None}, "material None is not in the tender's bill of materials (Nd, Pr, Dy, Tb)"),
        ({"stage": "refining"}, "stage 'refining' is not one of: extraction, processing, manufacturing"),
        ({"country": "UK"}, "country 'UK' is not an ISO 3166-1 alpha-2 code (did you mean GB, United Kingdom?)"),
        ({"country": "cn"}, "country 'cn' is not an ISO 3166-1 alpha-2 code (did you mean CN, China?)"),
        ({"country": "China"}, "country 'China' is not an ISO 3166-1 alpha-2 code (did you mean CN, China?)"),
        ({"country": "XX"}, "country 'XX' is not an ISO 3166-1 alpha-2 code"),
        ({"country": ["CN"]}, "country ['CN'] is not an ISO 3166-1 alpha-2 code"),
        ({"recycled": 101}, "recycled share must be a number from 0 to 100, got 101"),
        ({"recycled": -1}, "recycled share must be a number from 0 to 100, got -1"),
        ({"recycled": "10%"}, "recycled share must be a number from 0 to 100, got '10%'"),
    ],
)  # fmt: skip
def test_each_line_problem_is_placed_at_the_line(changes, message):
    lines = valid_lines()
    fields = {**lines[0].__dict__, **changes}
    lines[0] = SupplyLine(**fields)
    problems = validate_declaration(lines, BOM)
    assert problems[0] == Problem("Supply chain!A2", message)
    # a wrong material or stage takes the line out of its group, so the group's sum is off too
    assert len(problems) == (2 if {"material", "stage"} & set(changes) else 1)


@pytest.mark.parametrize("share", [-0.1, 100.1, math.nan, math.inf, "70", None, True])
def test_share_must_be_a_number_from_0_to_100(share):
    lines = valid_lines()
    lines[0] = SupplyLine("Nd", "processing", "CN", share, place="Supply chain!A2")
    # the broken line's group gets no sum check: one problem, not two
    assert only(validate_declaration(lines, BOM)) == Problem(
        "Supply chain!A2", f"share must be a number from 0 to 100, got {share!r}"
    )


def test_place_falls_back_to_the_line_number():
    lines = [SupplyLine("Nd", "processing", "CN", 100), SupplyLine("Nd", "processing", "ZZ", 0)]
    assert only(validate_declaration(lines, BOM)).place == "line 2"


def test_shares_not_adding_up_are_placed_at_material_and_stage():
    lines = [SupplyLine("Nd", "processing", "CN", 57), SupplyLine("Nd", "processing", "EE", 30)]
    assert only(validate_declaration(lines, BOM)) == Problem(
        "Neodymium / processing", "shares add up to 87%, expected 100%"
    )


@pytest.mark.parametrize(("total", "ok"), [(99.5, True), (100.5, True), (99.49, False), (100.504, False)])
def test_sum_tolerance_is_half_a_point(total, ok):
    lines = [SupplyLine("Dy", "extraction", "CN", total - 50), SupplyLine("Dy", "extraction", "AU", 50)]
    problems = validate_declaration(lines, BOM)
    assert (problems == []) is ok
    if not ok:  # the message shows enough digits to see why it failed
        assert problems[0].message == f"shares add up to {total:g}%, expected 100%"


def test_not_a_supply_line():
    problems = validate_declaration([{"material": "Nd"}], BOM)
    assert only(problems) == Problem("line 1", "not a supply line: {'material': 'Nd'}")


@pytest.mark.parametrize("lines", ["Nd,processing,CN,100", None, 5, {"Nd": 100}])
def test_declaration_must_be_a_list(lines):
    assert only(validate_declaration(lines, BOM)) == Problem(
        "supply", "the supply declaration must be a list of supply lines"
    )


def test_numpy_numbers_are_accepted():
    lines = [SupplyLine("Nd", "processing", "CN", np.float64(70), np.int64(0)),
             SupplyLine("Nd", "processing", "DE", np.float32(30))]  # fmt: skip
    assert validate_declaration(lines, BOM) == []
    assert compute_profile(lines, BOM).value("eu_share", "processing", "Nd") == pytest.approx(30.0)


def test_compute_profile_raises_once_with_every_problem():
    lines = [
        SupplyLine("Nd", "processing", "CN", 80, place="Supply chain!A2"),
        SupplyLine("Xx", "refining", "UK", 120, recycled=-1, place="Supply chain!A3"),
        SupplyLine("Dy", "processing", "CN", 90, place="Supply chain!A4"),
    ]
    with pytest.raises(InvalidInput) as caught:
        compute_profile(lines, BOM)
    places = [p.place for p in caught.value.problems]
    assert places == ["Supply chain!A3"] * 5 + ["Neodymium / processing", "Dysprosium / processing"]
    text = str(caught.value)
    assert "Supply chain!A3: stage 'refining' is not one of: extraction, processing, manufacturing" in text
    assert "Dysprosium / processing: shares add up to 90%, expected 100%" in text


def test_problem_order_does_not_depend_on_line_order():
    lines = [SupplyLine("Nd", "processing", "CN", 80), SupplyLine("Dy", "processing", "CN", 90)]
    forward = [p.message for p in validate_declaration(lines, BOM)]
    backward = [p.message for p in validate_declaration(lines[::-1], BOM)]
    assert forward == backward


# --- bill of materials and partner group -----------------------------------------------------------


@pytest.mark.parametrize(
    ("bom", "expected"),
    [
        ({}, [Problem("bill_of_materials", "the bill of materials must list at least one material with its mass")]),
        (None, [Problem("bill_of_materials", "the bill of materials must list at least one material with its mass")]),
        ({"Nd": 0}, [Problem("bill_of_materials.Nd", "mass must be a number above 0, got 0")]),
        ({"Nd": -1.5}, [Problem("bill_of_materials.Nd", "mass must be a number above 0, got -1.5")]),
        ({"Nd": math.nan}, [Problem("bill_of_materials.Nd", "mass must be a number above 0, got nan")]),
        ({"Nd": True}, [Problem("bill_of_materials.Nd", "mass must be a number above 0, got True")]),
        ({"Nd": "1"}, [Problem("bill_of_materials.Nd", "mass must be a number above 0, got '1'")]),
        ({"Nd": [1]}, [Problem("bill_of_materials.Nd", "mass must be a number above 0, got [1]")]),
        ({"Neodymium": 1}, [Problem("bill_of_materials.Neodymium",
                                    "'Neodymium' is not a material code of the reference data (did you mean Nd?)")]),
        ({"Fe": 1}, [Problem("bill_of_materials.Fe", "'Fe' is not a material code of the reference data")]),
    ],
)  # fmt: skip
def test_bill_of_materials_problems(bom, expected):
    assert validate_bill_of_materials(bom) == expected


def test_a_valid_bill_of_materials_is_cached_but_not_confused_with_a_bool():
    assert validate_bill_of_materials({"Nd": 1}) == []
    assert validate_bill_of_materials({"Nd": True}) != []
    assert validate_bill_of_materials({"Nd": 1.0}) == []


@pytest.mark.parametrize(
    ("group", "messages"),
    [
        (["NO", "CA"], []),
        ([], []),
        (["DE"], ["DE is an EU-27 member: EU supply counts in eu_share, not in partner_share"]),
        (["ZZ", "no"], ["'ZZ' is not an ISO 3166-1 alpha-2 code",
                        "'no' is not an ISO 3166-1 alpha-2 code (did you mean NO, Norway?)"]),
        ("NO", ["the partner group must be a list of ISO 3166-1 alpha-2 codes"]),
        (5, ["the partner group must be a list of ISO 3166-1 alpha-2 codes"]),
        ([["NO"]], ["the partner group must be a list of ISO 3166-1 alpha-2 codes"]),
    ],
)  # fmt: skip
def test_partner_group_problems(group, messages):
    problems = validate_partner_group(group)
    assert [p.message for p in problems] == messages
    assert all(p.place == "partner_group" for p in problems)


def test_compute_profile_reports_bom_partner_and_line_problems_together():
    with pytest.raises(InvalidInput) as caught:
        compute_profile([SupplyLine("Fe", "processing", "CN", 100)], {"Fe": 1}, ["DE"])
    assert [p.place for p in caught.value.problems] == ["partner_group", "bill_of_materials.Fe"]


def test_invalid_input_survives_pickling():
    import pickle

    with pytest.raises(InvalidInput) as caught:
        compute_profile([SupplyLine("Nd", "processing", "CN", 80)], BOM)
    restored = pickle.loads(pickle.dumps(caught.value))
    assert restored.problems == caught.value.problems
    assert str(restored) == "Neodymium / processing: shares add up to 80%, expected 100%"
