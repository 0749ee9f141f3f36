"""A committee member reads one opened bid: its page, its original workbook and its documents (each download is
audited; documents are served as attachments only, never shown)."""
from __future__ import annotations

from io import BytesIO

from flask import render_template, send_file
from flask_login import current_user

from app.auth.access import roles
from app.errors import Refused, perform
from app.evaluation import bid_documents, bid_reading
from app.evaluation.blueprint import bp
from app.evaluation.verification_views import verification_section
from app.models.user import OFFICER
from app.records.access import authority_tender, require_opened_bid, workbook_refusal
from app.records.bid_documents import ENVELOPE_NAMES, KIND_NAMES, served_document
from workbooks import XLSX_MEDIA_TYPE


@bp.route("/bids/<int:bid_id>")
@roles(OFFICER)
def bid_page(tender_id: int, bid_id: int):
    tender = authority_tender(tender_id)
    seat, bid = require_opened_bid(tender, bid_id)
    reading = bid_reading.read_bid(tender, seat, bid)
    return render_template("evaluation/bid.html", tender=tender, seat=seat, reading=reading, kind_names=KIND_NAMES,
                           envelope_names=ENVELOPE_NAMES,
                           verification=verification_section(tender, seat, bid, reading))


@bp.route("/bids/<int:bid_id>/workbook")
@roles(OFFICER)
def bid_workbook(tender_id: int, bid_id: int):
    tender = authority_tender(tender_id)
    seat, bid = require_opened_bid(tender, bid_id)
    refusal = workbook_refusal(tender, seat, bid)
    if refusal:
        raise Refused(refusal)
    name, data = perform(bid_reading.download_workbook, tender, current_user, bid)
    return send_file(BytesIO(data), mimetype=XLSX_MEDIA_TYPE, as_attachment=True, download_name=name)


@bp.route("/bids/<int:bid_id>/documents/<int:document_id>")
@roles(OFFICER)
def bid_document(tender_id: int, bid_id: int, document_id: int):
    tender = authority_tender(tender_id)
    seat, bid = require_opened_bid(tender, bid_id)
    return served_document(perform(bid_documents.download_document, tender, seat, current_user, bid, document_id))
