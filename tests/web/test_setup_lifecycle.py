"""Publication freezes the definition for good; the clock closes a tender; corrigenda move dates only before the
deadline, by an officer of the authority, with a recorded reason; a stale form never overwrites a newer save."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.clock import clock
from app.errors import Refused
from app.extensions import db
from app.models import AuditEvent, Corrigendum, Criterion, Tender, User
from app.tenders import tree_editing
from app.tenders.publishing import definition_sha256
from tests.web.conftest import login
from tests.web.setup_steps import (
    DEADLINE_UTC,
    DETAILS,
    NOW,
    PRICE,
    QUALITY,
    add_criterion,
    build_valid_tree,
    create_draft,
    criterion_id,
    criterion_version,
    hidden,
    post,
    publish_ticket,
    published_tender,
    stored,
)

CORRIGENDUM = {"submission_deadline": "2027-02-22T12:00", "opening_time": "2027-02-22T14:00",
               "reason": "Clarification of the magnet grade in the technical specification."}


def _events(app, action: str) -> list[AuditEvent]:
    with app.app_context():
        return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.seq)))


def _correct(app, client, tender_id: int, **change):
    """Submit the corrigendum form as its page would, with the tender's current version."""
    return post(client, f"/tenders/{tender_id}/corrigendum",
                {**CORRIGENDUM, **change, "version": stored(app, tender_id).version})


def _fingerprint(app, tender_id: int) -> str:
    with app.app_context():
        return definition_sha256(db.session.get(Tender, tender_id))


def test_after_publishing_every_edit_route_refuses_with_a_reason_and_a_record(app, client, login_as):
    clock.freeze(NOW)
    login_as("officer")
    tender_id = published_tender(app, client)
    fingerprint = _fingerprint(app, tender_id)
    group, price = criterion_id(app, tender_id, "QUAL"), criterion_id(app, tender_id, "PRICE")
    base = f"/tenders/{tender_id}"
    pages = [f"{base}/details", f"{base}/criteria", f"{base}/criteria/new", f"{base}/criteria/{price}",
             f"{base}/materials", f"{base}/rules"]
    posts = {
        f"{base}/details": {**DETAILS, "title": "Changed", "version": 2},
        f"{base}/criteria/new": {**PRICE, "code": "EXTRA"},
        f"{base}/criteria/{price}": {**PRICE, "size": "10", "version": 1},
        f"{base}/criteria/{price}/move": {"direction": "down", "version": 1},
        f"{base}/criteria/{group}/remove": {"version": 1},
        f"{base}/materials": {"lines-0-material": "Dy", "lines-0-kg_per_unit": "1", "version": 2},
        f"{base}/rules": {"weighting": "points", "version": 2},
        f"{base}/publish": {"version": 2, "definition_sha256": fingerprint},
    }
    denied_before = len(_events(app, "access.denied"))
    for page in pages:
        response = client.get(page)
        assert response.status_code == 403, page
        assert "were frozen when it was published" in response.get_data(as_text=True)
    for path, data in posts.items():
        assert post(client, path, data).status_code == 403, path
    assert len(_events(app, "access.denied")) == denied_before + len(pages) + len(posts)
    assert _fingerprint(app, tender_id) == fingerprint
    assert stored(app, tender_id).status == "published"


def test_the_tree_editor_refuses_a_tender_published_meanwhile(app, client, login_as):
    clock.freeze(NOW)
    login_as("officer")
    tender_id = published_tender(app, client)
    with app.test_request_context():
        tender = db.session.get(Tender, tender_id)
        with pytest.raises(Refused, match="frozen"):
            tree_editing.move_criterion(tender, tender.criteria[0], "down", tender.criteria[0].version)


