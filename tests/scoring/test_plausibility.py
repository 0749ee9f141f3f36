"""Plausibility flags: each fires on a hand-made bid against the reference rows, stays silent on a plausible one,
names its source, and never changes a score."""

from __future__ import annotations

from dataclasses import replace

from scoring import SupplyLine, evaluate
from scoring.messages import Country
from scoring.plausibility import (
    CONTROL_SOURCE,
    MISSING_EVIDENCE,
    NO_RECORDED_PRODUCTION,
    RECYCLED_ABOVE_RATE,
    RESTRICTED_CONTROL,
    plausibility_flags,
    recycled_rule,
)
from scoring.reference.reference import world_shares
from tests.scoring.builders import consensus, make_bid, make_tender

ANSWERS = {"RES-EOL": True, "RES-RCY": 10}


def bid(bid_id, *lines, **fields):
    fields.setdefault("answers", ANSWERS)
    fields.setdefault("judgements", {"QUAL": consensus(3)})
    return make_bid(bid_id, supply=tuple(lines), **fields)


def codes(flags):
    return [flag.code for flag in flags]


def test_the_reference_rows_behind_the_rare_earth_flag():
    # heavy REE processing: China 100, no remainder; REE extraction has a remainder (unknown countries)
    assert [(row.country, row.share) for row in world_shares("heavy REE", "processing")] == [("CN", 100.0)]
    assert any(row.country == "XX" and row.share for row in world_shares("REE", "extraction"))


def test_heavy_rare_earth_refining_outside_the_listed_producers_is_flagged_with_its_source():
    flags = plausibility_flags(make_tender(), [bid("A", SupplyLine("Dy", "processing", "MY", 40, supplier="Kuantan"),
                                                  SupplyLine("Dy", "processing", "CN", 60))], documented={})["A"]
    assert codes(flags) == [NO_RECORDED_PRODUCTION]
    assert flags[0].line.country == "MY"
    assert flags[0].source == ("European Commission, Study on the Critical Raw Materials for the EU 2023 "
                               "(heavy REE processing)")
    assert flags[0].message == ("The reference data record no refining of Dysprosium in Malaysia; they list only China")


def test_light_rare_earth_refining_in_a_listed_country_is_not_flagged_but_an_unlisted_one_is():
    flags = plausibility_flags(make_tender(), [bid("A", SupplyLine("Nd", "processing", "MY", 50),
                                                  SupplyLine("Nd", "processing", "JP", 50))], documented={})["A"]
    assert [flag.line.country for flag in flags] == ["JP"]
    assert "China; Malaysia; Russia; India; Vietnam; Norway" in flags[0].message


def test_a_remainder_unconfirmed_data_manufacturing_eu_plants_or_recycling_never_fire():
    lines = (SupplyLine("Nd", "extraction", "JP", 50),  # REE extraction has a rest-of-world remainder
             SupplyLine("Li", "processing", "JP", 50),  # lithium processing: no confirmed figure
             SupplyLine("Dy", "manufacturing", "JP", 50),  # no world data for components
             SupplyLine("Dy", "processing", "CN", 100),
             SupplyLine("Dy", "processing", "EE", 20),  # an EU Member State: below the tables' resolution
             SupplyLine("Dy", "processing", "JP", 20, recycled=100),  # recovery of scrap, not primary production
             SupplyLine("Dy", "processing", "JP", 0))  # a zero share claims nothing
    assert plausibility_flags(make_tender(), [bid("A", *lines)], documented={}) == {"A": ()}


def test_a_controlling_entity_in_an_excluded_country_is_flagged_citing_the_tender_rule():
    tender = make_tender(eligibility={"excluded_control_countries": ["CN"]})
    flags = plausibility_flags(tender, [bid("A", control_country="CN"), bid("B", control_country="DE"),
                                        bid("C")], documented={})
    assert codes(flags["A"]) == [RESTRICTED_CONTROL] and flags["B"] == flags["C"] == ()
    assert flags["A"][0].line is None and flags["A"][0].source == CONTROL_SOURCE
    assert flags["A"][0].message == "The ultimate controlling entity is in China, which this tender excludes"
    assert plausibility_flags(make_tender(), [bid("A", control_country="CN")], documented={}) == {"A": ()}


