"""The demo data `make run` loads: believable dates, and a tender a newcomer can take from opening to consensus."""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import undefer

from app.clock import clock
from app.demo import DEMO_PASSWORD, SAMPLES_DIR
from app.extensions import db
from app.models import AuditEvent, Bid, BidDocument, CommitteeMember, Score, SupplyLine, Tender
from app.records.file_types import file_format
from tender_files.folder import load_folder
from tests.web.conftest import login, post_form, user_id

LOADED_AT = datetime(2026, 11, 30, 9, 37, 12, tzinfo=timezone.utc)  # an odd minute, as `make run` meets it


@pytest.fixture
def demo(app, runner):
    clock.freeze(LOADED_AT)
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    with app.app_context():
        return {tender.status: tender.id for tender in db.session.scalars(select(Tender))}


def test_every_receipt_falls_after_publication_before_its_deadline_and_in_the_past(app, demo):
    with app.app_context():
        rows = db.session.execute(select(Bid.submitted_at, Tender.published_at, Tender.submission_deadline_at,
                                         Tender.reference).join(Tender)).all()
    assert len({row.reference for row in rows}) == 4
    for submitted_at, published_at, deadline, reference in rows:
        assert published_at < submitted_at < deadline, reference
        assert submitted_at < LOADED_AT, reference


def test_deadlines_and_openings_fall_on_whole_hours_in_the_tenders_zone(app, demo):
    with app.app_context():
        tenders = db.session.scalars(select(Tender)).all()
        for tender in tenders:
            for at in (tender.submission_deadline_at, tender.opening_at, tender.published_at):
                local = at.astimezone(ZoneInfo(tender.time_zone))
                assert (local.minute, local.second, local.microsecond) == (0, 0, 0), (tender.reference, local)
    assert sorted(demo) == ["closed", "finalised", "opened", "published"]


def test_the_tender_awaiting_opening_has_passed_its_times_and_no_committee_work(app, demo):
    with app.app_context():
        tender = db.session.get(Tender, demo["closed"])
        assert tender.submission_deadline_at < tender.opening_at <= LOADED_AT
        assert db.session.scalar(select(func.count(Bid.id)).where(Bid.tender_id == tender.id)) > 1
        assert db.session.scalar(select(func.count(CommitteeMember.id))
                                 .where(CommitteeMember.tender_id == tender.id)) == 0
        assert db.session.scalar(select(func.count(Score.id)).join(Bid).where(Bid.tender_id == tender.id)) == 0


def test_demo_officers_seat_the_committee_and_open_the_waiting_tender_with_four_eyes(app, demo):
    tender_id = demo["closed"]
    base = f"/tenders/{tender_id}/committee"
    clients = {}
    for name in ("officer", "evaluator1", "evaluator2"):
        clients[name] = app.test_client()
        login(clients[name], f"{name}@resbid.example", DEMO_PASSWORD)
    assert "You chair this committee." in post_form(clients["officer"], f"{base}/chair").get_data(as_text=True)
    assert "Declaration signed." in post_form(clients["officer"], f"{base}/declaration").get_data(as_text=True)
    for name in ("evaluator1", "evaluator2"):
        body = post_form(clients["officer"], f"{base}/members", {"user_id": user_id(app, f"{name}@resbid.example")})
        assert "joined the committee" in body.get_data(as_text=True)
        assert "Declaration signed." in post_form(clients[name], f"{base}/declaration").get_data(as_text=True)
    clock.freeze(LOADED_AT + timedelta(minutes=5))
    for name in ("officer", "evaluator1"):
        post_form(clients[name], f"/tenders/{tender_id}/opening")
    with app.app_context():
        assert db.session.get(Tender, tender_id).status == "opened"
    assert clients["evaluator2"].get(f"/tenders/{tender_id}/scoring").status_code == 200


@pytest.mark.parametrize("name", ["bess-utility", "defence-gallium-germanium", "ndfeb-magnets"])
def test_each_sample_folder_has_its_receipts_before_its_deadline_and_its_times_on_whole_hours(name):
    folder = load_folder(SAMPLES_DIR / name)
    zone = ZoneInfo(folder.meta.time_zone)
    for at in (folder.meta.submission_deadline_at, folder.meta.opening_at):
        assert at.astimezone(zone).minute == at.second == at.microsecond == 0, (name, at)
    receipts = [bid.submitted_at for bid in folder.bids if bid.submitted_at]
    assert receipts and all(at < folder.meta.submission_deadline_at for at in receipts), name


def _xref_points_at_objects(data: bytes) -> bool:
    """Every offset of the PDF's cross-reference table points at the start of its object (ISO 32000-1 7.5.4)."""
    start = int(data.rsplit(b"startxref\n", 1)[1].split(b"\n", 1)[0])
    rows = data[start:].split(b"trailer", 1)[0].splitlines()[3:]
    return bool(rows) and all(data[int(row[:10]):].startswith(b"%d 0 obj" % number)
                              for number, row in enumerate(rows, start=1))


def test_sample_bids_carry_small_valid_pdfs_that_prove_their_supply_lines(app, demo):
    with app.app_context():
        documents = db.session.scalars(select(BidDocument).options(undefer(BidDocument.data))).all()
        by_label = {(db.session.get(Bid, document.bid_id).label, document.reference) for document in documents}
        defence = db.session.get(Tender, demo["closed"])
        assert defence.document_rules == {"formats": ["pdf", "png", "jpeg"], "evidence_required": ["processing"]}
        lines = db.session.scalars(select(SupplyLine.evidence).join(Bid).where(Bid.label == "nordic-magnet-works"))
        assert "Tolling agreement NMW-TA-2026-01 (demo)" in set(lines)
    assert len(documents) == 9
    assert ("nordic-magnet-works", "Tolling agreement NMW-TA-2026-01 (demo)") in by_label
    assert ("hardanger-battery-systems", "Anode supply contract HBS-GR-10 (demo)") in by_label
    for document in documents:
        assert file_format(document.data) == "pdf" and document.size == len(document.data) < 20_000
        assert _xref_points_at_objects(document.data), document.display_name
    bidder = app.test_client()
    login(bidder, "bidder@resbid.example", DEMO_PASSWORD)
    page = bidder.get(f"/portal/tenders/{demo['published']}").get_data(as_text=True)
    link = re.search(r'href="(/portal/bids/\d+/documents/\d+)"', page).group(1)
    assert bidder.get(link).data.startswith(b"%PDF-1.4")


def test_the_sample_contracts_reports_and_responses_are_recorded_by_their_authors_under_the_tender(app, demo):
    with app.app_context():
        tender = db.session.scalar(select(Tender.id).where(Tender.reference == "RB-2027-MAG-01"))
        rows = db.session.execute(select(AuditEvent.action, AuditEvent.actor, AuditEvent.tender_id).where(
            AuditEvent.action.in_(("contract.report", "contract.respond")))).all()
    assert sorted(set(rows)) == [("contract.report", "contractor@resbid.example", tender),
                                 ("contract.respond", "officer@resbid.example", tender)]


def test_the_lots_tender_whose_criteria_score_themselves_shows_no_empty_count(app, client, demo):
    """Every criterion of the demo's tender in lots is scored from the bids' own figures: each lot says so, and no
    lot counts "0 of 0 done"."""
    login(client, "officer@resbid.example", DEMO_PASSWORD)
    page = client.get(f"/tenders/{demo['opened']}/scoring", follow_redirects=True).get_data(as_text=True)
    assert "Nothing to score in this lot" in page and "Lot 2" in page
    assert " of 0 done" not in page
