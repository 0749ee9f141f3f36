"""Verification requests as every area reads them: a tender's, a bid's or a bidder's requests with their answers
and the documents' facts (never their bytes) in a fixed number of statements, each with its supply line in words;
the hash an answer is kept under, and the bytes a bid's documents already take (app/models/verification.py says
why they exist)."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload, undefer

from app.clock import utcnow
from app.extensions import db
from app.models import Bid, BidDocument, SupplyLine, VerificationAnswer, VerificationDocument, VerificationRequest
from app.models.verification import CONSEQUENCES, OUTCOMES
from app.presentation import country_text, material_text, message_text
from scoring.self_assessment import STAGE_WORDS

ARTICLE_56_3 = _l("Directive 2014/24/EU Art. 56(3): the bidder may be asked to submit, supplement, clarify or "
                  "complete information or documentation. The answer may clarify or complete the tender, never "
                  "change it.")
OUTCOME_NAMES = dict(zip(OUTCOMES, (_l("verified"), _l("not verified"), _l("clarified")), strict=True))
CONSEQUENCE_NAMES = dict(zip(CONSEQUENCES, (
    _l("criterion scored at the rule's minimum"),
    _l("bid excluded under Directive 2014/24/EU Art. 57(4)(h): serious misrepresentation in supplying the "
       "information required"),
    _l("bid excluded under Directive 2014/24/EU Art. 57(4)(i): misleading information that may have a material "
       "influence on the award")), strict=True))


@dataclass(frozen=True)
class VerificationRow:
    """One request as the committee and the bidder read it."""

    request: VerificationRequest
    subject: str  # the supply line in words, or "" for the whole bid
    is_open: bool  # the bidder may still answer


def verification_rows(tender_id: int | None = None, bid_id: int | None = None,
                      organisation_id: int | None = None) -> list[VerificationRow]:
    """The requests of a tender (about one bid), or those about an organisation's bids, oldest first; each is
    open while no outcome is recorded and its reply deadline has not passed."""
    query = (select(VerificationRequest)
             .options(selectinload(VerificationRequest.answers).selectinload(VerificationAnswer.documents))
             .order_by(VerificationRequest.id))
    if tender_id is not None:
        query = query.where(VerificationRequest.tender_id == tender_id)
    if bid_id is not None:
        query = query.where(VerificationRequest.bid_id == bid_id)
    if organisation_id is not None:
        query = query.join(Bid, Bid.id == VerificationRequest.bid_id).where(Bid.organisation_id == organisation_id)
    requests = list(db.session.scalars(query))
    line_ids = {request.supply_line_id for request in requests if request.supply_line_id is not None}
    found = db.session.scalars(select(SupplyLine).where(SupplyLine.id.in_(line_ids))) if line_ids else ()
    lines = {line.id: line for line in found}
    now = utcnow()
    return [VerificationRow(request, line_words(lines[request.supply_line_id]) if request.supply_line_id else "",
                            request.outcome is None and now < request.reply_by) for request in requests]


def line_words(line) -> str:
    """A supply line (stored or the scoring library's) in a few words: "Dysprosium, refining, Estonia, Silmet"."""
    return ", ".join(word for word in (
        material_text(line.material), message_text(STAGE_WORDS.get(line.stage, line.stage)),
        country_text(line.country), line.supplier) if word)


def answer_sha256(text: str, document_hashes: list[str]) -> str:
    """The SHA-256 an answer is kept under: of its text and its documents' SHA-256, in order, as canonical JSON,
    so that changing a word or a file changes it."""
    canonical = json.dumps({"text": text, "documents": document_hashes}, ensure_ascii=False, sort_keys=True,
                           separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def stored_bytes(bid_id: int) -> int:
    """The bytes the bid version's documents take, those sent with its answers included: one cap covers both."""
    documents = select(func.coalesce(func.sum(BidDocument.size), 0)).where(BidDocument.bid_id == bid_id)
    answered = (select(func.coalesce(func.sum(VerificationDocument.size), 0))
                .join(VerificationAnswer, VerificationAnswer.id == VerificationDocument.answer_id)
                .join(VerificationRequest, VerificationRequest.id == VerificationAnswer.request_id)
                .where(VerificationRequest.bid_id == bid_id))
    return db.session.scalar(documents) + db.session.scalar(answered)


def answer_document(request: VerificationRequest, document_id: int) -> VerificationDocument | None:
    """A document of one of the request's answers, with its bytes; None when it is not one of them."""
    return db.session.scalar(
        select(VerificationDocument).options(undefer(VerificationDocument.data))
        .join(VerificationAnswer, VerificationAnswer.id == VerificationDocument.answer_id)
        .where(VerificationDocument.id == document_id, VerificationAnswer.request_id == request.id))
