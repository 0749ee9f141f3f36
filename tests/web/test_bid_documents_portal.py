"""Bid documents in the portal: hostile uploads (type by content, sizes, names), receipts, audit, versions."""
from __future__ import annotations

import hashlib
import json
from datetime import timedelta

from sqlalchemy import select

from app.clock import clock
from app.extensions import db
from app.models import BidDocument
from tests.web.conftest import login, post_form
from tests.web.document_steps import (
    DOCM,
    DOCX,
    EXE,
    HTML,
    JPEG,
    ODT,
    PDF_WITH_JAVASCRIPT,
    PNG,
    XLSX,
    post_document,
)
from tests.web.portal_steps import (
    DEADLINE,
    bids_of,
    count,
    events,
    frozen_clock,  # noqa: F401  (autouse fixture: the clock stands at NOW)
    post_upload,
    store_tender,
    workbook_for,
)

NOT_ACCEPTED = "The file&#39;s content is none of the accepted formats"


def submitted(app, client, login_as) -> tuple[int, int]:
    """A published tender with the signed-in bidder's live bid: (tender id, bid id)."""
    tender_id = store_tender(app)
    login_as("bidder")
    assert post_upload(client, tender_id, workbook_for(app, tender_id)).status_code == 302
    return tender_id, bids_of(app, tender_id)[0].id


def documents(app, bid_id: int) -> list[BidDocument]:
    with app.app_context():
        found = list(db.session.scalars(select(BidDocument).where(BidDocument.bid_id == bid_id)
                                        .order_by(BidDocument.id)))
        for document in found:
            _ = document.data
        db.session.expunge_all()
        return found


def test_each_accepted_format_is_stored_found_by_content_and_listed_in_the_receipt(app, client, login_as):
    tender_id, bid_id = submitted(app, client, login_as)
    files = [(PDF_WITH_JAVASCRIPT, "Technical proposal.pdf", "pdf"), (PNG, "iso-9001.png", "png"),
             (JPEG, "origin.jpeg", "jpeg"), (DOCX, "plan.docx", "docx"), (XLSX, "mass balance.xlsx", "xlsx"),
             (ODT, "letter.odt", "odt"), (PNG, "scan.pdf", "png")]  # a misnamed but harmless image: its content
    for data, name, _format in files:
        response = post_document(client, tender_id, bid_id, data, name=name)
        assert response.status_code == 302 and response.headers["Location"].endswith("#documents")
    stored = documents(app, bid_id)
    assert [(d.display_name, d.file_format, d.data) for d in stored] == [(n, f, d) for d, n, f in files]
    assert stored[0].sha256 == hashlib.sha256(PDF_WITH_JAVASCRIPT).hexdigest()
    receipt = client.get(f"/portal/bids/{bid_id}").get_data(as_text=True)
    text = client.get(f"/portal/bids/{bid_id}/receipt.txt").get_data(as_text=True)
    for document in stored:
        assert document.sha256 in receipt and document.sha256 in text
    assert "Document 7 SHA-256" in text and "scan.pdf, 48 bytes, received 10 Jan 2027 09:00:00 UTC" in text
    page = client.get(f"/portal/tenders/{tender_id}").get_data(as_text=True)
    assert "Technical proposal.pdf" in page and stored[0].sha256 in page
    added = events(app, "bid.document_add")
    assert len(added) == 7 and json.loads(added[0].details) == {
        "label": bids_of(app, tender_id)[0].label, "version": 1, "document_id": stored[0].id,
        "kind": "technical_proposal", "envelope": "technical", "sha256": stored[0].sha256,
        "bytes": len(PDF_WITH_JAVASCRIPT)}
    assert "offtake" not in "".join(event.details for event in added)  # never the content


def test_a_file_whose_content_is_not_an_accepted_format_is_refused_whatever_its_name(app, client, login_as):
    tender_id, bid_id = submitted(app, client, login_as)
    for data, name in ((EXE, "proposal.pdf"), (HTML, "proposal.pdf"), (DOCM, "plan.docx"), (b"", "empty.pdf"),
                       (b"PK\x03\x04 not really a zip", "plan.docx"), (b"%PD", "cut.pdf")):
        response = post_document(client, tender_id, bid_id, data, name=name)
        body = response.get_data(as_text=True)
        assert response.status_code == 422 and (NOT_ACCEPTED in body or "choose the document" in body), name
    assert count(app, BidDocument) == 0 and events(app, "bid.document_add") == []


