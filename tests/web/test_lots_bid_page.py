"""The committee's page of one bid for a tender divided into lots: a part per lot the bid covers, each with that
lot's price (for members who see prices), supply chain, answers and points from that lot's evaluation."""
from __future__ import annotations

from tests.web.lot_committee import CHAIR, TECHNICAL, bid_ids, import_lots, signed_in, words


def test_a_bid_is_read_lot_by_lot(app, runner, tmp_path, make_organisation, make_user):
    tender = import_lots(app, runner, tmp_path, make_organisation, make_user)
    bids = bid_ids(app, tender)
    chair, technical = signed_in(app, CHAIR), signed_in(app, TECHNICAL)
    both = words(chair.get(f"/tenders/{tender}/bids/{bids['nordic-magnet-works']}"))
    assert "Lot 1: Traction-motor magnets" in both and "Lot 2: Spare magnets" in both
    assert 'id="lot-1-answers"' in both and 'id="lot-2-supply"' in both and "not open yet" not in both
    assert both.count("<strong>Price</strong>") == 2
    one = words(chair.get(f"/tenders/{tender}/bids/{bids['baltic-magnet-trading']}"))  # bids for lot 1 only
    assert "Lot 1: Traction-motor magnets" in one and "Lot 2:" not in one
    blind = words(technical.get(f"/tenders/{tender}/bids/{bids['nordic-magnet-works']}"))
    assert "Lot 2: Spare magnets" in blind and "<strong>Price</strong>" not in blind


def test_a_technical_member_gets_no_workbook_of_a_bid_by_lot(app, runner, tmp_path, make_organisation, make_user):
    """The bid's own price is empty when it bids by lot, but its workbook holds each lot's price."""
    tender = import_lots(app, runner, tmp_path, make_organisation, make_user)
    bid = bid_ids(app, tender)["nordic-magnet-works"]
    assert signed_in(app, TECHNICAL).get(f"/tenders/{tender}/bids/{bid}/workbook").status_code == 403
    assert signed_in(app, CHAIR).get(f"/tenders/{tender}/bids/{bid}/workbook").status_code == 200
