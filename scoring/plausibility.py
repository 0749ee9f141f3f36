"""Plausibility flags on declared supply chains: prompts for the committee to check a claim, never points.

A flag says that a declaration is unusual against the cited reference data or the tender's own rules, names the
source it was checked against and why it fired. It changes no score and no eligibility: `evaluate()` never reads
it. What the committee does with a flag (ask for evidence, clarify under Directive 2014/24/EU Art. 56(3), exclude
under Art. 57(4)(h) or (i)) is its decision, recorded elsewhere.

Flags computed here:
- `no_recorded_production`: a line at extraction or processing in a third country the reference data
  (scoring/reference/world_shares.csv, through world_baskets.csv) list with no production of that material's basket
  at that stage. Only where the data are complete: the basket has confirmed or secondary country shares and no
  rest-of-world remainder (`XX`) with a share above zero, because an unlisted country may hide in a remainder. With
  the data of 2026.11 that is light and heavy rare-earth processing (Nd, Pr, Dy, Tb); a heavy rare-earth
  separation declared outside China fires, as the issue's example asks. Out of scope, decided from the data:
  component manufacturing (no world data); a wholly recycled line (the tables count primary production, not the
  recovery of scrap); and EU Member States (country group eu27): the world tables rank the leading producers and
  leave out plants below their resolution, such as the EU's own separation capacity that Regulation (EU)
  2024/1252 Art. 5(1) sets out to build and a resilience tender rewards, so a flag there would say nothing the
  committee does not check anyway. Stages or materials without a basket, or with an unconfirmed one, never fire.
- `restricted_control`: the bid's ultimate controlling entity is in a country the tender's eligibility rule
  excludes (RESourceEU Action Plan, COM(2025) 945, configured per tender). scoring/eligibility.py already makes
  such a bid ineligible; the flag only names the reason and cites the tender's rule.
- `missing_evidence`: a line with a share above zero at a stage where the tender's published document rules
  (tender.yaml `documents.evidence_required`, scoring/document_rules.py) require evidence, and no document of the
  bid proves it. Which lines a document proves is the application's to say (the documents are files it keeps,
  matched to a line's Evidence cell): it passes them in as plain data. The flag cites the tender's rule.
- `recycled_above_rate`: a line with a share above zero whose recycled share is more than the tender's margin
  above the end-of-life recycling input rate the tender publishes for the line's material (tender.yaml
  `plausibility`, scoring/plausibility_rules.py). The reference data store no such rate (scoring/reference/
  README.md: "not confirmed and therefore not stored") and no number is invented here: only a tender that
  publishes a rate with its source gets the flag, for the materials it lists, and the flag cites that rate and
  source. A line exactly at the rate plus the margin is not flagged.
- `shared_facility`: a facility the tender publishes a plausible share for (tender.yaml `plausibility.
  facility_shares`: the part of the contract's need of one material at one stage the authority judges it can back,
  with its source) that at least two bids name in their Supplier column for that material and stage, with shares
  that together exceed the published one. Every such line of every such bid is flagged. It is the one flag that
  reads several bids: a facility's output can back several bids only so far, and when together they claim more
  than it can give, at most some of the claims can be firm offtake agreements, so the committee asks each bid for
  its agreement (Art. 56(3)) and decides on what the answers show (Art. 57(4)(h) or (i)). Only one bid wins, so
  one bid alone naming a facility for more than its share is not flagged by this rule: the facility may plan to
  give the winner more. Names are compared casefolded with their whitespace collapsed; a Supplier cell that names
  a deposit or a region matches no facility. The reason states how many bids name the facility and their shares
  together, never which bids: the other bids are not the reader's to see in a bid's words (the flag shows on the
  committee's pages only). The reference data hold no capacity, so only the facilities a tender publishes are
  checked, and a total exactly at the published share is not flagged.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from scoring.bids import Bid
from scoring.definition import Tender
from scoring.document_rules import DocumentRules
from scoring.messages import Country, Listing, Message, Percent
from scoring.plausibility_rules import FacilityShare, PlausibilityRules, RecycledRate, facility_key
from scoring.reference.reference import (
    REST_OF_WORLD,
    country_groups,
    material_name,
    world_basket,
    world_basket_source,
    world_shares,
)
from scoring.resilience.model import SupplyLine
from scoring.self_assessment import STAGE_WORDS

NO_RECORDED_PRODUCTION = "no_recorded_production"
RESTRICTED_CONTROL = "restricted_control"
MISSING_EVIDENCE = "missing_evidence"
RECYCLED_ABOVE_RATE = "recycled_above_rate"
SHARED_FACILITY = "shared_facility"
CODES = (NO_RECORDED_PRODUCTION, RESTRICTED_CONTROL, MISSING_EVIDENCE, RECYCLED_ABOVE_RATE, SHARED_FACILITY)

# sources that are not a reference-data row: Messages, so an application writes them in the reader's language
CONTROL_SOURCE = Message("The tender's eligibility rule on the ultimate controlling entity (RESourceEU Action Plan, "
                         "COM(2025) 945)")
NO_EVIDENCE = Message("No document of the bid proves this line: its Evidence cell names none of them")


@dataclass(frozen=True)
class PlausibilityFlag:
    """One flag: what fired, on which supply line (None for a flag on the whole bid), why, and checked against
    which source."""

    code: str  # one of CODES
    line: SupplyLine | None
    message: Message
    source: str  # the reference data's source column (a publication), or a Message naming the tender rule or data


def plausibility_flags(tender: Tender, bids: Sequence[Bid], *, documented: Mapping[str, Collection[SupplyLine]],
                       compared: Sequence[Bid] = ()) -> dict[str, tuple[PlausibilityFlag, ...]]:
    """The flags of every bid of `bids`, by bid id (an empty tuple for a bid with none), in a stable order.

    `documented` holds, by bid id, the bid's supply lines that a document of the bid proves (a bid left out: none
    of its lines). The flag `shared_facility` compares `bids` with one another and with `compared`: every live bid
    of the tender (of the lot) belongs in one or the other, even to read one bid's flags. Of a bid in `compared`,
    whose own flags are not computed, its lines at `facility_stages` with a share are enough."""
    flags: dict[str, list[PlausibilityFlag]] = {bid.id: [] for bid in bids}
    shared = _shared_facilities(tender.plausibility, [*bids, *compared], flagged=flags.keys())
    for bid in bids:
        control = _restricted_control(tender, bid)
        if control:
            flags[bid.id].append(control)
        proven = documented.get(bid.id, ())
        for index, line in enumerate(bid.supply):
            production = _no_recorded_production(line)
            if production:
                flags[bid.id].append(production)
            evidence = _missing_evidence(tender.document_rules, line, proven)
            if evidence:
                flags[bid.id].append(evidence)
            recycled = _recycled_above_rate(tender.plausibility, line)
            if recycled:
                flags[bid.id].append(recycled)
            if (bid.id, index) in shared:
                flags[bid.id].append(shared[bid.id, index])
    return {bid_id: tuple(found) for bid_id, found in flags.items()}


def facility_stages(rules: PlausibilityRules | None) -> frozenset[tuple[str, str]]:
    """The (material, stage) of every facility the tender publishes a share for: the only lines of the other bids
    that the flag `shared_facility` reads, so a committee page reading one bid's flags loads no more of theirs."""
    return frozenset((entry.material, entry.stage) for entry in (rules.facility_shares if rules else {}).values())


