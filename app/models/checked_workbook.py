"""Workbooks a bidder has checked (self-assessment), kept so the same file can be submitted without choosing it again.

One row per bidding organisation and tender, replaced by each new check, deleted when a bid is submitted and
ignored, then deleted, once it is older than CHECKED_WORKBOOK_HOURS. The bytes are sealed like a bid's: only
the organisation's own users reach them (app/portal/checked.py), and no export, bundle or audit event carries
them (the audit log keeps the SHA-256 alone).
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.types import UTCDateTime

CHECKED_WORKBOOK_HOURS = 24


class CheckedWorkbook(db.Model):
    __tablename__ = "checked_workbook"
    __table_args__ = (UniqueConstraint("tender_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tender_id: Mapped[int] = mapped_column(ForeignKey("tender.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    checked_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    checked_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    workbook: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)  # read only when submitted
    workbook_sha256: Mapped[str] = mapped_column(String(64))
