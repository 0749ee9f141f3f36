"""Bids as received: every submission is a new version, kept byte for byte with its SHA-256."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    LargeBinary,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.lot import BidLot, unique_per_lot
from app.models.types import UTCDateTime

SUBMITTED, SUPERSEDED, WITHDRAWN = "submitted", "superseded", "withdrawn"


class Bid(db.Model):
    __tablename__ = "bid"
    __table_args__ = (
        UniqueConstraint("tender_id", "organisation_id", "version_no"),
        UniqueConstraint("tender_id", "label", "version_no"),
        CheckConstraint("status IN ('submitted', 'superseded', 'withdrawn')", name="status"),
        # One live submission per bidder and tender, on both engines.
        Index(
            "uq_bid_one_live_per_bidder",
            "tender_id",
            "organisation_id",
            unique=True,
            sqlite_where=text("status = 'submitted'"),
            postgresql_where=text("status = 'submitted'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    tender_id: Mapped[int] = mapped_column(ForeignKey("tender.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    # None for bids imported from a tender folder rather than uploaded through the portal.
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    # Stable short name of the bid (the file stem in a tender folder); the evaluation's bid id.
    label: Mapped[str] = mapped_column(String(80))
    version_no: Mapped[int] = mapped_column(default=1)
    status: Mapped[str] = mapped_column(String(20), default=SUBMITTED)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime())
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    filename: Mapped[str] = mapped_column(String(255))
    workbook: Mapped[bytes] = mapped_column(LargeBinary)
    workbook_sha256: Mapped[str] = mapped_column(String(64))
    price: Mapped[Decimal | None] = mapped_column(Numeric(18, 2))
    # The ultimate controlling entity as this bid's workbook declares it (eligibility rules read it).
    controlling_entity: Mapped[str | None] = mapped_column(String(200))
    controlling_country: Mapped[str | None] = mapped_column(String(2))
    # Officer decisions recorded during evaluation.
    exclusion_reason: Mapped[str | None] = mapped_column(Text)
    abnormal_decision: Mapped[str | None] = mapped_column(String(20))
    abnormal_reason: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    organisation: Mapped["Organisation"] = relationship()  # noqa: F821
    answers: Mapped[list[Answer]] = relationship(cascade="all, delete-orphan", order_by="Answer.id")
    supply_lines: Mapped[list[SupplyLine]] = relationship(
        cascade="all, delete-orphan", order_by="SupplyLine.id"
    )
    resolutions: Mapped[list[Resolution]] = relationship(cascade="all, delete-orphan")
    # A tender divided into lots: the lots this bid covers and their prices (price above stays null).
    lots: Mapped[list[BidLot]] = relationship(cascade="all, delete-orphan", order_by="BidLot.lot_number")


class Resolution(db.Model):
    """An officer's resolution of a missing answer, which earns no points of its own.

    kind "minimum": the criterion scores its rule's minimum; "exclude": the bid is excluded on that
    ground; "clarified": the bidder answered a recorded clarification request (Directive 2014/24/EU
    Art. 56(3)) and the answer, in the rule's value type, is scored as if the bid had held it; "unsubstantiated":
    a claim the bid made was found not substantiated on verification (app/models/verification.py) and its
    criterion scores the rule's minimum. The clarification columns are filled for "clarified" only.
    """

    __tablename__ = "resolution"
    __table_args__ = (
        *unique_per_lot("resolution", "bid_id", "criterion_code"),
        CheckConstraint("kind IN ('minimum', 'exclude', 'clarified', 'unsubstantiated')", name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    bid_id: Mapped[int] = mapped_column(ForeignKey("bid.id"), index=True)
    lot_number: Mapped[int | None] = mapped_column()  # null for a tender without lots
    criterion_code: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text)
    clarification_request: Mapped[str | None] = mapped_column(Text)
    requested_on: Mapped[date | None] = mapped_column(Date)
    answer: Mapped[object | None] = mapped_column(JSON(none_as_null=True))
    evidence: Mapped[str | None] = mapped_column(String(500))
    is_bid_unchanged: Mapped[bool] = mapped_column(default=False)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Answer(db.Model):
    """A bidder's answer to one criterion, as read from the workbook (value is JSON: bool, number or text)."""

    __tablename__ = "answer"
    __table_args__ = unique_per_lot("answer", "bid_id", "criterion_code")

    id: Mapped[int] = mapped_column(primary_key=True)
    bid_id: Mapped[int] = mapped_column(ForeignKey("bid.id"), index=True)
    lot_number: Mapped[int | None] = mapped_column()  # null for a tender without lots
    criterion_code: Mapped[str] = mapped_column(String(40))
    value: Mapped[object] = mapped_column(JSON)
    place: Mapped[str] = mapped_column(String(40), default="")


class SupplyLine(db.Model):
    """One row of a bid's supply-chain declaration."""

    __tablename__ = "supply_line"

    id: Mapped[int] = mapped_column(primary_key=True)
    bid_id: Mapped[int] = mapped_column(ForeignKey("bid.id"), index=True)
    lot_number: Mapped[int | None] = mapped_column()  # null for a tender without lots
    material: Mapped[str] = mapped_column(String(20))
    stage: Mapped[str] = mapped_column(String(20))
    country: Mapped[str] = mapped_column(String(2))
    share: Mapped[Decimal] = mapped_column(Numeric(7, 3))
    recycled: Mapped[Decimal] = mapped_column(Numeric(7, 3), default=0)
    supplier: Mapped[str] = mapped_column(String(200), default="")
    evidence: Mapped[str] = mapped_column(String(200), default="")
    place: Mapped[str] = mapped_column(String(40), default="")