def test_messages_are_translatable_with_their_parameters():
    flags = plausibility_flags(make_tender(), [bid("A", SupplyLine("Tb", "processing", "NO", 100))], documented={})
    flag = flags["A"][0]
    assert flag.message.msgid.startswith("The reference data record no refining of %(material)s")
    assert isinstance(flag.message.params["country"], Country) and flag.message.params["country"] == "NO"
    assert "in Norway;" in flag.message  # the English text names the country
    assert flag.message.params["material"].msgid == "Terbium"  # the material's name, a msgid of its own


def test_flags_never_change_points():
    tender = make_tender()
    plausible = [bid("A", SupplyLine("Dy", "processing", "CN", 100), SupplyLine("Nd", "processing", "MY", 100),
                     price=90_000.0),
                 bid("B", SupplyLine("Dy", "processing", "CN", 100), SupplyLine("Nd", "processing", "MY", 100))]
    # the same declarations, with a Nd refinery where the data record none
    flagged = [replace(b, supply=(b.supply[0], replace(b.supply[1], country="JP"))) for b in plausible]
    assert all(not found for found in plausibility_flags(tender, plausible, documented={}).values())
    assert all(len(found) == 1 for found in plausibility_flags(tender, flagged, documented={}).values())
    before, after = evaluate(tender, plausible), evaluate(tender, flagged)
    assert [(r.bid_id, r.total, r.rank) for r in before.bids] == [(r.bid_id, r.total, r.rank) for r in after.bids]


EVIDENCE_RULES = {"evidence_required": ["extraction", "processing"]}


def test_a_line_at_a_stage_needing_evidence_without_a_document_is_flagged_citing_the_tender_rule():
    # Reference case by hand: the tender needs evidence at extraction and processing. Of bid A's five lines,
    # the AU mine has a document; the US mine and the CN refinery have none (flagged, in declaration order);
    # manufacturing needs none; a zero share claims nothing. Bid B proves both its lines.
    tender = make_tender(documents=EVIDENCE_RULES)
    proven = SupplyLine("Nd", "extraction", "AU", 60, evidence="Offtake AU-1")
    lines = (proven, SupplyLine("Nd", "extraction", "US", 40, evidence="Offtake US-7"),
             SupplyLine("Nd", "processing", "CN", 100), SupplyLine("Nd", "manufacturing", "DE", 100),
             SupplyLine("Nd", "processing", "MY", 0))
    other = (SupplyLine("Nd", "extraction", "AU", 100), SupplyLine("Nd", "processing", "CN", 100))
    flags = plausibility_flags(tender, [bid("A", *lines), bid("B", *other)],
                               documented={"A": [proven], "B": list(other)})
    assert codes(flags["A"]) == [MISSING_EVIDENCE, MISSING_EVIDENCE] and flags["B"] == ()
    assert [(flag.line.stage, flag.line.country) for flag in flags["A"]] == [("extraction", "US"), ("processing", "CN")]
    assert flags["A"][0].message == "No document of the bid proves this line: its Evidence cell names none of them"
    assert flags["A"][0].source == ("The tender's document rules: every supply line at the extraction and refining "
                                    "stage needs a document that proves it")
    assert flags["A"][0].source.msgid.startswith("The tender's document rules")


def test_without_evidence_rules_no_line_needs_a_document():
    lines = (SupplyLine("Nd", "extraction", "AU", 100), SupplyLine("Nd", "processing", "CN", 100))
    assert plausibility_flags(make_tender(), [bid("A", *lines)], documented={}) == {"A": ()}
    only_manufacturing = make_tender(documents={"evidence_required": ["manufacturing"]})
    assert plausibility_flags(only_manufacturing, [bid("A", *lines)], documented={}) == {"A": ()}


