"""Verification of claims before the award: the chair asks a bidder about a supply line, the bidder answers in the
portal with documents until the deadline, and only the committee of that tender and that bidder see it."""
from __future__ import annotations

import hashlib
import json
from datetime import timedelta

from sqlalchemy import select

from app.auditor.log_events import named
from app.clock import clock
from app.extensions import db
from app.models import Organisation, Tender, VerificationAnswer
from tests.web.conftest import login, post_form
from tests.web.document_steps import EXE, HTML, PDF_WITH_JAVASCRIPT, PNG
from tests.web.verification_steps import actions, answer, ask, bid_of, bidder_of, line_of, requests_of

HARDANGER, TEJO = "hardanger-battery-systems", "tejo-grid-batteries"
QUESTION = "Please send the offtake agreement for the lithium refining declared in Chile."


def _asked(app, tender_id, opened, reply_by: str = "2027-03-12"):
    """The chair's request about Hardanger's lithium refining line: (bid, request id)."""
    bid = bid_of(app, tender_id, HARDANGER)
    line = line_of(app, bid.id, "Li", "processing")
    page = ask(opened["chair"], tender_id, bid.id, line, QUESTION, reply_by).get_data(as_text=True)
    assert "Request sent" in page
    [request] = requests_of(app, bid.id)
    return bid, request.id


def _signed_in(app, email: str):
    client = app.test_client()
    login(client, email)
    return client


def test_the_bidder_answers_with_a_document_and_the_committee_reads_it_hashed(app, tender_id, opened, make_user):
    bid, request_id = _asked(app, tender_id, opened)
    bidder = _signed_in(app, bidder_of(app, make_user, bid))
    index = bidder.get("/portal/").get_data(as_text=True)
    assert f'href="/portal/verification/{request_id}"' in index and "Lithium" in index
    page = bidder.get(f"/portal/verification/{request_id}").get_data(as_text=True)
    assert QUESTION in page and "Art. 56(3)" in page and "never change it" in page
    assert "13 Mar 2027 00:00 CET" in page  # the last day, 12 March, ends at midnight in the tender's zone
    response = answer(bidder, request_id, "The agreement is attached.", [(PDF_WITH_JAVASCRIPT, "Offtake.pdf")])
    assert response.status_code == 302
    document_sha = hashlib.sha256(PDF_WITH_JAVASCRIPT).hexdigest()
    canonical = json.dumps({"documents": [document_sha], "text": "The agreement is attached."},
                           separators=(",", ":"))
    expected = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    [request] = requests_of(app, bid.id)
    [stored] = request.answers
    assert stored.sha256 == expected and stored.documents[0].sha256 == document_sha
    assert stored.documents[0].display_name == "Offtake.pdf" and stored.documents[0].file_format == "pdf"
    [event] = actions(app, tender_id, "verification.answer")
    details = json.loads(event.details)
    assert details["sha256"] == expected and details["documents"][0]["sha256"] == document_sha
    assert [e.action for e in actions(app, tender_id, "verification.")] == ["verification.request",
                                                                           "verification.answer"]
    member_page = opened["alice"].get(f"/tenders/{tender_id}/bids/{bid.id}").get_data(as_text=True)
    assert "The agreement is attached." in member_page and expected in member_page and document_sha in member_page
    assert 'action="/tenders/' not in member_page.split('id="verification"')[1]  # alice is no chair: no forms
    path = f"/tenders/{tender_id}/bids/{bid.id}/verification/{request_id}/documents/{stored.documents[0].id}"
    download = opened["alice"].get(path)
    assert download.status_code == 200 and download.data == PDF_WITH_JAVASCRIPT
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert download.headers["X-Content-Type-Options"] == "nosniff" and download.mimetype == "application/octet-stream"
    assert [e.action for e in actions(app, tender_id, "verification.document_download")] == [
        "verification.document_download"]
    second = answer(bidder, request_id, "A mass balance completes it.", [(PNG, "balance.png")])
    assert second.status_code == 302  # append-only: a second answer beside the first
    assert [a.text for a in requests_of(app, bid.id)[0].answers] == ["The agreement is attached.",
                                                                    "A mass balance completes it."]


def test_the_audit_log_names_the_request_by_its_bidder(app, tender_id, opened):
    bid, _request_id = _asked(app, tender_id, opened)
    with app.test_request_context(), app.app_context():
        [row] = named(actions(app, tender_id, "verification.request"), "Europe/Brussels")
        bidder = db.session.get(Organisation, bid.organisation_id).name
        assert row.object == f"verification request to bid of {bidder}"


