"""Publishing through a confirmation page that says what happens and checks the minimum time limit for receipt of
tenders of Directive 2014/24/EU Art. 27: a shorter deadline needs a recorded ground, which the audit log, the
tender page and the report keep."""
from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import select

from app.clock import clock
from app.extensions import db
from app.models import AuditEvent
from app.reports.context import _publication
from tests.web.setup_steps import DEADLINE_UTC, NOW, build_valid_tree, create_draft, publish, stored

SHORT = DEADLINE_UTC - timedelta(days=20)  # published now, bidders would get 20 days


def _draft(app, client) -> int:
    tender_id = create_draft(client)
    build_valid_tree(app, client, tender_id)
    return tender_id


def test_the_confirmation_page_says_what_publishing_does_and_the_time_limit(app, client, login_as):
    clock.freeze(NOW)
    login_as("officer")
    tender_id = _draft(app, client)
    show = client.get(f"/tenders/{tender_id}").get_data(as_text=True)
    assert f'href="/tenders/{tender_id}/publish"' in show
    page = client.get(f"/tenders/{tender_id}/publish").get_data(as_text=True)
    assert "What publishing does" in page and "fixed for good" in page
    # 10 Jan 09:00 UTC to 15 Feb 11:00 UTC: 36 days and 2 hours.
    assert "bidders get 36 days until the deadline: at least the 30 days" in page
    assert "Art. 27(1) and (4)" in page and "Art. 28" in page
    assert 'name="ground"' not in page
    assert stored(app, tender_id).status == "draft"
    assert publish(client, tender_id).status_code == 302
    assert stored(app, tender_id).status == "published" and stored(app, tender_id).publish_ground is None


def test_a_short_deadline_is_warned_with_the_article_and_needs_a_ground_and_reason(app, client, login_as):
    clock.freeze(SHORT)
    login_as("officer")
    tender_id = _draft(app, client)
    page = client.get(f"/tenders/{tender_id}/publish").get_data(as_text=True)
    assert "bidders get 20 days until the deadline: fewer than the 30 days of an open procedure" in page
    assert "Directive 2014/24/EU Art. 27(3)" in page and "Directive 2014/24/EU Art. 27(2)" in page
    assert "Directive 2014/24/EU Art. 4" in page
    refused = publish(client, tender_id)
    assert refused.status_code == 200 and "choose the ground for a shorter time limit" in refused.get_data(as_text=True)
    no_reason = publish(client, tender_id, ground="urgency")
    assert "say why this ground applies" in no_reason.get_data(as_text=True)
    assert stored(app, tender_id).status == "draft"
    reason = "Flooding destroyed the depot's magnet stock; buses stand still."
    assert publish(client, tender_id, ground="urgency", reason=reason).status_code == 302
    tender = stored(app, tender_id)
    assert (tender.status, tender.publish_ground, tender.publish_reason) == ("published", "urgency", reason)
    with app.app_context():
        details = json.loads(db.session.scalars(select(AuditEvent.details).where(
            AuditEvent.action == "tender.publish")).one())
        assert details["ground"] == "urgency" and details["reason"] == reason
        assert details["ground_article"] == "Directive 2014/24/EU Art. 27(3)"
        assert details["time_limit_days"] == 20
    show = client.get(f"/tenders/{tender_id}").get_data(as_text=True)
    assert "a duly substantiated state of urgency (Directive 2014/24/EU Art. 27(3)): Flooding destroyed" in show


def test_a_ground_does_not_allow_less_than_its_own_minimum(app, client, login_as):
    clock.freeze(DEADLINE_UTC - timedelta(days=10))
    login_as("officer")
    tender_id = _draft(app, client)
    response = publish(client, tender_id, ground="prior_information", reason="PIN published 2026-09-01")
    assert "at least 15 days (Directive 2014/24/EU Art. 27(2)); the deadline leaves 10" in response.get_data(
        as_text=True)
    assert publish(client, tender_id, ground="below_thresholds", reason="Estimated value EUR 90 000"
                   ).status_code == 302


def test_the_report_states_the_recorded_ground():
    events = [{"action": "tender.publish", "details": {"ground": "urgency", "time_limit_days": 20,
                                                       "reason": "Depot flooded"}}]
    assert _publication(events) == {"days": 20, "ground": "a duly substantiated state of urgency",
                                    "article": "Directive 2014/24/EU Art. 27(3)", "reason": "Depot flooded"}
    assert _publication([{"action": "tender.publish", "details": {"definition_sha256": "0" * 64}}]) is None