def test_evidence_rules_never_change_points():
    plain, ruled = make_tender(), make_tender(documents=EVIDENCE_RULES)
    bids = [bid("A", SupplyLine("Dy", "processing", "CN", 100), price=90_000.0),
            bid("B", SupplyLine("Dy", "processing", "CN", 100))]
    assert all(codes(found) == [MISSING_EVIDENCE] for found in plausibility_flags(ruled, bids, documented={}).values())
    before, after = evaluate(plain, bids), evaluate(ruled, bids)
    assert [(r.bid_id, r.total, r.rank) for r in before.bids] == [(r.bid_id, r.total, r.rank) for r in after.bids]


# Test figures, not published rates: the reference data hold no end-of-life recycling input rate, and a test
# makes up its own tender's.
RECYCLED_RULES = {"recycled_margin": 10,
                  "recycled_input_rates": {"Nd": {"rate": 5, "source": "Test publication, table 1"}}}


def test_a_recycled_share_above_the_published_rate_plus_the_margin_is_flagged_citing_the_tender_rate():
    # Reference case by hand: Nd's published rate 5% plus the margin of 10 points is 15%. Of bid A's lines, 14%
    # is below it and 15% at it (not flagged); 15.5% and 60% are above it (flagged, in declaration order); a zero
    # share claims nothing; Dy at 90% is not flagged, the tender publishing no rate for it.
    tender = make_tender(plausibility=RECYCLED_RULES)
    lines = (SupplyLine("Nd", "manufacturing", "DE", 20, recycled=14),
             SupplyLine("Nd", "manufacturing", "FR", 20, recycled=15),
             SupplyLine("Nd", "manufacturing", "AT", 20, recycled=15.5),
             SupplyLine("Nd", "manufacturing", "IT", 40, recycled=60),
             SupplyLine("Nd", "manufacturing", "PL", 0, recycled=90),
             SupplyLine("Dy", "manufacturing", "DE", 100, recycled=90))
    flags = plausibility_flags(tender, [bid("A", *lines)], documented={})["A"]
    assert codes(flags) == [RECYCLED_ABOVE_RATE, RECYCLED_ABOVE_RATE]
    assert [flag.line.country for flag in flags] == ["AT", "IT"]
    assert flags[1].message == ("The recycled share of 60% is more than 10 percentage points above the end-of-life "
                                "recycling input rate of Neodymium that the tender publishes, 5%")
    assert flags[1].source == "The tender's published rate, from Test publication, table 1"
    assert flags[1].source.msgid.startswith("The tender's published rate")
    assert flags[1].message.params["rate"] == 5 and flags[1].message.params["material"].msgid == "Neodymium"


def test_without_published_rates_no_recycled_share_is_flagged_and_with_them_points_stay():
    plain, ruled = make_tender(), make_tender(plausibility=RECYCLED_RULES)
    bids = [bid("A", SupplyLine("Nd", "processing", "CN", 100, recycled=80), price=90_000.0),
            bid("B", SupplyLine("Nd", "processing", "CN", 100))]
    assert plausibility_flags(plain, bids, documented={}) == {"A": (), "B": ()}
    assert [codes(found) for found in plausibility_flags(ruled, bids, documented={}).values()] \
        == [[RECYCLED_ABOVE_RATE], []]
    before, after = evaluate(plain, bids), evaluate(ruled, bids)
    assert [(r.bid_id, r.total, r.rank) for r in before.bids] == [(r.bid_id, r.total, r.rank) for r in after.bids]


def test_the_published_rates_read_as_one_sentence_for_the_tender_page():
    rule = recycled_rule(make_tender(plausibility=RECYCLED_RULES).plausibility)
    assert rule == ("a supply line is flagged when its recycled share is more than 10 percentage points above the "
                    "end-of-life recycling input rate the tender publishes for its material: Neodymium 5% "
                    "(Test publication, table 1)")
    assert recycled_rule(make_tender().plausibility) is None
