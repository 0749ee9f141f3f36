"""Draft tenders can be copied and deleted, drafts only, both recorded in the audit log; deleting asks first."""
from __future__ import annotations

import json

from sqlalchemy import select

from app.clock import clock
from app.extensions import db
from app.models import AuditEvent, Tender
from app.records.definition import definition_of
from tests.web.setup_steps import (
    NOW,
    build_valid_tree,
    create_draft,
    post,
    published_tender,
    stored,
    tender_id_of,
)


def _details(app, action: str) -> list[dict]:
    with app.app_context():
        return [json.loads(text) for text in db.session.scalars(
            select(AuditEvent.details).where(AuditEvent.action == action).order_by(AuditEvent.seq))]


def test_a_draft_is_copied_with_its_tree_under_a_free_reference(app, client, login_as):
    clock.freeze(NOW)
    login_as("officer")
    tender_id = create_draft(client)
    build_valid_tree(app, client, tender_id)
    page = client.get(f"/tenders/{tender_id}").get_data(as_text=True)
    assert 'id="duplicate"' in page and f'href="/tenders/{tender_id}/delete"' in page
    response = post(client, f"/tenders/{tender_id}/duplicate", {"version": stored(app, tender_id).version})
    assert response.status_code == 302
    copy_id = tender_id_of(response)
    assert copy_id != tender_id and stored(app, copy_id).reference == "RB-TEST-01-COPY"
    again = tender_id_of(post(client, f"/tenders/{tender_id}/duplicate", {"version": stored(app, tender_id).version}))
    assert stored(app, again).reference == "RB-TEST-01-COPY-2"
    with app.app_context():
        original = definition_of(db.session.get(Tender, tender_id))
        copy = definition_of(db.session.get(Tender, copy_id))
    assert copy["criteria"] == original["criteria"] and copy["bill_of_materials"] == original["bill_of_materials"]
    assert _details(app, "tender.duplicate")[0] == {"reference": "RB-TEST-01-COPY", "copied_from": "RB-TEST-01"}


def test_a_draft_is_deleted_after_a_confirmation_page_and_its_reference_freed(app, client, login_as):
    clock.freeze(NOW)
    login_as("officer")
    tender_id = create_draft(client)
    page = client.get(f"/tenders/{tender_id}/delete").get_data(as_text=True)
    assert "cannot be restored" in page and "audit log keeps" in page
    assert stored(app, tender_id).deleted_at is None
    response = post(client, f"/tenders/{tender_id}/delete", {"version": stored(app, tender_id).version})
    assert response.status_code == 302
    assert client.get(f"/tenders/{tender_id}").status_code == 404
    assert "RB-TEST-01" not in client.get("/tenders/").get_data(as_text=True)
    assert _details(app, "tender.delete") == [{"reference": "RB-TEST-01"}]
    assert create_draft(client) != tender_id  # the reference is free again


def test_published_tenders_are_neither_copied_nor_deleted(app, client, login_as):
    clock.freeze(NOW)
    login_as("officer")
    tender_id = published_tender(app, client)
    version = stored(app, tender_id).version
    assert client.get(f"/tenders/{tender_id}/delete").status_code == 403
    assert post(client, f"/tenders/{tender_id}/delete", {"version": version}).status_code == 403
    assert post(client, f"/tenders/{tender_id}/duplicate", {"version": version}).status_code == 403
    assert stored(app, tender_id).deleted_at is None and _details(app, "tender.duplicate") == []