def test_publishing_needs_a_valid_definition_and_a_future_deadline(app, client, login_as):
    clock.freeze(NOW)
    login_as("officer")
    tender_id = create_draft(client)
    build_valid_tree(app, client, tender_id)
    ticket = publish_ticket(client, tender_id)
    clock.freeze(DEADLINE_UTC)
    response = post(client, f"/tenders/{tender_id}/publish", ticket, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Not published: 1 problem to fix first." in page
    assert "submission deadline</strong>: Has passed" in page
    assert stored(app, tender_id).status == "draft"


def test_publishing_names_the_definition_the_officer_reviewed(app, client, login_as):
    clock.freeze(NOW)
    login_as("officer")
    tender_id = create_draft(client)
    build_valid_tree(app, client, tender_id)
    ticket = publish_ticket(client, tender_id)
    price = criterion_id(app, tender_id, "PRICE")
    changed = post(client, f"/tenders/{tender_id}/criteria/{price}", {
        **PRICE, "name": "Total price", "source_metric": "", "source_stage": "", "source_material": "",
        "version": criterion_version(app, tender_id, "PRICE")})
    assert changed.status_code == 302
    response = post(client, f"/tenders/{tender_id}/publish", ticket)
    assert response.status_code == 409
    assert stored(app, tender_id).status == "draft"


def test_a_published_tender_shows_as_closed_once_its_deadline_passes(app, client, login_as):
    clock.freeze(NOW)
    login_as("officer")
    tender_id = published_tender(app, client)
    clock.freeze(DEADLINE_UTC + timedelta(minutes=1))
    listing = client.get("/tenders/").get_data(as_text=True)
    assert 'badge-closed">closed</span> 1 tender' in listing
    assert 'badge badge-closed">closed' in client.get(f"/tenders/{tender_id}").get_data(as_text=True)
    assert stored(app, tender_id).status == "closed"
    closings = _events(app, "tender.close")
    assert [(event.tender_id, event.actor, event.actor_id) for event in closings] == [(tender_id, "system", None)]


def test_a_corrigendum_before_the_deadline_is_recorded_with_its_reason_and_shown(app, client, login_as):
    clock.freeze(NOW)
    email = login_as("officer")
    tender_id = published_tender(app, client)
    response = _correct(app, client, tender_id)
    assert response.status_code == 302, response.get_data(as_text=True)
    tender = stored(app, tender_id)
    assert tender.submission_deadline_at == DEADLINE_UTC + timedelta(days=7)
    with app.app_context():
        corrigendum = db.session.scalar(select(Corrigendum))
        assert (corrigendum.old_submission_deadline_at, corrigendum.new_submission_deadline_at) == (
            DEADLINE_UTC, DEADLINE_UTC + timedelta(days=7))
        assert corrigendum.old_opening_at == DEADLINE_UTC + timedelta(hours=2)
        assert (corrigendum.issued_by.email, corrigendum.issued_at) == (email, NOW)
    page = client.get(f"/tenders/{tender_id}").get_data(as_text=True)
    assert CORRIGENDUM["reason"] in page and "22 Feb 2027 12:00 CET" in page
    assert [event.object_id for event in _events(app, "tender.corrigendum")] == [str(corrigendum.id)]


def test_a_corrigendum_needs_a_reason_and_a_future_deadline(app, client, login_as):
    clock.freeze(NOW)
    login_as("officer")
    tender_id = published_tender(app, client)
    for change, message in (({"reason": ""}, "This field is required."),
                            ({"submission_deadline": "2027-01-09T12:00", "opening_time": "2027-01-09T12:00"},
                             "must be in the future.")):
        response = _correct(app, client, tender_id, **change)
        assert response.status_code == 200
        assert message in response.get_data(as_text=True)
        assert "Times are in the time zone Belgium · Brussels." in response.get_data(as_text=True)
    assert stored(app, tender_id).submission_deadline_at == DEADLINE_UTC


def test_a_corrigendum_after_the_deadline_is_refused(app, client, login_as):
    clock.freeze(NOW)
    login_as("officer")
    tender_id = published_tender(app, client)
    clock.freeze(DEADLINE_UTC)
    response = _correct(app, client, tender_id)
    assert response.status_code == 403
    assert "deadline and opening time can no longer be changed" in response.get_data(as_text=True)
    assert client.get(f"/tenders/{tender_id}/corrigendum").status_code == 403
    assert stored(app, tender_id).submission_deadline_at == DEADLINE_UTC
    assert _events(app, "tender.corrigendum") == []
    assert "deadline" in _events(app, "access.denied")[-1].details


def test_a_corrigendum_by_an_officer_of_another_authority_is_refused(app, client, login_as, make_user):
    clock.freeze(NOW)
    login_as("officer")
    tender_id = published_tender(app, client)
    stranger = app.test_client()
    login(stranger, make_user("officer"))
    assert _correct(app, stranger, tender_id).status_code == 404
    bidder = app.test_client()
    login(bidder, make_user("bidder"))
    assert _correct(app, bidder, tender_id).status_code == 403
    assert stored(app, tender_id).submission_deadline_at == DEADLINE_UTC
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Corrigendum)) == 0


