"""The rates and facility shares a tender publishes for the plausibility flags: none without the key, the round
trip through the definition dict, left out of the workbook's criteria hash, read from a tender.yaml, and every wrong
entry placed."""

from __future__ import annotations

from pathlib import Path

import pytest

from scoring.definition import parse_tender
from scoring.plausibility_rules import FacilityShare, RecycledRate
from scoring.problems import InvalidInput
from tender_files.folder import FolderInvalid, load_tender_definition, read_yaml
from tests.scoring.builders import make_tender, tender_dict
from workbooks.metadata import criteria_hash

# test figures, not published rates
RULES = {"recycled_input_rates": {"Nd": {"rate": 5, "source": "Test publication, table 1"},
                                  "Dy": {"rate": 0, "source": "Test publication, table 2"}},
         "recycled_margin": 12.5}


def test_a_tender_without_the_key_publishes_no_rates():
    tender = make_tender()
    assert tender.plausibility is None and "plausibility" not in tender.to_dict()


def test_the_rates_round_trip_and_leave_the_template_current():
    tender = make_tender(plausibility=RULES)
    assert tender.plausibility.recycled_input_rates["Nd"] == RecycledRate(5.0, "Test publication, table 1")
    assert tender.plausibility.recycled_margin == 12.5
    assert tender.to_dict()["plausibility"] == RULES
    assert parse_tender(tender.to_dict()) == tender
    assert tender.lot_view(1).plausibility == tender.plausibility
    assert tender != make_tender() and criteria_hash(tender) == criteria_hash(make_tender())


RATES = "plausibility.recycled_input_rates"


@pytest.mark.parametrize(("plausibility", "expected"), [
    ([5], [("plausibility", "expected a mapping with recycled_input_rates, recycled_margin, facility_shares")]),
    ({}, [("plausibility", "expected a mapping with recycled_input_rates, recycled_margin, facility_shares")]),
    ({"recycled_margin": 10}, [(RATES, "missing")]),
    ({"recycled_input_rates": {"Nd": {"rate": 5, "source": "S"}}}, [("plausibility.recycled_margin", "missing")]),
    ({**RULES, "recycled_margin": -1}, [("plausibility.recycled_margin",
                                         "expected percentage points from 0 to 100, got -1")]),
    ({**RULES, "margin": 1}, [("plausibility.margin", "unknown field")]),
    ({**RULES, "recycled_input_rates": {}}, [(RATES, "expected a mapping from material codes to a rate and its "
                                                     "source")]),
    ({**RULES, "recycled_input_rates": {"Xx": {"rate": 5, "source": "S"}}},
     [(f"{RATES}.Xx", "'Xx' is not a material code of the reference data")]),
    ({**RULES, "recycled_input_rates": {"Nd": 5}}, [(f"{RATES}.Nd", "expected a mapping with rate, source")]),
    ({**RULES, "recycled_input_rates": {"Nd": {"rate": "22%", "source": "S"}}},
     [(f"{RATES}.Nd.rate", "expected a percentage from 0 to 100, got '22%'")]),
    ({**RULES, "recycled_input_rates": {"Nd": {"rate": 101, "source": "S", "year": 2023}}},
     [(f"{RATES}.Nd.year", "unknown field"), (f"{RATES}.Nd.rate", "expected a percentage from 0 to 100, got 101")]),
    ({**RULES, "recycled_input_rates": {"Nd": {"rate": 5}}}, [(f"{RATES}.Nd.source", "missing")]),
    ({**RULES, "recycled_input_rates": {"Nd": {"rate": 5, "source": " "}}},
     [(f"{RATES}.Nd.source", "expected a non-empty text")]),
])
def test_each_wrong_entry_is_placed(plausibility, expected):
    with pytest.raises(InvalidInput) as error:
        parse_tender(tender_dict(plausibility=plausibility))
    assert [(problem.place, problem.message) for problem in error.value.problems] == expected


def test_a_tender_yaml_publishing_rates_is_read_and_a_rate_over_100_placed_by_the_schema():
    data, problems = read_yaml(Path(__file__).parents[2] / "sample_tenders" / "bess-utility" / "tender.yaml")
    assert problems == [] and "plausibility" not in data
    assert load_tender_definition({**data, "plausibility": RULES})[1].plausibility.recycled_margin == 12.5
    wrong = {**RULES, "recycled_input_rates": {"Nd": {"rate": 101, "source": "S"}}}
    with pytest.raises(FolderInvalid) as error:
        load_tender_definition({**data, "plausibility": wrong})
    assert [(problem.place, problem.message) for problem in error.value.problems] == [
        ("tender.yaml: plausibility.recycled_input_rates.Nd.rate", "101 is greater than the maximum of 100")]


