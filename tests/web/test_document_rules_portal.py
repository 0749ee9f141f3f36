"""The tender's document rules in the portal: a document of a format the tender does not allow is refused at the
file field, naming the allowed formats in the reader's language; and a bidder downloads its own documents, and
only its own, as the committee does: an attachment that no browser runs."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from app.clock import clock
from app.extensions import db
from app.models import BidDocument, Tender
from tests.web.conftest import csrf_token, login
from tests.web.document_steps import DOCX, EXE, PDF_WITH_JAVASCRIPT, PNG, disposition_name, post_document
from tests.web.portal_steps import (
    DEADLINE,
    bids_of,
    frozen_clock,  # noqa: F401  (autouse fixture: the clock stands at NOW)
    post_upload,
    store_tender,
    workbook_for,
)


def submitted(app, client, login_as, rules: dict | None = None) -> tuple[int, int]:
    """A published tender with these document rules and the signed-in bidder's live bid: (tender id, bid id)."""
    tender_id = store_tender(app)
    with app.app_context():
        db.session.get(Tender, tender_id).document_rules = rules
        db.session.commit()
    login_as("bidder")
    assert post_upload(client, tender_id, workbook_for(app, tender_id)).status_code == 302
    return tender_id, bids_of(app, tender_id)[0].id


def stored_count(app, bid_id: int) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(BidDocument).where(BidDocument.bid_id == bid_id))


def field_error(response) -> str:
    page = response.get_data(as_text=True)
    return page.split('name="document"', 1)[1].split("</div>", 1)[0]


def test_a_format_the_tender_does_not_allow_is_refused_naming_the_allowed_formats(app, client, login_as):
    tender_id, bid_id = submitted(app, client, login_as, {"formats": ["pdf", "png"]})
    page = client.get(f"/portal/tenders/{tender_id}").get_data(as_text=True)
    assert "This tender accepts PDF or PNG; the type is checked from the file" in page
    assert page.split('id="document-formats">', 1)[1].startswith("PDF or PNG</td>")  # the published facts
    refused = post_document(client, tender_id, bid_id, DOCX, name="proposal.pdf")  # the name does not count
    assert refused.status_code == 422
    assert ("The file is a Word (.docx) document; this tender accepts PDF or PNG only. Save it as one of them and "
            "upload it again.") in field_error(refused)
    unknown = post_document(client, tender_id, bid_id, EXE, name="proposal.pdf")
    assert "none of the accepted formats (PDF or PNG)" in field_error(unknown)
    assert stored_count(app, bid_id) == 0
    assert post_document(client, tender_id, bid_id, PNG, name="certificate.png").status_code == 302
    client.post("/language", data={"language": "de", "next": "/portal/", "csrf_token": csrf_token(client, "/portal/")})
    german = post_document(client, tender_id, bid_id, DOCX)
    assert german.status_code == 422
    assert "im Format Word (.docx)" in field_error(german) and "nur PDF oder PNG" in field_error(german)
    client.post("/language", data={"language": "fr", "next": "/portal/", "csrf_token": csrf_token(client, "/portal/")})
    assert "uniquement PDF ou PNG" in field_error(post_document(client, tender_id, bid_id, DOCX))
    assert stored_count(app, bid_id) == 1


def test_a_tender_without_rules_takes_every_format(app, client, login_as):
    tender_id, bid_id = submitted(app, client, login_as)
    assert post_document(client, tender_id, bid_id, DOCX, name="proposal.docx").status_code == 302
    page = client.get(f"/portal/tenders/{tender_id}").get_data(as_text=True)
    assert "PDF, PNG, JPEG, Word (.docx), Excel (.xlsx) or OpenDocument text (.odt)" in page
    assert 'id="evidence-rule"' not in page


def test_the_bidder_is_told_which_supply_lines_need_a_document(app, client, login_as):
    tender_id, _ = submitted(app, client, login_as, {"evidence_required": ["extraction", "processing"]})
    page = client.get(f"/portal/tenders/{tender_id}").get_data(as_text=True)
    rule = page.split('id="evidence-rule"', 1)[1].split("</p>", 1)[0]
    assert "Every supply line at the extraction and refining stage needs a document that proves it." in rule


def document_url(bid_id: int, document_id: int) -> str:
    return f"/portal/bids/{bid_id}/documents/{document_id}"


def test_a_bidder_downloads_its_own_documents_as_attachments_and_never_another_bidders(
        app, client, login_as, make_user):
    tender_id, bid_id = submitted(app, client, login_as)
    assert post_document(client, tender_id, bid_id, PDF_WITH_JAVASCRIPT, name="Offtake &amp; <1>.pdf").status_code \
        == 302
    with app.app_context():
        document_id = db.session.scalar(select(BidDocument.id).where(BidDocument.bid_id == bid_id))
    response = client.get(document_url(bid_id, document_id))
    assert response.status_code == 200 and response.data == PDF_WITH_JAVASCRIPT
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert disposition_name(response) == "Offtake _amp_ _1.pdf"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.mimetype == "application/octet-stream"
    assert "sandbox" in response.headers["Content-Security-Policy"]
    assert document_url(bid_id, document_id) in client.get(f"/portal/tenders/{tender_id}").get_data(as_text=True)
    assert document_url(bid_id, document_id) in client.get(f"/portal/bids/{bid_id}").get_data(as_text=True)

    other = app.test_client()
    login(other, make_user("bidder"))
    assert post_upload(other, tender_id, workbook_for(app, tender_id)).status_code == 302
    other_bid = next(bid.id for bid in bids_of(app, tender_id) if bid.id != bid_id)
    assert other.get(document_url(bid_id, document_id)).status_code == 404  # another organisation's bid
    assert other.get(document_url(other_bid, document_id)).status_code == 404  # its own bid, another's document
    assert client.get(document_url(bid_id, document_id + 100)).status_code == 404

    clock.freeze(DEADLINE + timedelta(days=2))  # after the deadline and the opening time: still the own only
    assert client.get(document_url(bid_id, document_id)).data == PDF_WITH_JAVASCRIPT
    assert other.get(document_url(bid_id, document_id)).status_code == 404
    for role in ("officer", "auditor", "admin"):  # the committee downloads through its own audited route
        member = app.test_client()
        login(member, make_user(role))
        assert member.get(document_url(bid_id, document_id)).status_code == 403, role
    anonymous = app.test_client().get(document_url(bid_id, document_id))
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]
