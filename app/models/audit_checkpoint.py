"""Signed checkpoints of the audit log: how many events it held and the hash of the newest one."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.types import UTCDateTime


class AuditCheckpoint(db.Model):
    """One checkpoint, signed with the audit key; also appended to the checkpoint file outside the database.

    A checkpoint fixes the chain's length and head: removing the newest events, or restoring an older copy
    of the database, leaves a checkpoint that the chain no longer reaches. Triggers make the table append-only.
    """

    __tablename__ = "audit_checkpoint"

    id: Mapped[int] = mapped_column(primary_key=True)
    count: Mapped[int]
    head_sha256: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    reason: Mapped[str] = mapped_column(String(20))
    mac: Mapped[str] = mapped_column(String(64))
