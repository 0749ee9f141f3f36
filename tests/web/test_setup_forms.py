"""Tender details through the forms: times in the tender's zone stored in UTC, every field checked, CSRF and
role and authority checked on every set-up page."""
from __future__ import annotations

from sqlalchemy import func, select

from app.clock import clock
from app.extensions import db
from app.models import AuditEvent, Tender
from tests.web.conftest import login
from tests.web.setup_steps import (
    DEADLINE_UTC,
    DETAILS,
    NOW,
    build_valid_tree,
    create_draft,
    criterion_id,
    post,
    publish,
    stored,
)


def _tender_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Tender))


def test_officer_creates_a_tender_from_scratch_builds_a_valid_tree_and_publishes_it(app, client, login_as):
    clock.freeze(NOW)
    login_as("officer")
    tender_id = create_draft(client)
    draft = client.get(f"/tenders/{tender_id}").get_data(as_text=True)
    assert "expected a non-empty list of criteria" in draft and "add at least one material" in draft
    assert 'id="publish"' not in draft
    build_valid_tree(app, client, tender_id)
    response = publish(client, tender_id)
    assert response.status_code == 302
    tender = stored(app, tender_id)
    assert (tender.status, tender.published_at, tender.is_two_envelope) == ("published", NOW, True)
    page = client.get(f"/tenders/{tender_id}").get_data(as_text=True)
    assert "is published: its criteria and weights are now fixed" in page
    assert "Lower is better: 50 or less gets full points" in page
    with app.app_context():
        actions = list(db.session.scalars(select(AuditEvent.action).where(AuditEvent.tender_id == tender_id)
                                          .order_by(AuditEvent.seq)))
    assert actions == ["tender.create", "tender.update"] + ["criterion.create"] * 4 + ["tender.publish"]


def test_deadline_and_opening_are_typed_in_the_tender_zone_and_stored_in_utc(app, client, login_as):
    login_as("officer")
    tender = stored(app, create_draft(client))
    assert tender.submission_deadline_at == DEADLINE_UTC
    assert tender.opening_at == DEADLINE_UTC.replace(hour=13)
    summer = stored(app, create_draft(client, reference="RB-TEST-02", time_zone="Europe/Lisbon",
                                      submission_deadline="2027-07-01T12:00", opening_time="2027-07-01T12:00"))
    assert summer.submission_deadline_at == DEADLINE_UTC.replace(month=7, day=1)  # Lisbon is UTC+1 in summer


def test_each_details_field_is_checked_and_nothing_is_stored(app, client, login_as):
    login_as("officer")
    cases = {
        "time_zone": ({"time_zone": "Mars/Olympus_Mons"}, "unknown time zone"),
        "opening": ({"opening_time": "2027-02-15T11:59"}, "must not be before the submission deadline"),
        "clocks change": ({"submission_deadline": "2027-03-28T02:30", "opening_time": "2027-03-28T09:00"},
                          "does not exist in Europe/Brussels"),
        "reference": ({"reference": "RB 2027/01?"}, "letters, digits and . _ / - only"),
        "cpv": ({"cpv_code": "3100"}, "eight digits"),
        "currency": ({"currency": "euro"}, "three-letter ISO 4217 code"),
        "value": ({"estimated_value": "-5"}, "Estimated value (excluding VAT)"),
    }
    for name, (change, message) in cases.items():
        response = post(client, "/tenders/new", {**DETAILS, **change})
        assert response.status_code == 200, name
        assert message in response.get_data(as_text=True), name
    assert _tender_count(app) == 0


def test_a_reference_is_used_once(app, client, login_as):
    login_as("officer")
    create_draft(client)
    response = post(client, "/tenders/new", DETAILS)
    assert response.status_code == 200
    assert "a tender with reference RB-TEST-01 already exists" in response.get_data(as_text=True)
    assert _tender_count(app) == 1


def test_details_of_a_draft_are_edited_with_its_version(app, client, login_as):
    login_as("officer")
    tender_id = create_draft(client)
    response = post(client, f"/tenders/{tender_id}/details", {
        **DETAILS, "title": "Magnet sets, second thoughts", "is_two_envelope": "", "version": 1})
    assert response.status_code == 302
    tender = stored(app, tender_id)
    assert (tender.title, tender.is_two_envelope, tender.version) == ("Magnet sets, second thoughts", False, 2)


def test_every_set_up_post_without_a_csrf_token_is_400_and_changes_nothing(app, client, login_as):
    clock.freeze(NOW)
    login_as("officer")
    tender_id = create_draft(client)
    build_valid_tree(app, client, tender_id)
    price = criterion_id(app, tender_id, "PRICE")
    before = stored(app, tender_id).version
    paths = ["/tenders/new", "/tenders/import", f"/tenders/{tender_id}/details", f"/tenders/{tender_id}/materials",
             f"/tenders/{tender_id}/rules", f"/tenders/{tender_id}/criteria/new",
             f"/tenders/{tender_id}/criteria/{price}", f"/tenders/{tender_id}/criteria/{price}/move",
             f"/tenders/{tender_id}/criteria/{price}/remove", f"/tenders/{tender_id}/publish",
             f"/tenders/{tender_id}/corrigendum"]
    for path in paths:
        response = client.post(path, data={**DETAILS, "version": before, "direction": "down"})
        assert response.status_code == 400, path
        assert "missing security token" in response.get_data(as_text=True)
    assert (stored(app, tender_id).version, stored(app, tender_id).status) == (before, "draft")
    assert criterion_id(app, tender_id, "PRICE") == price


def test_set_up_pages_are_for_officers_of_the_tender_authority_only(app, client, login_as, make_user):
    officer = app.test_client()
    login_as("officer")
    tender_id = create_draft(client)
    pages = ["/tenders/new", "/tenders/import", f"/tenders/{tender_id}/details", f"/tenders/{tender_id}/criteria",
             f"/tenders/{tender_id}/criteria/new", f"/tenders/{tender_id}/materials", f"/tenders/{tender_id}/rules",
             f"/tenders/{tender_id}/tender.yaml", f"/tenders/{tender_id}/workbook.xlsx",
             f"/tenders/{tender_id}/corrigendum"]
    login(officer, make_user("officer"))  # another authority
    for page in pages[2:]:
        assert officer.get(page).status_code == 404, page
    for role in ("bidder", "auditor", "admin"):
        other = app.test_client()
        login(other, make_user(role))
        for page in pages:
            assert other.get(page).status_code == 403, (role, page)
