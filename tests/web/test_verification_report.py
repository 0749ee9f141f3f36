"""The evaluation report lists the verification of claims (requests, answers with their hashes, outcomes and
decisions) in the procedure language, and the evidence bundle carries the answers' documents byte for byte."""
from __future__ import annotations

import hashlib
import io
import zipfile

import pytest
import yaml

from app.extensions import db
from app.models import Tender
from app.reports.bundle import build_evidence_bundle
from app.reports.document import render_report
from app.reports.sources import stored_report_context
from tests.web.conftest import login
from tests.web.document_steps import PDF_WITH_JAVASCRIPT
from tests.web.report_helpers import pdf_text, squeezed
from tests.web.verification_steps import answer, ask, bid_of, bidder_of, line_of, record_outcome, requests_of

pytestmark = [pytest.mark.filterwarnings("ignore::ResourceWarning"),
              pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")]
HARDANGER = "hardanger-battery-systems"


def _verified(app, tender_id, opened, make_user):
    """Hardanger asked about its lithium refining, answered with a PDF, found not verified: minimum score."""
    bid = bid_of(app, tender_id, HARDANGER)
    ask(opened["chair"], tender_id, bid.id, line_of(app, bid.id, "Li", "processing"),
        "Send the mass balance for the recycled lithium.", "2027-03-12")
    request_id = requests_of(app, bid.id)[0].id
    bidder = app.test_client()
    login(bidder, bidder_of(app, make_user, bid))
    assert answer(bidder, request_id, "Our supplier keeps it.", [(PDF_WITH_JAVASCRIPT, "Balance.pdf")]
                  ).status_code == 302
    record_outcome(opened["chair"], tender_id, bid.id, request_id, "not_verified", "No mass balance was sent.",
                   "minimum", "RES-RECYCLED")
    return requests_of(app, bid.id)[0]


def test_the_report_lists_requests_answers_hashes_outcomes_and_decisions(app, tender_id, opened, make_user):
    request = _verified(app, tender_id, opened, make_user)
    with app.test_request_context():
        report = stored_report_context(db.session.get(Tender, tender_id))
    text = squeezed(pdf_text(render_report(report)))
    assert squeezed("10 Verification of claims before the award") in text
    for words in ("Hardanger Battery Systems AS", "Send the mass balance for the recycled lithium.",
                  "Our supplier keeps it.", request.answers[0].sha256, hashlib.sha256(PDF_WITH_JAVASCRIPT).hexdigest(),
                  "Outcome: not verified", "No mass balance was sent.",
                  "Decision: criterion scored at the rule's minimum", "Recycled content", "Lithium"):
        assert squeezed(words) in text, words
    with app.app_context():  # the procedure language, not the reader's, writes the report
        db.session.get(Tender, tender_id).language = "de"
        db.session.commit()
    with app.test_request_context():
        german = stored_report_context(db.session.get(Tender, tender_id))
    [entry] = german["verifications"]
    assert entry["outcome"] == "nicht verifiziert" and "Mindest" in entry["decision"]
    assert entry["subject"].startswith("Lithium")


def test_the_evidence_bundle_carries_the_answers_documents_and_their_list(app, tender_id, opened, make_user):
    request = _verified(app, tender_id, opened, make_user)
    with app.test_request_context():
        data = build_evidence_bundle(db.session.get(Tender, tender_id), b"%PDF-1.7", "{}",
                                     actor=None)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        files = {name.split("/", 1)[1]: archive.read(name) for name in archive.namelist()}
    listing = yaml.safe_load(files["verification.yaml"])
    [entry] = listing
    assert (entry["outcome"], entry["consequence"], entry["criterion"]) == ("not_verified", "minimum", "RES-RECYCLED")
    [document] = entry["answers"][0]["documents"]
    assert files[document["file"]] == PDF_WITH_JAVASCRIPT and document["file"].endswith(".pdf")
    assert entry["answers"][0]["sha256"] == request.answers[0].sha256
    sums = files["SHA256SUMS"].decode()
    assert f"{hashlib.sha256(PDF_WITH_JAVASCRIPT).hexdigest()}  {document['file']}" in sums