def evidence_rule(rules: DocumentRules) -> Message | None:
    """The tender's evidence rule as a sentence (None when it requires no evidence): the flag's source, and what
    the tender's pages say."""
    if not rules.evidence_required:
        return None
    stages = Listing((STAGE_WORDS[stage] for stage in rules.evidence_required), conjunction=True)
    return Message("every supply line at the %(stages)s stage needs a document that proves it", stages=stages)


def recycled_rule(rules: PlausibilityRules | None) -> Message | None:
    """The tender's published rates as a sentence (None when it publishes none): the tender page states them, so
    the officer sees what the flag `recycled_above_rate` checks against."""
    if rules is None or not rules.recycled_input_rates:
        return None
    rates = Listing(_published_rate(code, entry) for code, entry in rules.recycled_input_rates.items())
    return Message("a supply line is flagged when its recycled share is more than %(margin)s percentage points above "
                   "the end-of-life recycling input rate the tender publishes for its material: %(rates)s",
                   margin=rules.recycled_margin, rates=rates)


def facility_rule(rules: PlausibilityRules | None) -> Message | None:
    """The tender's published facility shares as a sentence (None when it publishes none): the tender page states
    them, so the officer and the committee see what the flag `shared_facility` checks against."""
    if rules is None or not rules.facility_shares:
        return None
    facilities = Listing(Message("%(facility)s, %(material)s at the %(stage)s stage: %(share)s (%(source)s)",
                                 facility=name, material=_material_words(entry.material),
                                 stage=STAGE_WORDS[entry.stage], share=Percent(entry.share), source=entry.source)
                         for name, entry in rules.facility_shares.items())
    return Message("the supply lines naming a facility are flagged when two or more bids name it for more than the "
                   "share of the need the tender publishes for it: %(facilities)s", facilities=facilities)


def _published_rate(code: str, entry: RecycledRate) -> Message:
    return Message("%(material)s %(rate)s (%(source)s)", material=_material_words(code), rate=Percent(entry.rate),
                   source=entry.source)


def _missing_evidence(rules: DocumentRules, line: SupplyLine, proven: Collection[SupplyLine]
                      ) -> PlausibilityFlag | None:
    """The flag of a line with a share, at a stage the tender requires evidence for, that no document proves."""
    if line.share <= 0 or line.stage not in rules.evidence_required or line in proven:
        return None
    source = Message("The tender's document rules: %(rule)s", rule=evidence_rule(rules))
    return PlausibilityFlag(MISSING_EVIDENCE, line, NO_EVIDENCE, source)


