"""Verification requests as every area reads them: a tender's or a bid's requests with their answers and the
documents' facts (never their bytes) in a fixed number of statements, the hash an answer is kept under, and the
bytes a bid's documents already take (app/models/verification.py says why they exist)."""
from __future__ import annotations

import hashlib
import json

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload, undefer

from app.extensions import db
from app.models import BidDocument, VerificationAnswer, VerificationDocument, VerificationRequest


def requests_of(tender_id: int, bid_id: int | None = None) -> list[VerificationRequest]:
    """The tender's requests (about one bid when `bid_id`), oldest first, their answers and documents loaded."""
    query = (select(VerificationRequest).where(VerificationRequest.tender_id == tender_id)
             .options(selectinload(VerificationRequest.answers).selectinload(VerificationAnswer.documents))
             .order_by(VerificationRequest.id))
    if bid_id is not None:
        query = query.where(VerificationRequest.bid_id == bid_id)
    return list(db.session.scalars(query))


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
