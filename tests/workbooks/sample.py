"""A sample tender and bid for the workbook tests, the hostile corpus and the benchmark."""
from __future__ import annotations

from decimal import Decimal

from scoring.definition import Tender, parse_tender
from scoring.resilience import SupplyLine
from workbooks import BidFilling, CompanyDetails, TenderInfo

DEFINITION = {
    "reference": "RB-2026-MAG-01",
    "title": "Permanent magnets for wind turbine generators",
    "currency": "EUR",
    "bill_of_materials": {"Nd": 0.62, "Pr": 0.2, "Dy": 0.05},
    "criteria": [
        {"code": "PRICE", "name": "Price", "type": "price", "weight": 40, "rule": {"kind": "price_proportional"}},
        {"code": "RES", "name": "Supply resilience", "weight": 40, "min_score": 20, "children": [
            {"code": "RES-DY-REF", "name": "Dy refining concentration", "weight": 40,
             "source": {"metric": "largest_third_country_share", "stage": "processing", "material": "Dy"},
             "rule": {"kind": "linear", "better": "lower", "anchors": [[50, 100], [100, 0]]}},
            {"code": "RES-EU", "name": "EU share of magnet manufacturing", "weight": 30,
             "source": {"metric": "eu_share", "stage": "manufacturing"},
             "rule": {"kind": "linear", "better": "higher", "anchors": [[0, 0], [60, 100]]}},
            {"code": "RES-EOL", "name": "End-of-life recycling in the EU", "weight": 15,
             "rule": {"kind": "yes_no", "points_yes": 100, "points_no": 0}},
            {"code": "RES-LEAD", "name": "Lead time for replacement magnets (weeks)", "weight": 15,
             "rule": {"kind": "bands", "bands": [{"from": 0, "to": 8, "points": 100},
                                                 {"from": 8, "to": 16, "points": 50}]}},
        ]},
        {"code": "QUAL", "name": "Quality", "weight": 20, "children": [
            {"code": "QUAL-PLAN", "name": "Quality plan", "weight": 70, "description": "=the plan's depth",
             "rule": {"kind": "judgement", "scale": 5,
                      "descriptors": ["unacceptable", "poor", "adequate", "good", "very good", "excellent"]}},
            {"code": "QUAL-ISO", "name": "ISO 9001 certified", "weight": 30,
             "rule": {"kind": "threshold", "threshold": 1, "better": "higher"}},
            {"code": "GATE-SAFETY", "name": "Safety declaration signed", "rule": {"kind": "pass_fail"}},
            {"code": "PZ-WARRANTY", "name": "Extended warranty",
             "rule": {"kind": "prozorro_feature", "options": {"none": 0, "5y": 0.05, "10y": 0.1}}},
        ]},
    ],
}
INFO = TenderInfo(reference="RB-2026-MAG-01", title="Permanent magnets for wind turbine generators",
                  authority="Stadtwerke Musterstadt", currency="EUR", estimated_value=Decimal("300000000"),
                  deadline_text="15 March 2026, 12:00 CET")


def tender() -> Tender:
    """The sample tender, parsed."""
    return parse_tender(DEFINITION)


def supply_lines(extra_rows: int = 0) -> list[SupplyLine]:
    """A complete declaration (each material and stage sums to 100), plus extra_rows lines split over Nd extraction."""
    lines = []
    for material in ("Nd", "Pr", "Dy"):
        lines += [SupplyLine(material, "extraction", "CN", 60, 0, "Baotou Rare Earth", "Annex 4, p. 2"),
                  SupplyLine(material, "extraction", "AU", 40, 0, "-Lynas", "Annex 4, p. 3"),
                  SupplyLine(material, "processing", "MY", 70, 10, "Lynas Malaysia", "Annex 4, p. 5"),
                  SupplyLine(material, "processing", "EE", 30, 25, "=Neo Performance", "Annex 4, p. 6"),
                  SupplyLine(material, "manufacturing", "DE", 100, 5, "Magnetfabrik GmbH", "Annex 5")]
    if extra_rows:
        lines = [line for line in lines if (line.material, line.stage) != ("Nd", "extraction")]
        share = 100 / extra_rows
        countries = ("CN", "AU", "US", "MY", "FR", "CL", "CA", "NO")
        lines += [SupplyLine("Nd", "extraction", countries[i % len(countries)], share, i % 3 * 10,
                             f"Supplier {i}", f"Annex 9, line {i}") for i in range(extra_rows)]
    return lines


def filling(extra_rows: int = 0) -> BidFilling:
    """A complete, valid bid for the sample tender."""
    return BidFilling(
        company=CompanyDetails(name="Magnetics Europe SE", country="DE", controlling_entity="+Holding AG",
                               controlling_country="CH", contact_name="Ana Ruiz", contact_email="ana@example.eu",
                               fsr_declaration="no_contributions"),
        price=Decimal("1234567.89"),
        answers={"RES-EOL": True, "RES-LEAD": 10, "QUAL-ISO": 1, "GATE-SAFETY": True, "PZ-WARRANTY": "5y"},
        supply=supply_lines(extra_rows))