FACILITIES = "plausibility.facility_shares"
SHARES = {"facility_shares": {"Solvay La Rochelle": {"material": "Nd", "stage": "processing", "share": 150,
                                                     "source": "Test report, p. 1"}}}


def test_facility_shares_round_trip_alone_or_beside_the_rates():
    alone = make_tender(plausibility=SHARES)
    assert alone.plausibility.facility_shares["Solvay La Rochelle"] == FacilityShare("Nd", "processing", 150.0,
                                                                                   "Test report, p. 1")
    assert alone.plausibility.recycled_input_rates == {} and alone.plausibility.recycled_margin is None
    assert alone.to_dict()["plausibility"] == SHARES and parse_tender(alone.to_dict()) == alone
    both = make_tender(plausibility={**RULES, **SHARES})
    assert both.to_dict()["plausibility"] == {**RULES, **SHARES} and parse_tender(both.to_dict()) == both
    assert criteria_hash(both) == criteria_hash(make_tender())


def facility(**changes):
    entry = {**SHARES["facility_shares"]["Solvay La Rochelle"], **changes}
    return {"facility_shares": {"Solvay La Rochelle": {key: value for key, value in entry.items()
                                                       if value is not None}}}


PLACE = f"{FACILITIES}.Solvay La Rochelle"


@pytest.mark.parametrize(("plausibility", "expected"), [
    ({"facility_shares": {}}, [(FACILITIES, "expected a mapping from facility names to a material, a stage, a share "
                                            "and its source")]),
    ({"facility_shares": ["Solvay"]}, [(FACILITIES, "expected a mapping from facility names to a material, a stage, "
                                                    "a share and its source")]),
    ({"facility_shares": {" ": SHARES["facility_shares"]["Solvay La Rochelle"]}},
     [(f"{FACILITIES}. ", "expected a facility name")]),
    ({"facility_shares": {"Solvay": 100}}, [(f"{FACILITIES}.Solvay", "expected a mapping with material, stage, share, "
                                                                    "source")]),
    ({"facility_shares": {**SHARES["facility_shares"],
                          "solvay  la ROCHELLE": SHARES["facility_shares"]["Solvay La Rochelle"]}},
     [(f"{FACILITIES}.solvay  la ROCHELLE", "the same facility as Solvay La Rochelle")]),
    (facility(material=None), [(f"{PLACE}.material", "missing")]),
    (facility(material="Xx"), [(f"{PLACE}.material", "'Xx' is not a material code of the reference data")]),
    (facility(stage=None), [(f"{PLACE}.stage", "missing")]),
    (facility(stage="refining"), [(f"{PLACE}.stage", "expected one of extraction, processing, manufacturing, "
                                                      "got 'refining'")]),
    (facility(share=None), [(f"{PLACE}.share", "missing")]),
    (facility(share=0), [(f"{PLACE}.share", "expected a percentage of the need above 0, got 0")]),
    (facility(share="half"), [(f"{PLACE}.share", "expected a percentage of the need above 0, got 'half'")]),
    (facility(source=None), [(f"{PLACE}.source", "missing")]),
    (facility(source=""), [(f"{PLACE}.source", "expected a non-empty text")]),
    (facility(capacity=5), [(f"{PLACE}.capacity", "unknown field")]),
    ({**SHARES, "recycled_margin": 10}, [(RATES, "missing")]),
])
def test_each_wrong_facility_entry_is_placed(plausibility, expected):
    with pytest.raises(InvalidInput) as error:
        parse_tender(tender_dict(plausibility=plausibility))
    assert [(problem.place, problem.message) for problem in error.value.problems] == expected


def test_a_tender_yaml_publishing_facility_shares_alone_is_read_and_a_share_of_zero_placed_by_the_schema():
    data, problems = read_yaml(Path(__file__).parents[2] / "sample_tenders" / "bess-utility" / "tender.yaml")
    assert problems == []
    assert load_tender_definition({**data, "plausibility": SHARES})[1].plausibility.facility_shares
    with pytest.raises(FolderInvalid) as error:
        load_tender_definition({**data, "plausibility": facility(share=0)})
    assert [(problem.place, problem.message) for problem in error.value.problems] == [
        (f"tender.yaml: {PLACE}.share", "0 is less than or equal to the minimum of 0")]
