"""Verification of a bid's claims before the award: the committee asks the bidder, in writing and with a reply
deadline, for evidence or clarification on a supply line or on the bid, and reads the answers.

Directive 2014/24/EU Art. 56(3) lets the buyer ask a bidder to submit, supplement, clarify or complete
information or documentation, in full compliance with equal treatment and transparency: the answer may clarify
or complete what the tender contained, never change it. Who may ask is who may record the committee's decisions
(the chair, app.evaluation.decisions.decidable_bid), and only between the opening and finalisation, so nothing
of this exists while bids are sealed. The outcome and what follows from it: verification_outcome.py.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import abort
from flask_babel import gettext as _
from sqlalchemy import func, select
from wtforms.fields.choices import SelectChoice

from app import audit
from app.clock import today_in, utcnow
from app.errors import UserError
from app.evaluation.decisions import decidable_bid
from app.extensions import db
from app.models import Bid, BidLot, SupplyLine, Tender, User, VerificationRequest
from app.records.document_names import download_name
from app.records.file_types import EXTENSIONS
from app.records.verification import answer_document, line_words


def ask(tender: Tender, chair: User, bid_id: int, line_id: int | None, question: str, reply_by: date
        ) -> VerificationRequest:
    """Ask the bidder about one supply line of its bid (or the whole bid when `line_id` is None), with the last
    day of its reply in the tender's time zone."""
    line = _line(bid_id, line_id)
    bid = request_bid(tender, chair, bid_id, line.lot_number if line else None)
    if not question.strip():
        raise UserError(_("write the question the bidder is to answer"), "question")
    zone = ZoneInfo(tender.time_zone)
    if reply_by < today_in(tender.time_zone):
        raise UserError(_("the reply deadline cannot be in the past"), "reply_by")
    request = VerificationRequest(tender_id=tender.id, bid_id=bid.id, supply_line_id=line.id if line else None,
                                  lot_number=line.lot_number if line else None, question=question.strip(),
                                  reply_by=_reply_deadline(reply_by, zone), asked_at=utcnow(), asked_by_id=chair.id)
    db.session.add(request)
    db.session.flush()
    audit.record("verification.request", request, tender_id=tender.id, actor=chair,
                 details={"bidder": bid.organisation.name, "label": bid.label, "line": _line_codes(line),
                          "question": request.question, "reply_by": request.reply_by.isoformat()})
    return request


def _reply_deadline(last_day: date, zone: ZoneInfo) -> datetime:
    """The instant answers close: the end of the last day in the tender's time zone."""
    return datetime.combine(last_day + timedelta(days=1), time(0), tzinfo=zone)


def line_choices(bid: Bid, flagged: set[str]) -> list[SelectChoice]:
    """What a request may be about: the whole bid, then each supply line, flagged ones first and marked."""
    words = {line.id: line_words(line) for line in bid.supply_lines}

    def label(line: SupplyLine) -> str:
        text = words[line.id]
        if line.lot_number is not None:
            text = _("Lot %(number)s: %(line)s", number=line.lot_number, line=text)
        return _("%(line)s (flagged)", line=text) if words[line.id] in flagged else text
    lines = sorted(bid.supply_lines, key=lambda line: (words[line.id] not in flagged, line.lot_number or 0, line.id))
    return [SelectChoice("", _("The bid as a whole"))] + [SelectChoice(str(line.id), label(line)) for line in lines]


def download_answer_document(tender: Tender, user: User, bid: Bid, request_id: int, document_id: int
                             ) -> tuple[str, bytes]:
    """A document the bidder sent with an answer, for a committee member; every download is in the audit log."""
    request = db.session.get(VerificationRequest, request_id)
    if request is None or request.bid_id != bid.id or request.tender_id != tender.id:
        abort(404)
    document = answer_document(request, document_id)
    if document is None:
        abort(404)
    audit.record("verification.document_download", request, tender_id=tender.id, actor=user,
                 details={"bidder": bid.organisation.name, "document_id": document.id, "sha256": document.sha256})
    return download_name(document.display_name, EXTENSIONS[document.file_format], "supply_evidence"), document.data


def request_bid(tender: Tender, chair: User, bid_id: int, lot: int | None) -> Bid:
    """The live bid a request is about, once the chair may decide on it (decisions.decidable_bid): in a tender
    divided into lots, for the lot of the line asked about, or for the bid's first lot when it is about the bid."""
    if lot is None and tender.lot_rules is not None:
        lot = db.session.scalar(select(func.min(BidLot.lot_number)).where(BidLot.bid_id == bid_id))
    return decidable_bid(tender, chair, bid_id, lot)


def _line_codes(line: SupplyLine | None) -> str:
    """The line as the audit log keeps it, in codes whatever the reader's language: "Li · processing · CL · SQM"."""
    return " · ".join(part for part in (line.material, line.stage, line.country, line.supplier) if part) if line else ""


def _line(bid_id: int, line_id: int | None) -> SupplyLine | None:
    if line_id is None:
        return None
    line = db.session.get(SupplyLine, line_id)
    if line is None or line.bid_id != bid_id:
        raise UserError(_("no such supply line in this bid"), "line")
    return line
