"""The committee page offers only the people who can be seated, and the technical role only where it means something."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import CommitteeMember, Tender, User
from tests.web.conftest import csrf_token, post_form, user_id


def _options(page: str) -> list[str]:
    select_html = re.search(r'<select[^>]*name="user_id".*?</select>', page, flags=re.S)
    return re.findall(r"<option[^>]*>([^<]*)</option>", select_html.group(0)) if select_html else []


@pytest.fixture
def chair(app, tender_id, officers):
    """The chair seated and declared; alice and bob still unseated."""
    base = f"/tenders/{tender_id}/committee"
    post_form(officers["chair"], f"{base}/chair")
    post_form(officers["chair"], f"{base}/declaration")
    return officers["chair"]


def _authority(app, tender_id: int) -> int:
    with app.app_context():
        return db.session.get(Tender, tender_id).authority_id


def test_only_officers_of_the_authority_who_are_not_seated_are_offered(app, tender_id, chair, make_user):
    authority_id = _authority(app, tender_id)
    make_user("auditor", email="auditor@authority.example", organisation_id=authority_id)
    make_user("officer", email="elsewhere@other.example")
    make_user("officer", email="gone@authority.example", organisation_id=authority_id)
    make_user("bidder", email="bidder@company.example")
    with app.app_context():
        db.session.scalar(select(User).where(User.email == "gone@authority.example")).is_enabled = False
        db.session.commit()
    options = _options(chair.get(f"/tenders/{tender_id}/committee").get_data(as_text=True))
    assert options == ["alice@authority.example", "bob@authority.example"]
    post_form(chair, f"/tenders/{tender_id}/committee/members", {"user_id": user_id(app, "alice@authority.example")})
    options = _options(chair.get(f"/tenders/{tender_id}/committee").get_data(as_text=True))
    assert options == ["bob@authority.example"]


def test_nobody_left_to_seat_says_so(app, tender_id, chair):
    for name in ("alice", "bob"):
        post_form(chair, f"/tenders/{tender_id}/committee/members",
                  {"user_id": user_id(app, f"{name}@authority.example")})
    page = chair.get(f"/tenders/{tender_id}/committee").get_data(as_text=True)
    assert _options(page) == [] and "Every officer of your authority is already on the committee." in page


def test_a_user_who_cannot_be_seated_is_refused_with_a_clear_message(app, tender_id, chair, make_user):
    make_user("bidder", email="bidder@company.example")
    body = post_form(chair, f"/tenders/{tender_id}/committee/members",
                     {"user_id": user_id(app, "bidder@company.example")}).get_data(as_text=True)
    assert "Only active officers of the contracting authority can sit on the committee" in body
    with app.app_context():
        assert db.session.scalar(select(CommitteeMember).where(
            CommitteeMember.user_id == user_id(app, "bidder@company.example"))) is None


def test_the_technical_option_is_offered_on_two_envelope_tenders(app, tender_id, chair):
    assert 'name="is_technical"' in chair.get(f"/tenders/{tender_id}/committee").get_data(as_text=True)


def test_one_envelope_tenders_have_no_technical_evaluators(app, tender_id, chair):
    with app.app_context():
        db.session.get(Tender, tender_id).is_two_envelope = False
        db.session.commit()
    page = chair.get(f"/tenders/{tender_id}/committee").get_data(as_text=True)
    assert 'name="is_technical"' not in page and "Technical evaluator" not in page
    token = csrf_token(chair, f"/tenders/{tender_id}/committee")
    response = chair.post(f"/tenders/{tender_id}/committee/members", data={
        "csrf_token": token, "user_id": user_id(app, "alice@authority.example"), "is_technical": "y"})
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "only on two-envelope tenders" in body
    with app.app_context():
        assert db.session.scalar(select(CommitteeMember).where(
            CommitteeMember.user_id == user_id(app, "alice@authority.example"))) is None