def test_a_draft_takes_no_corrigendum(app, client, login_as):
    login_as("officer")
    tender_id = create_draft(client)
    response = client.get(f"/tenders/{tender_id}/corrigendum")
    assert response.status_code == 403
    assert "change its dates on the details page" in response.get_data(as_text=True)


def test_a_stale_criterion_form_is_refused_instead_of_overwriting(app, make_user):
    first, second = app.test_client(), app.test_client()
    email = make_user("officer")
    login(first, email)
    with app.app_context():
        authority = db.session.scalar(select(User).where(User.email == email)).organisation_id
    login(second, make_user("officer", organisation_id=authority))
    tender_id = create_draft(first)
    add_criterion(first, tender_id, QUALITY)
    group = criterion_id(app, tender_id, "QUAL")
    path = f"/tenders/{tender_id}/criteria/{group}"
    seen_by_first = hidden(first.get(path).get_data(as_text=True), "version")
    seen_by_second = hidden(second.get(path).get_data(as_text=True), "version")
    saved = post(second, path, {**QUALITY, "name": "Quality (second officer)", "version": seen_by_second,
                                "source_metric": "", "source_stage": "", "source_material": ""})
    assert saved.status_code == 302
    stale = post(first, path, {**QUALITY, "name": "Quality (first officer)", "version": seen_by_first,
                               "source_metric": "", "source_stage": "", "source_material": ""})
    assert stale.status_code == 409
    assert "Changed by someone else since you opened this page: reload it" in stale.get_data(as_text=True)
    assert f'href="{path}"' in stale.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Criterion, group).name == "Quality (second officer)"


def test_a_stale_details_form_is_refused_instead_of_overwriting(app, client, login_as):
    login_as("officer")
    tender_id = create_draft(client)
    assert post(client, f"/tenders/{tender_id}/details", {**DETAILS, "title": "Newer", "version": 1}).status_code == 302
    stale = post(client, f"/tenders/{tender_id}/details", {**DETAILS, "title": "Older", "version": 1})
    assert stale.status_code == 409
    assert stored(app, tender_id).title == "Newer"


def test_a_code_taken_in_the_instant_after_the_check_gives_the_stale_page_not_a_500(app, client, login_as,
                                                                                   monkeypatch):
    login_as("officer")
    tender_id = create_draft(client)
    assert add_criterion(client, tender_id, QUALITY).status_code == 302
    # Two officers adding one code at once: both pass the check, the database refuses the second insert.
    monkeypatch.setattr(tree_editing, "_check_place", lambda *args: None)
    clash = add_criterion(client, tender_id, {**QUALITY, "name": "Quality again"})
    assert clash.status_code == 409
    assert "Changed by someone else since you opened this page" in clash.get_data(as_text=True)
    with app.app_context():
        assert [c.name for c in db.session.scalars(select(Criterion).filter_by(tender_id=tender_id))] == ["Quality"]
