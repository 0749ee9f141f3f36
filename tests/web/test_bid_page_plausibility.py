"""The committee's bid page lists the bid's plausibility flags, each with its source, in the reader's language."""
from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.models import Bid, SupplyLine

HARDANGER = "hardanger-battery-systems"


def _without_suppliers(app, tender_id: int) -> None:
    """The sample's supplier fields name deposits that several bidders share ("Spodumene concentrate, Pilbara"):
    left out, no bid of the sample has a flag."""
    with app.app_context():
        for line in db.session.scalars(select(SupplyLine).join(Bid).where(Bid.tender_id == tender_id)):
            line.supplier = ""
        db.session.commit()


def _share_a_facility(app, tender_id: int) -> int:
    """Name one refinery on Hardanger's largest line and on another bid's largest line at the same material and
    stage (together more than the whole need); the id of Hardanger's bid."""
    _without_suppliers(app, tender_id)
    with app.app_context():
        bids = db.session.scalars(select(Bid).where(Bid.tender_id == tender_id)).all()
        own = next(bid for bid in bids if bid.label == HARDANGER)
        line = max(own.supply_lines, key=lambda line: line.share)
        other = max((candidate for bid in bids if bid.id != own.id for candidate in bid.supply_lines
                     if (candidate.material, candidate.stage) == (line.material, line.stage)),
                    key=lambda candidate: candidate.share)
        assert line.share + other.share > 100  # the sample's declarations make the claim exceed the need
        line.supplier, other.supplier = "Nordic Refinery AS", "NORDIC REFINERY"
        db.session.commit()
        return own.id


def test_a_facility_claimed_by_two_bids_beyond_the_need_is_flagged_with_its_source(app, tender_id, opened):
    bid_id = _share_a_facility(app, tender_id)
    page = opened["alice"].get(f"/tenders/{tender_id}/bids/{bid_id}").get_data(as_text=True)
    section = page.split('id="plausibility"', 1)[1].split("</section>", 1)[0]
    assert "Nordic Refinery AS is named for" in section and "by 2 bids" in section
    assert "Source: The supply chains declared by the bids of this tender" in section
    assert "A flag changes no points" in section
    german = opened["alice"].get(f"/tenders/{tender_id}/bids/{bid_id}", headers={"Accept-Language": "de"})
    text = german.get_data(as_text=True)
    assert "Plausibilität" in text and "Nordic Refinery AS wird für" in text
    assert "Quelle: Die von den Angeboten dieser Ausschreibung erklärten Lieferketten" in text


def test_a_plausible_bid_says_nothing_is_unusual(app, tender_id, opened):
    _without_suppliers(app, tender_id)
    with app.app_context():
        bid_id = db.session.scalar(select(Bid.id).where(Bid.tender_id == tender_id, Bid.label == HARDANGER))
        assert db.session.scalar(select(SupplyLine.id).where(SupplyLine.bid_id == bid_id)) is not None
    page = opened["alice"].get(f"/tenders/{tender_id}/bids/{bid_id}").get_data(as_text=True)
    section = page.split('id="plausibility"', 1)[1].split("</section>", 1)[0]
    assert "Nothing in this bid" in section and "<li>" not in section
