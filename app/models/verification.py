"""Verification of a bid's claims before the award: the committee's written request, the bidder's answers with
their documents, and the outcome the committee records (Directive 2014/24/EU Art. 56(3): the bidder may clarify
or complete what its tender contained, never change it).

Answers and their documents are append-only: a later answer adds a row, nothing is updated or deleted, and each
answer carries the SHA-256 of its text and its documents' hashes. A request exists only after the opening (the
verbs refuse it before), so the sealed-bid rules need no column here.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.types import UTCDateTime

VERIFIED, NOT_VERIFIED, CLARIFIED = "verified", "not_verified", "clarified"
OUTCOMES = (VERIFIED, NOT_VERIFIED, CLARIFIED)
# What follows a claim that is not substantiated: its criterion scored at the rule's minimum, or the bid excluded
# under Art. 57(4)(h) (serious misrepresentation in supplying the information required) or Art. 57(4)(i)
# (misleading information that may have a material influence on the award).
MINIMUM, EXCLUDE_H, EXCLUDE_I = "minimum", "exclude_57_4_h", "exclude_57_4_i"
CONSEQUENCES = (MINIMUM, EXCLUDE_H, EXCLUDE_I)


class VerificationRequest(db.Model):
    __tablename__ = "verification_request"
    __table_args__ = (
        CheckConstraint("outcome IS NULL OR outcome IN ('verified', 'not_verified', 'clarified')", name="outcome"),
        CheckConstraint("consequence IS NULL OR consequence IN ('minimum', 'exclude_57_4_h', 'exclude_57_4_i')",
                        name="consequence"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    tender_id: Mapped[int] = mapped_column(ForeignKey("tender.id"), index=True)
    bid_id: Mapped[int] = mapped_column(ForeignKey("bid.id"), index=True)
    supply_line_id: Mapped[int | None] = mapped_column(ForeignKey("supply_line.id"))  # None: the whole bid
    lot_number: Mapped[int | None] = mapped_column()  # the line's lot; None for a tender without lots
    question: Mapped[str] = mapped_column(Text)
    reply_by: Mapped[datetime] = mapped_column(UTCDateTime())  # answers are refused from this instant on
    asked_at: Mapped[datetime] = mapped_column(UTCDateTime())
    asked_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    outcome: Mapped[str | None] = mapped_column(String(20))
    outcome_reason: Mapped[str | None] = mapped_column(Text)
    consequence: Mapped[str | None] = mapped_column(String(20))
    criterion_code: Mapped[str | None] = mapped_column(String(40))  # the criterion scored at its minimum
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    answers: Mapped[list[VerificationAnswer]] = relationship(order_by="VerificationAnswer.id")


class VerificationAnswer(db.Model):
    __tablename__ = "verification_answer"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("verification_request.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime())
    answered_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    sha256: Mapped[str] = mapped_column(String(64))  # of the text and the documents' hashes (verification.py)

    documents: Mapped[list[VerificationDocument]] = relationship(order_by="VerificationDocument.id")


class VerificationDocument(db.Model):
    """A document sent with an answer: checked like a bid document (app/portal/documents.py), its name a cleaned
    display string only, never a path."""

    __tablename__ = "verification_document"

    id: Mapped[int] = mapped_column(primary_key=True)
    answer_id: Mapped[int] = mapped_column(ForeignKey("verification_answer.id"), index=True)
    display_name: Mapped[str] = mapped_column(String(120))
    file_format: Mapped[str] = mapped_column(String(10))
    size: Mapped[int] = mapped_column()
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)  # read only to download or export
