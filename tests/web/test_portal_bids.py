"""Submit, replace and withdraw: exact bytes and receipts (Annex IV (a)), deadlines, hostile files, IDOR."""
from __future__ import annotations

import hashlib
import json
from datetime import timedelta
from decimal import Decimal
from io import BytesIO
from pathlib import Path

from sqlalchemy import select

from app.clock import clock
from app.extensions import db
from app.models import Answer, AuditEvent, Bid, SupplyLine
from tests.web.conftest import csrf_token, login
from tests.web.portal_steps import (
    DEADLINE,
    NOW,
    bids_of,
    count,
    events,
    frozen_clock,  # noqa: F401  (autouse fixture: the clock stands at NOW)
    post_upload,
    store_tender,
    workbook_for,
)
from tests.web.query_counting import counted

HOSTILE = Path(__file__).resolve().parents[1] / "workbooks" / "hostile"


def test_submission_stores_the_exact_bytes_and_the_receipt_shows_their_sha256(app, client, login_as):
    tender_id = store_tender(app)
    email = login_as("bidder")
    data = workbook_for(app, tender_id)
    clock.advance(timedelta(seconds=1.25))
    response = post_upload(client, tender_id, data, name="Our bid.xlsx")
    [bid] = bids_of(app, tender_id)
    assert response.status_code == 302 and response.headers["Location"] == f"/portal/bids/{bid.id}"
    sha256 = hashlib.sha256(data).hexdigest()
    assert (bid.workbook, bid.workbook_sha256, bid.status, bid.version_no) == (data, sha256, "submitted", 1)
    assert bid.submitted_at == NOW + timedelta(seconds=1.25) and bid.filename == "Our bid.xlsx"
    assert bid.price == Decimal("1250000") and bid.label.startswith("operator-")
    with app.app_context():
        assert [(a.criterion_code, a.value, a.place) for a in db.session.scalars(select(Answer))] == [
            ("EOL", False, "Answers!C4")]
        lines = list(db.session.scalars(select(SupplyLine).order_by(SupplyLine.id)))
    assert (lines[3].material, lines[3].stage, lines[3].country, lines[3].share) == ("Dy", "processing", "CN", 80)
    assert lines[0].place == "Supply chain!A14"
    page = client.get(f"/portal/bids/{bid.id}").get_data(as_text=True)
    assert sha256 in page and "10 Jan 2027 09:00:01 UTC" in page and "RB-2027-MAG-07" in page
    assert email in page and "Version 1 received at 10 Jan 2027 09:00:01 UTC" in page
    download = client.get(f"/portal/bids/{bid.id}/receipt.txt")
    assert download.headers["Content-Disposition"].startswith("attachment;")
    text = download.get_data(as_text=True)
    assert f"SHA-256:{' ' * 23}{sha256}" in text and "10 Jan 2027 09:00:01 UTC" in text
    [event] = events(app, "bid.submit")
    assert json.loads(event.details) == {"label": bid.label, "version": 1, "sha256": sha256, "bytes": len(data),
                                         "replaces": None}
    assert "1250000" not in event.details


def test_the_front_page_looks_for_requests_and_contracts_only_once_a_tender_of_the_bidder_is_opened(app, client,
                                                                                                      login_as):
    tender_id = store_tender(app)
    login_as("bidder")
    assert post_upload(client, tender_id, workbook_for(app, tender_id)).status_code == 302
    with counted(app) as statements:
        page = client.get("/portal/").get_data(as_text=True)
    assert "RB-2027-MAG-07" in page  # its own submission, to a tender still open: nothing asked, nothing awarded
    assert not [statement for statement in statements if "verification_request" in statement or
                "FROM contract" in statement]


def test_the_label_is_a_slug_of_the_organisation_name_unique_in_the_tender(app, make_organisation, make_user):
    tender_id = store_tender(app)
    for name in ("Magnetics Europe SE", "MAGNETICS EUROPE, SE"):
        client = app.test_client()
        login(client, make_user("bidder", organisation_id=make_organisation(name, kind="operator", country="DE")))
        assert post_upload(client, tender_id, workbook_for(app, tender_id)).status_code == 302
    assert [bid.label for bid in bids_of(app, tender_id)] == ["magnetics-europe-se", "magnetics-europe-se-2"]


