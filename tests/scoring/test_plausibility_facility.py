"""The cross-bid flag `shared_facility`: a published facility that two or more bids name for more than its share
together flags every such line; one bid alone, a total at the share, another material or stage and lines of no
share never fire; names match casefolded with their whitespace collapsed; the reason names no other bid."""

from __future__ import annotations

from dataclasses import replace

from scoring import SupplyLine, evaluate
from scoring.plausibility import SHARED_FACILITY, facility_rule, facility_stages, plausibility_flags
from tests.scoring.builders import consensus, make_bid, make_tender

# Test figures, not a published capacity: a test makes up its own tender's facility share.
SOURCE = "Test operator, annual report, p. 1"
RULES = {"facility_shares": {"Solvay La Rochelle": {"material": "Nd", "stage": "processing", "share": 100,
                                                    "source": SOURCE}}}


def bid(bid_id, *lines, **fields):
    fields.setdefault("answers", {"RES-EOL": True, "RES-RCY": 10})
    fields.setdefault("judgements", {"QUAL": consensus(3)})
    return make_bid(bid_id, supply=tuple(lines), **fields)


def line(share, supplier="Solvay La Rochelle", material="Nd", stage="processing", country="FR"):
    return SupplyLine(material, stage, country, share, supplier=supplier)


def shared(tender, bids):
    """The flagged lines' countries by bid id."""
    return {bid_id: [flag.line.country for flag in found if flag.code == SHARED_FACILITY]
            for bid_id, found in plausibility_flags(tender, bids, documented={}).items()}


def test_two_bids_naming_the_facility_for_more_than_its_share_are_both_flagged_on_each_such_line():
    # Reference case by hand: A claims 60 + 20 = 80%, B 40%: together 120% > the published 100%. C names another
    # supplier; A's Estonian line at extraction is another stage.
    bids = [bid("A", line(60), line(20, country="DE"), line(20, stage="extraction", country="EE")),
            bid("B", line(40, country="BE"), line(60, supplier="Silmet", country="EE")),
            bid("C", line(100, supplier="Silmet", country="EE"))]
    assert shared(make_tender(plausibility=RULES), bids) == {"A": ["FR", "DE"], "B": ["BE"], "C": []}
    flag = plausibility_flags(make_tender(plausibility=RULES), bids, documented={})["B"][0]
    assert flag.message == ("2 bids name Solvay La Rochelle for Neodymium at the refining stage, with shares of "
                            "120% of the need together; the tender judges it can plausibly back 100%")
    assert flag.message.params["total"] == 120 and flag.message.params["stage"].msgid == "refining"
    assert flag.source == f"The tender's published share, from {SOURCE}"
    assert "A" not in str(flag.message) and "Silmet" not in str(flag.message)


def test_one_bid_alone_is_not_flagged_whatever_its_share():
    tender = make_tender(plausibility=RULES)
    assert shared(tender, [bid("A", line(100), line(100, country="DE")), bid("B", line(100, supplier="Silmet"))]) \
        == {"A": [], "B": []}


def test_a_total_exactly_at_the_published_share_is_not_flagged_and_just_above_it_is():
    tender = make_tender(plausibility=RULES)
    assert shared(tender, [bid("A", line(60)), bid("B", line(40))]) == {"A": [], "B": []}
    assert shared(tender, [bid("A", line(60)), bid("B", line(40.5))]) == {"A": ["FR"], "B": ["FR"]}


def test_names_match_casefolded_with_whitespace_collapsed():
    tender = make_tender(plausibility=RULES)
    bids = [bid("A", line(60, supplier="  solvay   LA rochelle ")), bid("B", line(60, supplier="SOLVAY\tLa Rochelle")),
            bid("C", line(60, supplier="Solvay La Rochelle plant"))]
    assert shared(tender, bids) == {"A": ["FR"], "B": ["FR"], "C": []}


def test_material_and_stage_must_match_the_published_ones():
    tender = make_tender(plausibility=RULES)
    assert shared(tender, [bid("A", line(60)), bid("B", line(60, material="Pr"))]) == {"A": [], "B": []}
    assert shared(tender, [bid("A", line(60)), bid("B", line(60, stage="manufacturing"))]) == {"A": [], "B": []}


def test_lines_of_no_share_claim_nothing():
    tender = make_tender(plausibility=RULES)
    assert shared(tender, [bid("A", line(100)), bid("B", line(0))]) == {"A": [], "B": []}
    assert shared(tender, [bid("A", line(100), line(0, country="DE")), bid("B", line(10))]) \
        == {"A": ["FR"], "B": ["FR"]}


def test_without_published_facilities_nothing_is_flagged_and_with_them_points_stay():
    bids = [bid("A", line(100), price=90_000.0), bid("B", line(100))]
    plain, ruled = make_tender(), make_tender(plausibility=RULES)
    assert shared(plain, bids) == {"A": [], "B": []}
    assert shared(ruled, bids) == {"A": ["FR"], "B": ["FR"]}
    before, after = evaluate(plain, bids), evaluate(ruled, bids)
    assert [(r.bid_id, r.total, r.rank) for r in before.bids] == [(r.bid_id, r.total, r.rank) for r in after.bids]


def test_the_published_shares_read_as_one_sentence_for_the_tender_page():
    assert facility_rule(make_tender(plausibility=RULES).plausibility) == (
        "the supply lines naming a facility are flagged when two or more bids name it for more than the share of "
        f"the need the tender publishes for it: Solvay La Rochelle, Neodymium at the refining stage: 100% ({SOURCE})")
    assert facility_rule(make_tender().plausibility) is None


def test_one_bid_is_read_against_only_the_others_lines_at_the_published_materials_and_stages():
    tender = make_tender(plausibility={"facility_shares": {**RULES["facility_shares"], "Silmet": {
        "material": "Dy", "stage": "extraction", "share": 30, "source": SOURCE}}})
    assert facility_stages(tender.plausibility) == {("Nd", "processing"), ("Dy", "extraction")}
    assert facility_stages(make_tender().plausibility) == frozenset()
    own = bid("A", line(60), line(20, supplier="Silmet", material="Dy", stage="extraction"),
              line(10, material="Tb", country="CN"))
    others = [bid("B", line(50, supplier="solvay la rochelle", country="BE"), line(0),
                  line(70, supplier="Silmet", stage="extraction"),
                  line(20, supplier="Silmet", material="Dy", stage="extraction", country="EE")),
              bid("C", line(100, supplier="Other", material="Tb", country="CN"))]
    narrowed = [replace(other, supply=tuple(found for found in other.supply if found.share > 0
                                            and (found.material, found.stage) in facility_stages(tender.plausibility)))
                for other in others]
    full = plausibility_flags(tender, [own, *others], documented={})["A"]
    assert [flag.code for flag in full].count(SHARED_FACILITY) == 2
    assert plausibility_flags(tender, [own], documented={}, compared=narrowed) == {"A": full}
