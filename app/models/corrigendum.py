"""Corrigenda: the recorded changes of a published tender's submission deadline and opening time."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.clock import utcnow
from app.extensions import db
from app.models.types import UTCDateTime


class Corrigendum(db.Model):
    """Who moved the deadline or opening time, from what to what, when and why (Directive 2014/24/EU Annex IV (c))."""

    __tablename__ = "corrigendum"

    id: Mapped[int] = mapped_column(primary_key=True)
    tender_id: Mapped[int] = mapped_column(ForeignKey("tender.id"), index=True)
    old_submission_deadline_at: Mapped[datetime] = mapped_column(UTCDateTime())
    new_submission_deadline_at: Mapped[datetime] = mapped_column(UTCDateTime())
    old_opening_at: Mapped[datetime] = mapped_column(UTCDateTime())
    new_opening_at: Mapped[datetime] = mapped_column(UTCDateTime())
    reason: Mapped[str] = mapped_column(Text)
    issued_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    issued_by: Mapped["User"] = relationship()  # noqa: F821
