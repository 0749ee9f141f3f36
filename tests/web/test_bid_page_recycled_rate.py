"""The committee's bid page flags a supply line whose recycled share is more than the tender's margin above the
end-of-life recycling input rate the tender publishes for its material, naming the rate and its source, in the
reader's language; without published rates the same line is not flagged. The tender page states the rates."""
from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.models import SupplyLine, Tender
from tests.web.document_steps import first_bid

# a test figure and source, not a published rate
RULES = {"recycled_margin": 20, "recycled_input_rates": {"Co": {"rate": 10, "source": "Test publication, table 1"}}}
FLAG = ("The recycled share of 45% is more than 20 percentage points above the end-of-life recycling input rate of "
        "Cobalt that the tender publishes, 10%")


def _flags(page: str) -> str:
    return page.split('id="plausibility"', 1)[1].split("</section>", 1)[0]


def test_a_recycled_share_above_the_published_rate_is_flagged_with_its_source(app, tender_id, opened):
    bid = first_bid(app, tender_id, label="hardanger-battery-systems")
    with app.app_context():
        lines = db.session.scalars(select(SupplyLine).where(SupplyLine.bid_id == bid.id)).all()
        for line in lines:
            line.recycled = 0
        cobalt = next(line for line in lines if line.material == "Co" and line.share > 0)
        cobalt.recycled = 45  # 10% + 20 points = 30%: above it
        db.session.commit()
    url = f"/tenders/{tender_id}/bids/{bid.id}"
    assert "recycling input rate" not in _flags(opened["alice"].get(url).get_data(as_text=True))
    assert 'id="recycled-rule"' not in opened["alice"].get(f"/tenders/{tender_id}").get_data(as_text=True)
    with app.app_context():
        db.session.get(Tender, tender_id).plausibility_rules = RULES
        db.session.commit()
    flags = _flags(opened["alice"].get(url).get_data(as_text=True))
    assert flags.count(FLAG) == 1
    assert "Source: The tender&#39;s published rate, from Test publication, table 1" in flags
    german = _flags(opened["alice"].get(url, headers={"Accept-Language": "de"}).get_data(as_text=True))
    assert ("Der Recyclinganteil von 45\xa0% liegt um mehr als 20 Prozentpunkte über der End-of-Life-Recycling-"
            "Input-Rate (EOL-RIR) von Kobalt, die die Ausschreibung veröffentlicht: 10\xa0%") in german
    assert "Quelle: Die von der Ausschreibung veröffentlichte Quote, aus Test publication, table 1" in german
    tender_page = opened["alice"].get(f"/tenders/{tender_id}").get_data(as_text=True)
    assert tender_page.split('id="recycled-rule">', 1)[1].startswith(
        "A supply line is flagged when its recycled share is more than 20 percentage points above the end-of-life "
        "recycling input rate the tender publishes for its material: Cobalt 10% (Test publication, table 1)</td>")
    french = _flags(opened["alice"].get(url, headers={"Accept-Language": "fr"}).get_data(as_text=True))
    assert "taux d’intégration de matières recyclées en fin de vie" in french and "Test publication, table 1" in french
