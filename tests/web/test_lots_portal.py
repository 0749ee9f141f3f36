"""A bidder's workbook for a tender divided into lots, submitted through the portal, is stored lot by lot: the
lots it bids for with their prices, and each lot's answers and supply chain (the bid's own price stays empty).
Lot 3 has its own bill of materials, so each lot bid for has a supply chain of its own."""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from app.extensions import db
from app.models import Answer, Bid, BidLot, SupplyLine
from tests.web.portal_steps import (
    SUPPLY,
    frozen_clock,  # noqa: F401  (autouse fixture: the clock stands at NOW)
    post_upload,
    store_divided,
    workbook_for,
)
from workbooks import LotFilling


def test_a_bid_for_two_of_three_lots_is_stored_lot_by_lot(app, client, login_as):
    tender_id = store_divided(app)
    login_as("bidder")
    dy = tuple(line for line in SUPPLY if line.material == "Dy")
    lots = {1: LotFilling(Decimal("1250000"), {"EOL": True}, SUPPLY), 3: LotFilling(Decimal("300000"), {}, dy),
            2: LotFilling(bid=False)}
    response = post_upload(client, tender_id, workbook_for(app, tender_id, price=None, answers={}, lots=lots))
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        bid = db.session.scalars(select(Bid)).one()
        assert bid.price is None
        assert [(lot.lot_number, lot.price) for lot in db.session.scalars(select(BidLot).order_by(BidLot.lot_number))
                ] == [(1, Decimal("1250000")), (3, Decimal("300000"))]
        assert [(a.lot_number, a.criterion_code, a.value) for a in db.session.scalars(select(Answer))] == [
            (1, "EOL", True)]
        supply = {(line.lot_number, line.material) for line in db.session.scalars(select(SupplyLine))}
        assert supply == {(1, "Nd"), (1, "Dy"), (3, "Dy")}


def test_the_self_assessment_of_a_bid_for_two_of_three_lots_scores_each_lot_on_its_own_tree(app, client, login_as):
    tender_id = store_divided(app)
    login_as("bidder")
    dy = tuple(line for line in SUPPLY if line.material == "Dy")
    lots = {1: LotFilling(Decimal("1250000"), {"EOL": False}, SUPPLY), 3: LotFilling(Decimal("300000"), {}, dy),
            2: LotFilling(bid=False)}
    response = post_upload(client, tender_id, workbook_for(app, tender_id, price=None, answers={}, lots=lots),
                           action="self-assessment")
    page = response.get_data(as_text=True)
    assert response.status_code == 200, page
    assert "Lot 1: Tram motor magnets" in page and "Lot 3: Dysprosium reserve" in page
    assert "Lot 2: Spare magnets" not in page
    assert 'id="lot-1-criterion-EOL"' in page and 'id="lot-1-criterion-PLAN"' in page
    assert 'id="lot-3-criterion-PRICE"' in page and 'id="lot-3-criterion-EOL"' not in page  # lot 3's own tree
    assert 'id="lot-1-hints"' in page and "answering yes would give 20 more points" in page  # lot 1's hint
    assert page.count("Bidder in the workbook") == 1