def test_replacing_keeps_the_old_version_superseded(app, client, login_as):
    tender_id = store_tender(app)
    login_as("bidder")
    first, second = workbook_for(app, tender_id), workbook_for(app, tender_id, answers={"EOL": True})
    post_upload(client, tender_id, first)
    clock.advance(timedelta(hours=1))
    response = post_upload(client, tender_id, second)
    old, new = bids_of(app, tender_id)
    assert response.headers["Location"] == f"/portal/bids/{new.id}"
    assert (old.status, old.version_no, old.workbook) == ("superseded", 1, first)
    assert (new.status, new.version_no, new.workbook, new.label) == ("submitted", 2, second, old.label)
    [event] = events(app, "bid.replace")
    assert json.loads(event.details)["replaces"] == old.id and event.object_id == str(new.id)
    page = client.get(f"/portal/tenders/{tender_id}").get_data(as_text=True)
    assert "Replace version 2 with this workbook" in page and "superseded" in page


def test_a_second_click_or_stale_page_does_not_replace_unseen(app, client, login_as):
    tender_id = store_tender(app)
    login_as("bidder")
    data = workbook_for(app, tender_id)
    post_upload(client, tender_id, data)
    response = post_upload(client, tender_id, data, live_version=0)  # the page still showed no live version
    assert response.status_code == 302 and response.headers["Location"] == f"/portal/tenders/{tender_id}"
    assert "changed since this page was loaded" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert [bid.version_no for bid in bids_of(app, tender_id)] == [1]


def test_withdrawing_marks_the_live_version_withdrawn_and_keeps_it(app, client, login_as):
    tender_id = store_tender(app)
    login_as("bidder")
    post_upload(client, tender_id, workbook_for(app, tender_id))
    [bid] = bids_of(app, tender_id)
    clock.advance(timedelta(minutes=5))
    response = client.post(f"/portal/bids/{bid.id}/withdraw", data={"csrf_token": csrf_token(client, "/portal/")})
    assert response.headers["Location"] == f"/portal/bids/{bid.id}"
    [withdrawn] = bids_of(app, tender_id)
    assert withdrawn.status == "withdrawn" and withdrawn.withdrawn_at == NOW + timedelta(minutes=5)
    assert withdrawn.workbook == bid.workbook
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Version 1 is withdrawn" in page and "Withdrawn (UTC)" in page and 'id="withdraw"' not in page
    assert json.loads(events(app, "bid.withdraw")[0].details)["version"] == 1
    post_upload(client, tender_id, workbook_for(app, tender_id))  # a new submission after withdrawing is version 2
    assert [b.status for b in bids_of(app, tender_id)] == ["withdrawn", "submitted"]


def test_upload_and_withdrawal_after_the_deadline_are_refused_naming_the_deadline(app, client, login_as):
    tender_id = store_tender(app)
    login_as("bidder")
    post_upload(client, tender_id, workbook_for(app, tender_id))
    clock.freeze(DEADLINE)
    page = client.get(f"/portal/tenders/{tender_id}").get_data(as_text=True)
    assert "closed" in page and 'id="submit"' not in page and 'id="withdraw"' not in page
    response = post_upload(client, tender_id, workbook_for(app, tender_id), live_version=1)
    message = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "The submission deadline of tender RB-2027-MAG-07 passed on 13 Jan 2027 14:00 CET (13 Jan 2027 13:00 UTC)" \
        in message
    [bid] = bids_of(app, tender_id)
    response = client.post(f"/portal/bids/{bid.id}/withdraw", data={"csrf_token": csrf_token(client, "/portal/")})
    assert "passed on 13 Jan 2027 14:00 CET" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert [(b.version_no, b.status) for b in bids_of(app, tender_id)] == [(1, "submitted")]


