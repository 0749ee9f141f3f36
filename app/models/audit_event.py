"""The append-only, hash-chained audit log (Directive 2014/24/EU Annex IV (g))."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.types import UTCDateTime


class AuditEvent(db.Model):
    """One event; `sha256` covers the canonical JSON of the fields and the previous event's hash.

    `mac` is the HMAC of `sha256` under the audit key, which is kept outside the database: whoever
    can write the database can recompute plain hashes but cannot sign them.
    `seq` and `prev_sha256` are unique, so two writers can never fork the chain.
    Database triggers (see the migrations) refuse UPDATE, DELETE and, on SQLite, INSERT OR REPLACE.
    """

    __tablename__ = "audit_event"
    # A tender's events in chain order: its last event (a report's data version, read at every status poll) is
    # then one index step at any length of the log, where an index on tender_id alone reads all its events.
    __table_args__ = (Index("ix_audit_event_tender_id_id", "tender_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(unique=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    actor: Mapped[str] = mapped_column(String(254))
    action: Mapped[str] = mapped_column(String(64), index=True)
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[str] = mapped_column(String(64))
    tender_id: Mapped[int | None] = mapped_column(ForeignKey("tender.id"))
    details: Mapped[str] = mapped_column(Text)  # canonical JSON, hashed as stored
    prev_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    mac: Mapped[str | None] = mapped_column(String(64))  # NULL only if someone wrote the row behind the app