def test_a_file_over_the_limit_and_a_bid_over_its_total_are_refused(app, client, login_as):
    tender_id, bid_id = submitted(app, client, login_as)
    app.config.update(RESBID_DOCUMENT_MAX_BYTES=1000, RESBID_BID_DOCUMENTS_MAX_BYTES=1500)
    too_big = PDF_WITH_JAVASCRIPT + bytes(1001 - len(PDF_WITH_JAVASCRIPT))
    body = post_document(client, tender_id, bid_id, too_big).get_data(as_text=True)
    assert "The file has 1,001 bytes; a document may have at most 1,000." in body
    half = PDF_WITH_JAVASCRIPT + bytes(800 - len(PDF_WITH_JAVASCRIPT))
    assert post_document(client, tender_id, bid_id, half).status_code == 302
    response = post_document(client, tender_id, bid_id, half, name="second.pdf")
    assert response.status_code == 422
    assert "documents of your bid would have 1,600 bytes; together they may have at most 1,500" in (
        response.get_data(as_text=True))
    assert [d.display_name for d in documents(app, bid_id)] == ["proposal.pdf"]


def test_names_are_cleaned_for_display_and_never_used_as_paths(app, client, login_as):
    tender_id, bid_id = submitted(app, client, login_as)
    long_name = "a" * 1000 + ".pdf"
    for name in ("../../etc/passwd.pdf", "..\\..\\boot.ini.pdf", "evil\x00.exe.pdf", long_name, "...", "\u202ex.pdf"):
        assert post_document(client, tender_id, bid_id, PDF_WITH_JAVASCRIPT, name=name).status_code == 302
    shown = [d.display_name for d in documents(app, bid_id)]
    assert shown[:3] == ["passwd.pdf", "boot.ini.pdf", "evil .exe.pdf"]
    assert len(shown[3]) == 120 and shown[3].endswith("aaa.pdf")
    assert shown[4] == "document" and shown[5] == "x.pdf"
    assert not any("/" in name or "\\" in name or "\x00" in name for name in shown)


def test_replacing_carries_documents_forward_and_the_replaced_version_keeps_its_own(app, client, login_as):
    tender_id, bid_id = submitted(app, client, login_as)
    post_document(client, tender_id, bid_id, PNG, name="certificate.png", kind="certificate", reference="ISO 9001")
    clock.advance(timedelta(hours=1))
    assert post_upload(client, tender_id, workbook_for(app, tender_id, answers={"EOL": True})).status_code == 302
    old, new = bids_of(app, tender_id)
    [kept], [carried] = documents(app, old.id), documents(app, new.id)
    assert (carried.sha256, carried.data, carried.kind, carried.reference, carried.uploaded_at) == (
        kept.sha256, kept.data, kept.kind, kept.reference, kept.uploaded_at)
    [replace] = events(app, "bid.replace")
    assert json.loads(replace.details)["documents"] == [kept.sha256]
    body = post_form(client, f"/portal/bids/{new.id}/documents/{carried.id}/remove").get_data(as_text=True)
    assert "Document certificate.png removed." in body
    assert documents(app, new.id) == [] and len(documents(app, old.id)) == 1
    [removed] = events(app, "bid.document_remove")
    assert json.loads(removed.details)["sha256"] == kept.sha256
    # the superseded version's documents can no longer change
    body = post_form(client, f"/portal/bids/{old.id}/documents/{kept.id}/remove").get_data(as_text=True)
    assert "Documents can be removed from the live version only." in body and len(documents(app, old.id)) == 1


def test_after_the_deadline_documents_can_neither_be_added_nor_removed(app, client, login_as):
    tender_id, bid_id = submitted(app, client, login_as)
    post_document(client, tender_id, bid_id, PNG, name="certificate.png")
    [document] = documents(app, bid_id)
    clock.freeze(DEADLINE + timedelta(seconds=1))
    response = post_document(client, tender_id, bid_id, PNG, name="late.png")
    assert response.status_code == 422 and "passed on" in response.get_data(as_text=True)
    body = post_form(client, f"/portal/bids/{bid_id}/documents/{document.id}/remove").get_data(as_text=True)
    assert "passed on" in body and count(app, BidDocument) == 1


def test_another_organisations_bid_takes_no_documents(app, client, login_as, make_user):
    tender_id, bid_id = submitted(app, client, login_as)
    post_document(client, tender_id, bid_id, PNG)
    [document] = documents(app, bid_id)
    other = app.test_client()
    login(other, make_user("bidder"))
    assert post_document(other, tender_id, bid_id, PNG).status_code == 404
    assert post_form(other, f"/portal/bids/{bid_id}/documents/{document.id}/remove").status_code == 404
    assert count(app, BidDocument) == 1
