"""A checked workbook is kept for its organisation, sealed, for 24 hours, so it can be submitted without choosing the
file again; another organisation cannot read or submit it, and an expired one is neither offered nor used."""
from __future__ import annotations

import hashlib
import re
from datetime import timedelta
from decimal import Decimal

from app.clock import clock
from app.models import AuditEvent, Bid, CheckedWorkbook
from tests.web.conftest import csrf_token, login
from tests.web.portal_steps import (
    bids_of,
    count,
    frozen_clock,  # noqa: F401  (autouse fixture: the clock stands at NOW)
    post_upload,
    store_tender,
    workbook_for,
)

ASSESS = "self-assessment"
OFFER = "Submit the checked workbook"


def submit_checked(client, tender_id: int):
    """Press the tender page's "Submit the checked workbook" button, with the live version the page shows."""
    page = client.get(f"/portal/tenders/{tender_id}").get_data(as_text=True)
    shown = re.search(r'name="live_version" type="hidden" value="(\d+)"', page).group(1)
    return client.post(f"/portal/tenders/{tender_id}/bids/checked",
                       data={"csrf_token": csrf_token(client, f"/portal/tenders/{tender_id}"), "live_version": shown})


def test_a_checked_workbook_is_submitted_without_choosing_it_again(app, client, login_as):
    tender_id = store_tender(app)
    login_as("bidder")
    data = workbook_for(app, tender_id)
    sha256 = hashlib.sha256(data).hexdigest()
    checked = post_upload(client, tender_id, data, ASSESS, name="Our bid.xlsx").get_data(as_text=True)
    assert OFFER in checked and sha256 in checked and "10 Jan 2027 10:00 CET" in checked
    page = client.get(f"/portal/tenders/{tender_id}").get_data(as_text=True)
    assert OFFER in page and sha256 in page
    response = submit_checked(client, tender_id)
    [bid] = bids_of(app, tender_id)
    assert response.status_code == 302 and response.headers["Location"] == f"/portal/bids/{bid.id}"
    assert bid.workbook == data and bid.workbook_sha256 == sha256 and bid.filename == "Our bid.xlsx"
    assert count(app, CheckedWorkbook) == 0  # deleted on submit
    assert OFFER not in client.get(f"/portal/tenders/{tender_id}").get_data(as_text=True)


def test_a_new_check_replaces_the_kept_workbook(app, client, login_as):
    tender_id = store_tender(app)
    login_as("bidder")
    post_upload(client, tender_id, workbook_for(app, tender_id), ASSESS)
    second = workbook_for(app, tender_id, price=Decimal("990000"))
    clock.advance(timedelta(minutes=30))
    post_upload(client, tender_id, second, ASSESS)
    assert count(app, CheckedWorkbook) == 1
    submit_checked(client, tender_id)
    assert [bid.workbook for bid in bids_of(app, tender_id)] == [second]


def test_another_organisation_neither_sees_nor_submits_the_checked_workbook(app, client, login_as, make_user):
    tender_id = store_tender(app)
    login_as("bidder")
    data = workbook_for(app, tender_id)
    post_upload(client, tender_id, data, ASSESS)
    other = app.test_client()
    login(other, make_user("bidder"))
    page = other.get(f"/portal/tenders/{tender_id}").get_data(as_text=True)
    assert OFFER not in page and hashlib.sha256(data).hexdigest() not in page
    response = submit_checked(other, tender_id)
    assert response.status_code == 302
    assert "no checked workbook" in other.get(response.headers["Location"]).get_data(as_text=True)
    assert count(app, Bid) == 0 and count(app, CheckedWorkbook) == 1


def test_an_expired_checked_workbook_is_not_offered_not_used_and_deleted(app, client, login_as):
    tender_id = store_tender(app)
    login_as("bidder")
    post_upload(client, tender_id, workbook_for(app, tender_id), ASSESS)
    clock.advance(timedelta(hours=24, seconds=1))
    assert OFFER not in client.get(f"/portal/tenders/{tender_id}").get_data(as_text=True)
    response = client.post(f"/portal/tenders/{tender_id}/bids/checked",
                           data={"csrf_token": csrf_token(client, f"/portal/tenders/{tender_id}"), "live_version": 0})
    assert response.status_code == 302
    assert count(app, Bid) == 0 and count(app, CheckedWorkbook) == 0


def test_the_kept_bytes_reach_no_audit_event(app, client, login_as):
    tender_id = store_tender(app)
    login_as("bidder")
    post_upload(client, tender_id, workbook_for(app, tender_id), ASSESS)
    submit_checked(client, tender_id)
    assert count(app, AuditEvent, AuditEvent.details.contains("PK")) == 0  # no zip bytes, only hashes
