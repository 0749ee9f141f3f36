"""Committee scores: each evaluator's own, and the chair's consensus, always with a justification."""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, Numeric, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.clock import utcnow
from app.extensions import db
from app.models.lot import unique_per_lot
from app.models.types import UTCDateTime


class Score(db.Model):
    __tablename__ = "score"
    __table_args__ = (
        *unique_per_lot("score", "bid_id", "criterion_id", "evaluator_id", "is_consensus"),
        Index("uq_score_one_consensus", "bid_id", "criterion_id", unique=True,
              sqlite_where=text("is_consensus AND lot_number IS NULL"),
              postgresql_where=text("is_consensus AND lot_number IS NULL")),
        Index("uq_score_one_consensus_lot", "bid_id", "lot_number", "criterion_id", unique=True,
              sqlite_where=text("is_consensus AND lot_number IS NOT NULL"),
              postgresql_where=text("is_consensus AND lot_number IS NOT NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    bid_id: Mapped[int] = mapped_column(ForeignKey("bid.id"), index=True)
    criterion_id: Mapped[int] = mapped_column(ForeignKey("criterion.id"), index=True)
    lot_number: Mapped[int | None] = mapped_column()  # null for a tender without lots
    evaluator_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    is_consensus: Mapped[bool] = mapped_column(default=False)
    points: Mapped[Decimal] = mapped_column(Numeric(9, 4))
    justification: Mapped[str] = mapped_column(Text)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    evaluator: Mapped["User"] = relationship()  # noqa: F821
