"""Stored evaluation results: one row per version of a tender's evaluation inputs.

An evaluation is a pure function of the tender's definition, its bids, the committee's scores and the
recorded decisions. `inputs_key` names one version of those inputs (app/records/stored_results.py), so a
row is computed once, on the first read after a change, and every page, export and report of that
version reads it. The final result is stored at finalisation with `is_final` set; its SHA-256 is the one
the audit log records.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.clock import utcnow
from app.extensions import db
from app.models.types import UTCDateTime


class EvaluationRecord(db.Model):
    __tablename__ = "evaluation_result"
    __table_args__ = (UniqueConstraint("tender_id", "inputs_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tender_id: Mapped[int] = mapped_column(ForeignKey("tender.id"), index=True)
    inputs_key: Mapped[str] = mapped_column(String(64))
    result_sha256: Mapped[str] = mapped_column(String(64))
    result: Mapped[str] = mapped_column(Text, deferred=True)  # canonical JSON of scoring.EvaluationResult
    sensitivity: Mapped[str | None] = mapped_column(Text, deferred=True)  # JSON of scoring.SensitivityReport
    is_final: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
