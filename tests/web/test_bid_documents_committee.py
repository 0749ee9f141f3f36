"""Bid documents for the committee: downloads only, never shown; the price envelope kept from technical members;
each supply line beside the document its evidence names; documents in the opening record and the evidence bundle.

The sealed rule before the opening, for every role and route, is tested with the bids in
tests/web/test_sealed_bids.py.
"""
from __future__ import annotations

import hashlib
import io
import json
import zipfile

from sqlalchemy import select

from app.extensions import db
from app.models import SupplyLine, Tender, User
from app.models.tender import FINALISED
from app.reports.bundle import build_evidence_bundle
from tests.web.conftest import open_bids, user_id
from tests.web.document_steps import PDF_WITH_JAVASCRIPT, PNG, disposition_name, first_bid, store_document
from tests.web.portal_steps import events


def url(tender_id: int, bid_id: int, document_id: int) -> str:
    return f"/tenders/{tender_id}/bids/{bid_id}/documents/{document_id}"


def test_a_pdf_with_javascript_is_served_only_as_a_download_and_each_download_is_audited(app, tender_id, opened):
    bid = first_bid(app, tender_id)
    document_id = store_document(app, bid.id, name="Offtake agreement <b>2027</b>.pdf")
    response = opened["alice"].get(url(tender_id, bid.id, document_id))
    assert response.status_code == 200 and response.data == PDF_WITH_JAVASCRIPT
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert disposition_name(response) == "Offtake agreement _b_2027__b.pdf"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.mimetype == "application/octet-stream"
    assert "sandbox" in response.headers["Content-Security-Policy"]
    [event] = events(app, "bid.document_download")
    assert json.loads(event.details)["sha256"] == hashlib.sha256(PDF_WITH_JAVASCRIPT).hexdigest()
    page = opened["alice"].get(f"/tenders/{tender_id}/bids/{bid.id}").get_data(as_text=True)
    assert "Offtake agreement &lt;b&gt;2027&lt;/b&gt;.pdf" in page and "<b>2027</b>" not in page


def test_a_document_of_another_bid_or_a_missing_one_is_not_found(app, tender_id, opened):
    bid = first_bid(app, tender_id)
    other = first_bid(app, tender_id, label="voltaris-energy-storage")
    document_id = store_document(app, other.id)
    assert opened["alice"].get(url(tender_id, bid.id, document_id)).status_code == 404
    assert opened["alice"].get(url(tender_id, bid.id, document_id + 100)).status_code == 404


def test_before_the_opening_a_member_gets_no_document(app, tender_id, committee):
    bid = first_bid(app, tender_id)
    document_id = store_document(app, bid.id)
    response = committee["chair"].get(url(tender_id, bid.id, document_id))
    assert b"sealed" in response.data and PDF_WITH_JAVASCRIPT not in response.data
    assert events(app, "bid.document_download") == []


def test_a_technical_member_gets_no_price_envelope_document_until_the_evaluation_is_finalised(
        app, tender_id, technical):
    bid = first_bid(app, tender_id)
    breakdown = store_document(app, bid.id, data=PNG, kind="price_breakdown", name="Price breakdown.png",
                               file_format="png")
    evidence = store_document(app, bid.id, kind="supply_evidence", name="Mass balance.pdf")
    tech, chair = technical["tech"], technical["chair"]
    refused = tech.get(url(tender_id, bid.id, breakdown))
    assert refused.status_code == 403 and PNG not in refused.data and "financial envelope" in refused.get_data(
        as_text=True)
    assert tech.get(url(tender_id, bid.id, evidence)).data == PDF_WITH_JAVASCRIPT
    assert chair.get(url(tender_id, bid.id, breakdown)).data == PNG  # a member who sees prices
    page = tech.get(f"/tenders/{tender_id}/bids/{bid.id}").get_data(as_text=True)
    assert url(tender_id, bid.id, breakdown) not in page and url(tender_id, bid.id, evidence) in page
    assert "Price breakdown.png (financial envelope, sealed until the evaluation is finalised)" in page
    with app.app_context():
        db.session.get(Tender, tender_id).status = FINALISED
        db.session.commit()
    assert tech.get(url(tender_id, bid.id, breakdown)).data == PNG


def test_each_supply_line_shows_the_document_its_evidence_names(app, tender_id, opened):
    bid = first_bid(app, tender_id)
    with app.app_context():
        evidence = db.session.scalars(select(SupplyLine.evidence).where(SupplyLine.bid_id == bid.id,
                                                                        SupplyLine.evidence != "")).first()
    document_id = store_document(app, bid.id, name="scan-0042.pdf", reference=f"  {evidence.upper()} ")
    page = opened["alice"].get(f"/tenders/{tender_id}/bids/{bid.id}").get_data(as_text=True)
    supply = page[page.index('id="supply"'):page.index('id="bid-documents"')]
    assert url(tender_id, bid.id, document_id) in supply and ">scan-0042.pdf</a>" in supply
    assert 'aria-label="Download scan-0042.pdf"' in supply
    documents = page[page.index('id="bid-documents"'):]
    assert hashlib.sha256(PDF_WITH_JAVASCRIPT).hexdigest() in documents


def test_the_opening_record_lists_every_document_with_its_envelope_and_sha256(app, tender_id, committee):
    bid = first_bid(app, tender_id)
    document_id = store_document(app, bid.id, data=PNG, kind="price_breakdown", file_format="png")
    open_bids(tender_id, committee["chair"], committee["alice"])
    [opening] = events(app, "tender.open")
    [record] = [entry for entry in json.loads(opening.details)["bids"] if entry["bid_id"] == bid.id]
    assert record["documents"] == [{"document_id": document_id, "kind": "price_breakdown", "envelope": "price",
                                    "sha256": hashlib.sha256(PNG).hexdigest(), "bytes": len(PNG)}]


def test_the_evidence_bundle_holds_every_document_byte_for_byte_with_its_sha256(app, tender_id, opened):
    bid = first_bid(app, tender_id)
    store_document(app, bid.id, name="../../etc/Mass balance.pdf")  # even a name stored raw is never a path
    store_document(app, bid.id, data=PNG, kind="price_breakdown", name="Price.png", file_format="png")
    with app.test_request_context():
        actor = db.session.get(User, user_id(app, "chair@authority.example"))
        bundle = build_evidence_bundle(db.session.get(Tender, tender_id), b"%PDF-1.4", "{}", actor=actor)
    archive = zipfile.ZipFile(io.BytesIO(bundle))
    folder = archive.namelist()[0].split("/")[0]
    files = {name.removeprefix(f"{folder}/"): archive.read(name) for name in archive.namelist()}
    assert files[f"bid-documents/{bid.label}/01-etc_Mass balance.pdf"] == PDF_WITH_JAVASCRIPT
    assert files[f"bid-documents/{bid.label}/02-Price.png"] == PNG
    sums = files["SHA256SUMS"].decode()
    assert f"{hashlib.sha256(PNG).hexdigest()}  bid-documents/{bid.label}/02-Price.png" in sums
    listing = files["bid-documents.yaml"].decode()
    assert hashlib.sha256(PDF_WITH_JAVASCRIPT).hexdigest() in listing and "envelope: price" in listing
