"""Evaluation committee membership and the conflict-of-interest declaration (Directive 2014/24/EU Art. 24)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.types import UTCDateTime


class CommitteeMember(db.Model):
    __tablename__ = "committee_member"
    __table_args__ = (UniqueConstraint("tender_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tender_id: Mapped[int] = mapped_column(ForeignKey("tender.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    is_chair: Mapped[bool] = mapped_column(default=False)
    # Two-envelope mode: technical members see no prices until finalisation (app.records.access.sees_prices).
    is_technical: Mapped[bool] = mapped_column(default=False)
    coi_declared_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    coi_statement: Mapped[str] = mapped_column(Text, default="")

    user: Mapped["User"] = relationship()  # noqa: F821

    @property
    def has_declared(self) -> bool:
        return self.coi_declared_at is not None


class OpeningConfirmation(db.Model):
    """One committee member's confirmation that the bids may be opened; two distinct ones open them (four eyes)."""

    __tablename__ = "opening_confirmation"
    __table_args__ = (UniqueConstraint("tender_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tender_id: Mapped[int] = mapped_column(ForeignKey("tender.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    confirmed_at: Mapped[datetime] = mapped_column(UTCDateTime())

    user: Mapped["User"] = relationship()  # noqa: F821
