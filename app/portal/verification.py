"""A bidder's side of verification before the award: the committee's requests about its own bids, and its written
answers with documents until the reply deadline (Directive 2014/24/EU Art. 56(3): it may clarify or complete its
tender, not change it).

A request exists only after the opening, so nothing here reaches a sealed bid. Another organisation's request
answers 404 like a missing one, and the attempt is recorded. Answers are append-only: each is a new row with the
SHA-256 of its text and documents, and an audit event naming the tender. Documents are hostile input, checked as
bid documents are (app.portal.documents.accepted_file): type from the content, size per file and per bid, the
name kept as a display string only.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass

from flask import abort
from flask_babel import gettext as _
from sqlalchemy import select

from app import audit
from app.auth.access import deny
from app.clock import utcnow
from app.errors import UserError
from app.extensions import db
from app.models import Bid, Tender, User, VerificationAnswer, VerificationDocument, VerificationRequest
from app.models.tender import FINALISED
from app.portal.documents import accepted_file
from app.presentation import time_text
from app.records.bid_documents import document_rules_of
from app.records.verification import VerificationRow, answer_sha256, stored_bytes, verification_rows
from app.transactions import lock_tender

MAX_FILES = 5  # documents with one answer
FIELD = "documents"


@dataclass(frozen=True)
class SentFile:
    """A file as received with an answer: the name the browser sent and the exact bytes."""

    name: str
    data: bytes


def requests_for(user: User) -> list[tuple[VerificationRow, str]]:
    """The requests about the user's organisation's bids, oldest first, each with its tender's reference; none for
    a user of no organisation."""
    if user.organisation_id is None:
        return []
    rows = verification_rows(organisation_id=user.organisation_id)
    if not rows:
        return []
    references = dict(db.session.execute(select(Tender.id, Tender.reference).where(
        Tender.id.in_({row.request.tender_id for row in rows}))).all())
    return [(row, references[row.request.tender_id]) for row in rows]


def own_request(request_id: int, user: User) -> VerificationRow:
    """A request about one of the organisation's bids; another organisation's answers 404, and is recorded."""
    request = db.session.get(VerificationRequest, request_id)
    if request is None:
        abort(404)
    bid = db.session.get(Bid, request.bid_id)
    if user.organisation_id is None or bid.organisation_id != user.organisation_id:
        deny(f"verification request {request_id} concerns another organisation's bid", 404)
    return next(row for row in verification_rows(bid_id=bid.id) if row.request.id == request_id)


def answer(request_id: int, user: User, text: str, files: list[SentFile]) -> VerificationAnswer:
    """Store one answer with its documents, while the request is open: before its reply deadline, with no outcome
    recorded, and the evaluation not finalised (the tender is locked first, so none of that changes meanwhile)."""
    request = own_request(request_id, user).request
    tender = lock_tender(request.tender_id)
    db.session.refresh(request)
    if tender.status == FINALISED or request.outcome is not None:
        raise UserError(_("The committee has recorded the outcome of this request: answers are no longer "
                          "accepted."))
    if utcnow() >= request.reply_by:
        raise UserError(_("The reply deadline passed at %(deadline)s: answers are no longer accepted.",
                          deadline=time_text(request.reply_by, tender.time_zone)))
    if not text.strip():
        raise UserError(_("write your answer"), "text")
    if len(files) > MAX_FILES:
        raise UserError(_("send at most %(count)s documents with one answer", count=MAX_FILES), FIELD)
    stored, allowed = stored_bytes(request.bid_id), document_rules_of(tender).formats
    documents = []
    for sent in files:
        found, name = accepted_file(sent.data, sent.name, stored, allowed, FIELD)
        stored += len(sent.data)
        documents.append(VerificationDocument(display_name=name, file_format=found, size=len(sent.data),
                                              sha256=hashlib.sha256(sent.data).hexdigest(), data=sent.data))
    row = VerificationAnswer(request_id=request.id, text=text.strip(), answered_at=utcnow(), answered_by_id=user.id,
                             sha256=answer_sha256(text.strip(), [document.sha256 for document in documents]),
                             documents=documents)
    db.session.add(row)
    db.session.flush()
    audit.record("verification.answer", request, tender_id=tender.id, actor=user,
                 details={"sha256": row.sha256, "documents": [{"sha256": d.sha256, "bytes": d.size,
                                                               "format": d.file_format} for d in documents]})
    return row
