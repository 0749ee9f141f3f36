"""The committee's page of one bid after the opening: who may read it, what it says, and the audited download."""
from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent, Bid, Tender
from tests.web.conftest import login, open_bids

HARDANGER = "hardanger-battery-systems"


def _bid(app, tender_id: int) -> Bid:
    with app.app_context():
        bid = db.session.scalar(select(Bid).where(Bid.tender_id == tender_id, Bid.label == HARDANGER))
        db.session.expunge(bid)
        return bid


def _page(tender_id: int, bid: Bid) -> str:
    return f"/tenders/{tender_id}/bids/{bid.id}"


def test_a_member_reads_the_bid_in_words(app, tender_id, opened):
    bid = _bid(app, tender_id)
    response = opened["alice"].get(_page(tender_id, bid))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Hardanger Battery Systems AS" in page
    assert "Australia" in page and "Chile" in page
    assert "Lithium" in page and "refining" in page and "45.0%" in page
    assert "Outside EU" in page and "outside_eu" not in page
    assert "9,180,000.00 EUR" in page  # alice is no technical member: she sees the price
    assert "Self-assessed" in page and "Committee" in page
    assert "judged by the committee" in page  # a judgement criterion has no answer of the bidder's
    assert f"/tenders/{tender_id}/bids/{bid.id}/workbook" in page
    assert HARDANGER not in page


def test_the_scoring_and_results_pages_link_each_bid_by_its_company(app, tender_id, opened):
    bid = _bid(app, tender_id)
    for path in (f"/tenders/{tender_id}/scoring", f"/tenders/{tender_id}/results"):
        page = opened["chair"].get(path).get_data(as_text=True)
        assert f'href="{_page(tender_id, bid)}"' in page, path


def test_the_workbook_download_is_the_original_file_and_is_audited(app, tender_id, opened):
    bid = _bid(app, tender_id)
    response = opened["alice"].get(f"{_page(tender_id, bid)}/workbook")
    assert response.status_code == 200
    assert response.data == bid.workbook
    with app.app_context():
        events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "bid.download")).all()
    assert len(events) == 1 and events[0].tender_id == tender_id


def test_bidders_and_officers_off_the_committee_are_refused(app, tender_id, opened, make_user):
    bid = _bid(app, tender_id)
    with app.app_context():
        authority_id = db.session.get(Tender, tender_id).authority_id
    for role, extra in (("bidder", {}), ("officer", {"organisation_id": authority_id})):
        outsider = app.test_client()
        login(outsider, make_user(role, **extra))
        for path in (_page(tender_id, bid), f"{_page(tender_id, bid)}/workbook"):
            response = outsider.get(path)
            assert response.status_code == 403, (role, path)
            assert "Hardanger" not in response.get_data(as_text=True)


def test_sealed_bids_are_not_shown_before_the_opening(app, tender_id, committee):
    bid = _bid(app, tender_id)
    for path in (_page(tender_id, bid), f"{_page(tender_id, bid)}/workbook"):
        response = committee["chair"].get(path)
        page = response.get_data(as_text=True)
        assert response.status_code == 200 and "sealed" in page, path  # the "not yet" page, never the bid
        assert "Hardanger" not in page


def test_a_technical_member_sees_no_price_and_cannot_download_it(app, tender_id, technical):
    bid = _bid(app, tender_id)
    page = technical["tech"].get(_page(tender_id, bid)).get_data(as_text=True)
    assert "Hardanger Battery Systems AS" in page and "Lithium" in page
    assert "9,180,000" not in page and "9180000" not in page
    assert f"{_page(tender_id, bid)}/workbook" not in page
    assert "two-envelope" in page
    download = technical["tech"].get(f"{_page(tender_id, bid)}/workbook")
    assert download.status_code == 403
    assert "two-envelope" in download.get_data(as_text=True)


def test_the_opening_page_lists_the_opened_bids_to_read(app, tender_id, committee):
    bid = _bid(app, tender_id)
    assert _page(tender_id, bid) not in committee["chair"].get(f"/tenders/{tender_id}/opening").get_data(as_text=True)
    open_bids(tender_id, committee["chair"], committee["alice"])
    page = committee["chair"].get(f"/tenders/{tender_id}/opening").get_data(as_text=True)
    assert f'href="{_page(tender_id, bid)}"' in page and "Hardanger Battery Systems AS" in page


def test_a_member_sees_the_page_in_words(app, tender_id, opened):
    bid = _bid(app, tender_id)
    page = opened["alice"].get(_page(tender_id, bid)).get_data(as_text=True)
    for token in ("None", "nan", "_", "sha256", ".xlsx"):
        text = page.split("<main", 1)[-1].split("</main>", 1)[0]
        visible = " ".join(part.split(">", 1)[-1] for part in text.split("<"))
        assert token not in visible, token


def test_a_bid_of_no_live_version_of_this_tender_is_not_found(app, tender_id, opened):
    bid = _bid(app, tender_id)
    with app.app_context():
        db.session.get(Bid, bid.id).status = "superseded"
        db.session.commit()
    for path in (_page(tender_id, bid), f"/tenders/{tender_id}/bids/999999"):
        assert opened["alice"].get(path).status_code == 404, path
