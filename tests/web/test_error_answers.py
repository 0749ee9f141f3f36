"""Each user-facing error answers on the web as app.errors.ANSWERS says: its status, and its message at its place
(a page of its own, the problems listed on the form, under the field, at the top of the page); nothing is kept."""
from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import func, select, update

from app.auth.access import public
from app.clock import clock
from app.errors import ANSWERS, REFUSED_UPLOAD, Refused, StaleEdit, UserError, perform
from app.extensions import db
from app.models import AuditEvent, Organisation, Tender, User
from scoring.problems import InvalidInput, Problem
from tests.web.setup_steps import DETAILS, NOW, PRICE, add_criterion, create_draft, post, published_tender, stored


def _count(app, model, *where) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*where))


def _flashed_errors(html: str) -> list[str]:
    return re.findall(r'<div class="flash flash-error" role="status">([^<]*)</div>', html)


def _field_errors(html: str) -> list[str]:
    return re.findall(r'<p class="error" role="alert">([^<]*)</p>', html)


def test_refused_answers_403_with_its_reason_and_records_the_attempt(app, client, login_as):
    email = login_as("officer")
    with app.app_context():
        db.session.scalar(select(User).filter_by(email=email)).organisation_id = None
        db.session.commit()
    response = post(client, "/tenders/new", DETAILS)
    assert response.status_code == ANSWERS[Refused].status == 403
    assert "belongs to no contracting authority" in response.get_data(as_text=True)
    assert _count(app, AuditEvent, AuditEvent.action == "access.denied") == 1


def test_a_stale_edit_answers_409_with_a_reload_link_and_keeps_the_newer_save(app, client, login_as):
    login_as("officer")
    tender_id = create_draft(client)
    old_version = stored(app, tender_id).version
    assert post(client, f"/tenders/{tender_id}/details",
                {**DETAILS, "title": "First save", "version": old_version}).status_code == 302
    response = post(client, f"/tenders/{tender_id}/details", {**DETAILS, "title": "Late save", "version": old_version})
    assert response.status_code == ANSWERS[StaleEdit].status == 409
    html = response.get_data(as_text=True)
    assert "Changed by someone else since you opened this page" in html
    assert f'href="/tenders/{tender_id}/details"' in html
    assert stored(app, tender_id).title == "First save"


def test_invalid_input_answers_422_with_every_problem_listed_at_its_place(app, client, login_as):
    login_as("officer")
    response = post(client, "/tenders/import", {"file": (io.BytesIO(b"reference: [unclosed\n"), "tender.yaml")},
                    content_type="multipart/form-data")
    assert response.status_code == ANSWERS[InvalidInput].status == REFUSED_UPLOAD == 422
    problems = re.search(r'id="import-problems">(.*?)</section>', response.get_data(as_text=True), re.S).group(1)
    assert "tender.yaml: Not valid YAML at line 2" in problems
    assert _count(app, Tender) == 0


def test_a_user_error_naming_a_field_answers_200_with_the_message_under_that_field(app, client, login_as):
    login_as("officer")
    create_draft(client)
    response = post(client, "/tenders/new", {**DETAILS, "title": "Same reference"})
    assert response.status_code == ANSWERS[UserError].status == 200
    html = response.get_data(as_text=True)
    assert _field_errors(html) == ["Reference: a tender with reference RB-TEST-01 already exists"]
    assert _flashed_errors(html) == []
    assert _count(app, Tender) == 1


def test_a_user_error_naming_no_field_answers_200_with_the_message_at_the_top_of_the_form(app, client, login_as):
    clock.freeze(NOW)
    login_as("officer")
    tender_id = published_tender(app, client)
    response = post(client, f"/tenders/{tender_id}/corrigendum", {
        "submission_deadline": DETAILS["submission_deadline"], "opening_time": DETAILS["opening_time"],
        "reason": "No change at all.", "version": stored(app, tender_id).version})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert _flashed_errors(html) == ["Nothing to correct: the deadline and opening time are unchanged."]
    assert 'name="reason"' in html  # the form itself, to correct


def test_a_user_error_on_a_page_that_redirects_is_shown_at_the_top_of_the_page_it_redirects_to(app, client, login_as):
    login_as("officer")
    tender_id = create_draft(client)
    assert add_criterion(client, tender_id, PRICE).status_code == 302
    with app.app_context():
        tender = db.session.get(Tender, tender_id)
        price = tender.criteria[0]
        row = {"id": price.id, "version": price.version}
    response = post(client, f"/tenders/{tender_id}/criteria/{row['id']}/move",
                    {"direction": "up", "version": row["version"]})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/tenders/{tender_id}/criteria"
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert _flashed_errors(html) == ["Price is already the first of its level."]


@pytest.fixture
def raising_routes(app):
    """Views that write a row, then raise a user error outside any form: the error page answers, nothing is kept."""

    def write_then_raise(error: Exception):
        db.session.add(Organisation(name="Written before the error", kind="authority", country="BE"))
        db.session.flush()
        raise error

    errors = {"user-error": UserError("must be a whole number", place="points"),
              "invalid-input": InvalidInput([Problem("Supply chain!A14", "unknown material"),
                                             Problem("Supply chain!B14", "not a country")])}
    for name, error in errors.items():
        app.add_url_rule(f"/probe/{name}", f"probe_{name}",
                         public(lambda error=error: write_then_raise(error)))
    return app


def test_user_errors_raised_outside_a_form_answer_an_error_page_and_keep_nothing(raising_routes, client):
    user_error = client.get("/probe/user-error")
    assert user_error.status_code == ANSWERS[UserError].alone == 400
    assert "points: must be a whole number" in user_error.get_data(as_text=True)
    invalid = client.get("/probe/invalid-input")
    assert invalid.status_code == ANSWERS[InvalidInput].alone == 422
    html = invalid.get_data(as_text=True)
    assert "Supply chain!A14: unknown material" in html and "Supply chain!B14: not a country" in html
    assert _count(raising_routes, Organisation, Organisation.name == "Written before the error") == 0


def test_perform_turns_a_concurrent_change_found_at_commit_into_a_stale_edit_and_keeps_nothing(app, client, login_as):
    login_as("officer")
    tender_id = create_draft(client)

    def rename(tender: Tender) -> None:
        tender.title = "Overwritten"  # flushed at the commit, for the version read here
        table = Tender.__table__  # another save, unseen by the session
        db.session.connection().execute(update(table).where(table.c.id == tender.id)
                                        .values(version=table.c.version + 1))

    with app.test_request_context():
        with pytest.raises(StaleEdit):
            perform(rename, db.session.get(Tender, tender_id))
    assert stored(app, tender_id).title == DETAILS["title"]