def _recycled_above_rate(rules: PlausibilityRules | None, line: SupplyLine) -> PlausibilityFlag | None:
    """The flag of a line whose recycled share exceeds its material's published rate by more than the margin."""
    published = rules.recycled_input_rates.get(line.material) if rules else None
    if published is None or line.share <= 0 or line.recycled <= published.rate + rules.recycled_margin:
        return None
    message = Message("The recycled share of %(recycled)s is more than %(margin)s percentage points above the "
                      "end-of-life recycling input rate of %(material)s that the tender publishes, %(rate)s",
                      recycled=Percent(line.recycled), margin=rules.recycled_margin,
                      material=_material_words(line.material), rate=Percent(published.rate))
    source = Message("The tender's published rate, from %(source)s", source=published.source)
    return PlausibilityFlag(RECYCLED_ABOVE_RATE, line, message, source)


def _shared_facilities(rules: PlausibilityRules | None, bids: Sequence[Bid], flagged: Collection[str]
                        ) -> dict[tuple[str, int], PlausibilityFlag]:
    """The flag of each line (by bid id and the line's index) of a bid in `flagged` naming a published facility
    that two or more of `bids` name for more than its share together. The committee's page of one bid compares it
    with every other bid of a 500-bid tender, whose flags it does not show."""
    found: dict[tuple[str, int], PlausibilityFlag] = {}
    for name, published in (rules.facility_shares if rules else {}).items():
        key = facility_key(name)
        claims: dict[str, list[tuple[int, SupplyLine]]] = defaultdict(list)  # bid id -> its lines naming it
        shares: dict[str, float] = defaultdict(float)
        for bid in bids:
            for index, line in enumerate(bid.supply):
                if _names(line, key, published):
                    claims[bid.id].append((index, line))
                    shares[bid.id] += line.share
        total = sum(shares.values())
        if len(claims) < 2 or total <= published.share:
            continue
        message, source = _shared_facility(name, published, len(claims), total)
        found.update({(bid_id, index): PlausibilityFlag(SHARED_FACILITY, line, message, source)
                      for bid_id, lines in claims.items() if bid_id in flagged for index, line in lines})
    return found


def _names(line: SupplyLine, key: str, published: FacilityShare) -> bool:
    return (line.share > 0 and line.material == published.material and line.stage == published.stage
            and facility_key(line.supplier) == key)


def _shared_facility(name: str, published: FacilityShare, bids: int, total: float) -> tuple[Message, Message]:
    """The flag's reason and source: how many bids and their shares together, never which bids."""
    message = Message("%(count)s bids name %(facility)s for %(material)s at the %(stage)s stage, with shares of "
                      "%(total)s of the need together; the tender judges it can plausibly back %(share)s",
                      count=bids, facility=name, material=_material_words(published.material),
                      stage=STAGE_WORDS[published.stage], total=Percent(total), share=Percent(published.share))
    return message, Message("The tender's published share, from %(source)s", source=published.source)


def _restricted_control(tender: Tender, bid: Bid) -> PlausibilityFlag | None:
    if not bid.control_country or bid.control_country not in tender.excluded_control_countries:
        return None
    message = Message("The ultimate controlling entity is in %(country)s, which this tender excludes",
                      country=Country(bid.control_country))
    return PlausibilityFlag(RESTRICTED_CONTROL, None, message, CONTROL_SOURCE)


def _no_recorded_production(line: SupplyLine) -> PlausibilityFlag | None:
    """The flag of a line whose country the complete world data list with no production, or None."""
    if line.share <= 0 or line.recycled >= 100 or line.stage not in ("extraction", "processing") \
            or line.country in country_groups()["eu27"]:
        return None
    basket = world_basket(line.material, line.stage)
    rows = world_shares(basket, line.stage) if basket else ()
    producers = [row for row in rows if row.country and row.country != REST_OF_WORLD and row.share]
    has_remainder = any(row.country == REST_OF_WORLD and row.share for row in rows)
    if not producers or has_remainder or any(row.country == line.country for row in producers):
        return None
    listed = Listing(Country(row.country) for row in producers)
    material = _material_words(line.material)
    country = Country(line.country)
    if line.stage == "extraction":
        message = Message("The reference data record no extraction of %(material)s in %(country)s; they list "
                          "only %(producers)s", material=material, country=country, producers=listed)
    else:
        message = Message("The reference data record no refining of %(material)s in %(country)s; they list "
                          "only %(producers)s", material=material, country=country, producers=listed)
    source = world_basket_source(line.material, line.stage) or producers[0].source
    return PlausibilityFlag(NO_RECORDED_PRODUCTION, line, message, source)


def _material_words(code: str) -> Message:
    """The material's name (materials.csv), a msgid of the application's catalogues, so it is translated too."""
    return Message(material_name(code))
