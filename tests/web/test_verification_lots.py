"""Verification in a tender divided into lots: a request about a supply line belongs to that line's lot, its
minimum score changes that lot's evaluation only, and an Art. 57(4)(i) exclusion concerns the tenderer, so it is
excluded from every lot it bid for."""
from __future__ import annotations

from sqlalchemy import select

from app.evaluation.verification_outcome import claim_criteria
from app.extensions import db
from app.models import BidLot, SupplyLine, Tender
from app.records.stored_results import lots_evaluation_of
from tests.web.lot_committee import CHAIR, TECHNICAL, bid_ids, import_lots, signed_in
from tests.web.verification_steps import ask, record_outcome, requests_of

NORDIC = "nordic-magnet-works"


def test_a_lot_line_is_decided_in_its_lot_and_an_exclusion_covers_every_lot(app, runner, tmp_path,
                                                                            make_organisation, make_user):
    tender_id = import_lots(app, runner, tmp_path, make_organisation, make_user)
    bid_id = bid_ids(app, tender_id)[NORDIC]
    with app.app_context():
        line = db.session.scalar(select(SupplyLine.id).where(SupplyLine.bid_id == bid_id,
                                                             SupplyLine.lot_number == 2).order_by(SupplyLine.id))
    chair = signed_in(app, CHAIR)
    assert "Request sent" in ask(chair, tender_id, bid_id, line, "Prove the refinery's output.",
                                 "2027-02-20").get_data(as_text=True)
    [request] = requests_of(app, bid_id)
    assert request.lot_number == 2
    assert "Prove the refinery" in signed_in(app, TECHNICAL).get(f"/tenders/{tender_id}/bids/{bid_id}").get_data(
        as_text=True)
    with app.test_request_context():
        tender = db.session.get(Tender, tender_id)
        code = next(iter(claim_criteria(tender, 2)))
        before = {lot.number: lots_evaluation_of(tender).lot(lot.number).bid(NORDIC) for lot in tender.lots
                  if NORDIC in lots_evaluation_of(tender).lot(lot.number).bids_by_id}
    page = record_outcome(chair, tender_id, bid_id, request.id, "not_verified", "No output records.", "minimum",
                          code).get_data(as_text=True)
    assert "Outcome recorded." in page
    with app.test_request_context():
        tender = db.session.get(Tender, tender_id)
        after = {number: lots_evaluation_of(tender).lot(number).bid(NORDIC) for number in before}
        minimum = next(leaf for leaf in lots_evaluation_of(tender).lot(2).bid(NORDIC).criteria if leaf.code == code)
    assert minimum.status == "resolved"
    assert all(after[number].total == before[number].total for number in before if number != 2)
    ask(chair, tender_id, bid_id, None, "Who controls the refinery?", "2027-02-20")
    whole = requests_of(app, bid_id)[1]
    record_outcome(chair, tender_id, bid_id, whole.id, "not_verified", "The declared group hides its owner.",
                   "exclude_57_4_i")
    with app.app_context():
        rows = db.session.scalars(select(BidLot).where(BidLot.bid_id == bid_id)).all()
    assert rows and all(row.exclusion_concerns_tenderer for row in rows)
    assert any(row.exclusion_reason == "Directive 2014/24/EU Art. 57(4)(i): The declared group hides its owner."
               for row in rows)
    with app.test_request_context():
        tender = db.session.get(Tender, tender_id)
        assert not any(lots_evaluation_of(tender).lot(number).bid(NORDIC).is_eligible for number in before)