def test_hostile_uploads_get_a_clear_message_and_change_nothing(app, client, login_as):
    tender_id = store_tender(app)
    login_as("bidder")
    corpus = sorted(HOSTILE.glob("*.xlsx"))
    assert len(corpus) >= 20
    before = count(app, AuditEvent)
    for path in corpus:
        response = post_upload(client, tender_id, path.read_bytes())
        body = response.get_data(as_text=True)
        assert response.status_code == 422, path.name
        assert "The workbook was not accepted" in body and "Nothing was stored" in body, path.name
    assert count(app, Bid) == 0 and count(app, AuditEvent) == before


def test_an_upload_whose_reading_runs_out_of_memory_gets_a_422_and_a_clear_message(app, client, login_as,
                                                                                    monkeypatch):
    """The read happens in a child capped at RESBID_UPLOAD_MEMORY_MB: here it asks for 4 GB more."""
    import workbooks.isolated as isolated
    monkeypatch.setattr(isolated, "read_workbook", lambda *args: bytes(4 * 1024**3))
    tender_id = store_tender(app)
    login_as("bidder")
    response = post_upload(client, tender_id, workbook_for(app, tender_id))
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and "This workbook is too large or damaged to read" in body
    assert "Nothing was stored" in body and count(app, Bid) == 0


def test_a_renamed_pdf_is_named_as_a_pdf(app, client, login_as):
    tender_id = store_tender(app)
    login_as("bidder")
    body = post_upload(client, tender_id, (HOSTILE / "renamed_pdf.xlsx").read_bytes()).get_data(as_text=True)
    assert "This is a PDF document, not an Excel workbook (.xlsx)" in body


def test_another_organisations_bid_is_404_and_the_attempt_is_recorded(app, client, login_as, make_user):
    tender_id = store_tender(app)
    login_as("bidder")
    post_upload(client, tender_id, workbook_for(app, tender_id))
    [bid] = bids_of(app, tender_id)
    other = app.test_client()
    login(other, make_user("bidder"))
    token = csrf_token(other, "/portal/")
    responses = [other.get(f"/portal/bids/{bid.id}"), other.get(f"/portal/bids/{bid.id}/receipt.txt"),
                 other.post(f"/portal/bids/{bid.id}/withdraw", data={"csrf_token": token})]
    assert [r.status_code for r in responses] == [404, 404, 404]
    assert all(bid.workbook_sha256 not in r.get_data(as_text=True) for r in responses)
    assert [e.object_id for e in events(app, "access.denied")] == [
        "portal.receipt", "portal.receipt_download", "portal.withdraw"]
    assert bids_of(app, tender_id)[0].status == "submitted"
    assert other.get("/portal/bids/999999").status_code == 404


def test_bidders_see_no_other_bidders_prices_labels_or_counts(app, client, login_as, make_user):
    tender_id = store_tender(app)
    login_as("bidder")
    rival = app.test_client()
    login(rival, make_user("bidder"))
    post_upload(rival, tender_id, workbook_for(app, tender_id, price=Decimal("987654.32")))
    [rival_bid] = bids_of(app, tender_id)
    for path in ("/portal/", f"/portal/tenders/{tender_id}"):
        body = client.get(path).get_data(as_text=True)
        assert rival_bid.label not in body and rival_bid.workbook_sha256 not in body
        assert "987,654" not in body and "987654" not in body  # the rival's price, as written or as stored
        assert "You have not submitted" in body or "has not submitted any bid" in body


def test_post_without_csrf_token_is_400_and_stores_nothing(app, client, login_as):
    tender_id = store_tender(app)
    login_as("bidder")
    form = {"workbook": (BytesIO(workbook_for(app, tender_id)), "bid.xlsx"), "live_version": 0}
    response = client.post(f"/portal/tenders/{tender_id}/bids", data=form, content_type="multipart/form-data")
    assert response.status_code == 400 and "security token" in response.get_data(as_text=True)
    assert count(app, Bid) == 0


def test_an_upload_over_the_size_limit_gets_the_413_page(app, client, login_as):
    tender_id = store_tender(app)
    login_as("bidder")
    app.config["MAX_CONTENT_LENGTH"] = 64 * 1024
    response = post_upload(client, tender_id, workbook_for(app, tender_id) + bytes(64 * 1024))
    assert response.status_code == 413 and "File too large" in response.get_data(as_text=True)
    assert count(app, Bid) == 0
