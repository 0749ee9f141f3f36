"""Lots of a tender divided into lots (Directive 2014/24/EU Art. 46) and the lots each bid covers.

A tender without lots has no `tender_lot` rows and its bids no `bid_lot` rows: it is stored exactly as before.
Rows that differ per lot (answers, supply lines, scores, resolutions) carry a `lot_number`, null for a tender
without lots; a criterion's `lot_number` is null for the tender's shared tree.
"""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import JSON, ForeignKey, Index, Numeric, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db


class TenderLot(db.Model):
    """One lot as the contract notice publishes it; empty codes and a null value take the tender's own."""

    __tablename__ = "tender_lot"
    __table_args__ = (UniqueConstraint("tender_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tender_id: Mapped[int] = mapped_column(ForeignKey("tender.id"), index=True)
    number: Mapped[int] = mapped_column()
    title: Mapped[str] = mapped_column(String(300))
    # The title in each language the tender publishes in ({language: text}), the procedure language's also in
    # title; null: title only (app/records/texts.py).
    titles: Mapped[dict | None] = mapped_column(JSON(none_as_null=True))
    description: Mapped[str] = mapped_column(Text, default="")
    cn_code: Mapped[str] = mapped_column(String(20), default="")
    cpv_code: Mapped[str] = mapped_column(String(16), default="")
    estimated_value: Mapped[Decimal | None] = mapped_column(Numeric(18, 2))
    bill_of_materials: Mapped[dict | None] = mapped_column(JSON(none_as_null=True))  # null: the tender's bill


class BidLot(db.Model):
    """A lot one bid covers, and the bid's price for it."""

    __tablename__ = "bid_lot"
    __table_args__ = (UniqueConstraint("bid_id", "lot_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    bid_id: Mapped[int] = mapped_column(ForeignKey("bid.id"), index=True)
    lot_number: Mapped[int] = mapped_column()
    price: Mapped[Decimal | None] = mapped_column(Numeric(18, 2))
    # The officers' decisions on the bid for this lot (a tender without lots keeps them on the bid's row).
    exclusion_reason: Mapped[str | None] = mapped_column(Text)
    # Art. 57 grounds concern the tenderer, not its bid for one lot: it is excluded from every lot.
    exclusion_concerns_tenderer: Mapped[bool] = mapped_column(default=False)
    abnormal_decision: Mapped[str | None] = mapped_column(String(20))
    abnormal_reason: Mapped[str | None] = mapped_column(Text)


def unique_per_lot(table: str, *columns: str) -> tuple[UniqueConstraint, Index]:
    """`columns` unique within each lot, and among the rows without a lot (a unique constraint treats every null
    as distinct, so the rows of a tender without lots keep theirs by a partial index)."""
    return (UniqueConstraint(*columns[:1], "lot_number", *columns[1:], name=f"uq_{table}_lot"),
            Index(f"uq_{table}_no_lot", *columns, unique=True, sqlite_where=text("lot_number IS NULL"),
                  postgresql_where=text("lot_number IS NULL")))
