"""The demo data `make run` loads: believable dates, and a tender a newcomer can take from opening to consensus."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from app.clock import clock
from app.demo import DEMO_PASSWORD, SAMPLES_DIR
from app.extensions import db
from app.models import Bid, CommitteeMember, Score, Tender
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
