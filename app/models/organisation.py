"""Organisations: contracting authorities and economic operators."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.clock import utcnow
from app.extensions import db
from app.models.types import UTCDateTime

AUTHORITY = "authority"
OPERATOR = "operator"
NAME_LENGTH = 200


class Organisation(db.Model):
    __tablename__ = "organisation"
    __table_args__ = (CheckConstraint(f"kind IN ('{AUTHORITY}', '{OPERATOR}')", name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME_LENGTH), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    country: Mapped[str] = mapped_column(String(2))
    controlling_entity: Mapped[str | None] = mapped_column(String(200))
    controlling_country: Mapped[str | None] = mapped_column(String(2))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    users: Mapped[list["User"]] = relationship(back_populates="organisation")  # noqa: F821

    @property
    def is_authority(self) -> bool:
        return self.kind == AUTHORITY