def test_only_that_bidder_and_that_committee_reach_the_request(app, tender_id, opened, make_user, make_organisation):
    bid, request_id = _asked(app, tender_id, opened)
    other = _signed_in(app, bidder_of(app, make_user, bid_of(app, tender_id, TEJO)))
    assert other.get(f"/portal/verification/{request_id}").status_code == 404
    assert answer(other, request_id, "Not my bid").status_code == 404
    assert f"/portal/verification/{request_id}" not in other.get("/portal/").get_data(as_text=True)
    stranger = _signed_in(app, make_user("officer", organisation_id=make_organisation()))
    assert stranger.get(f"/tenders/{tender_id}/bids/{bid.id}").status_code == 404
    with app.app_context():
        authority = db.session.get(Tender, tender_id).authority_id
    outsider = _signed_in(app, make_user("officer", organisation_id=authority))  # same authority, no seat
    assert outsider.get(f"/tenders/{tender_id}/bids/{bid.id}").status_code == 403
    token_page = post_form(outsider, f"/tenders/{tender_id}/bids/{bid.id}/verification",
                           {"line": "", "question": "?", "reply_by": "2027-03-12"})
    assert token_page.status_code == 403
    page = ask(opened["alice"], tender_id, bid.id, None, "A member is not the chair", "2027-03-12")
    assert "only the committee chair may do this" in page.get_data(as_text=True)
    assert len(requests_of(app, bid.id)) == 1
    assert len(actions(app, tender_id, "verification.")) == 1


def test_before_the_opening_no_request_can_exist(app, tender_id, committee):
    bid = bid_of(app, tender_id, HARDANGER)
    response = ask(committee["chair"], tender_id, bid.id, None, QUESTION, "2027-03-12")
    assert "sealed" in response.get_data(as_text=True)
    assert requests_of(app, bid.id) == []


def test_after_the_deadline_the_bidder_can_no_longer_answer(app, tender_id, opened, make_user):
    page = ask(opened["chair"], tender_id, bid_of(app, tender_id, HARDANGER).id, None, QUESTION, "2027-03-08")
    assert "the reply deadline cannot be in the past" in page.get_data(as_text=True)  # the clock reads 9 March
    bid, request_id = _asked(app, tender_id, opened, reply_by="2027-03-09")  # until midnight in Brussels
    bidder = _signed_in(app, bidder_of(app, make_user, bid))
    clock.advance(timedelta(hours=13, minutes=59))  # 9 March 22:59 UTC, 23:59 in Brussels
    assert answer(bidder, request_id, "Just in time").status_code == 302
    clock.advance(timedelta(minutes=1))  # 23:00 UTC, midnight in Brussels: the deadline
    refused = answer(bidder, request_id, "Too late")
    assert "The reply deadline passed" in refused.get_data(as_text=True)
    assert [a.text for a in requests_of(app, bid.id)[0].answers] == ["Just in time"]
    page = bidder.get(f"/portal/verification/{request_id}").get_data(as_text=True)
    assert "answer-form" not in page and "The reply deadline has passed" in page


def test_hostile_documents_are_refused_through_the_answer_too(app, tender_id, opened, make_user):
    bid, request_id = _asked(app, tender_id, opened)
    bidder = _signed_in(app, bidder_of(app, make_user, bid))
    for data, name in ((EXE, "evidence.pdf"), (HTML, "evidence.html")):
        refused = answer(bidder, request_id, "See the file", [(data, name)])
        assert "content is none of the accepted formats" in refused.get_data(as_text=True).replace("&#39;", "'")
    app.config["RESBID_DOCUMENT_MAX_BYTES"] = len(PDF_WITH_JAVASCRIPT) - 1
    oversized = answer(bidder, request_id, "See the file", [(PDF_WITH_JAVASCRIPT, "big.pdf")])
    assert "a document may have at most" in oversized.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(VerificationAnswer.id)) is None  # a refused file refuses the whole answer
    app.config["RESBID_DOCUMENT_MAX_BYTES"] = 10_000_000
    assert answer(bidder, request_id, "See the file", [(PDF_WITH_JAVASCRIPT, "../../etc/passwd\x00.pdf")]
                  ).status_code == 302
    [document] = requests_of(app, bid.id)[0].answers[0].documents
    assert "/" not in document.display_name and "\x00" not in document.display_name
    assert document.display_name.endswith(".pdf")
    download = opened["chair"].get(f"/tenders/{tender_id}/bids/{bid.id}/verification/{request_id}/documents/"
                                   f"{document.id}")
    assert download.headers["Content-Disposition"].startswith("attachment") and "/" not in \
        download.headers["Content-Disposition"].split("filename", 1)[1]


def test_a_technical_member_reads_the_request_without_any_price(app, tender_id, technical, make_user):
    bid, request_id = _asked(app, tender_id, technical)
    page = technical["tech"].get(f"/tenders/{tender_id}/bids/{bid.id}").get_data(as_text=True)
    assert QUESTION in page
    with app.app_context():
        price = db.session.get(type(bid), bid.id).price
    assert f"{price:,.2f}" not in page
