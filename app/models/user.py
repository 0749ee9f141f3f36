"""Users, their roles, and the sign-in records behind throttling (see app.auth.throttle)."""
from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.clock import utcnow
from app.extensions import db
from app.models.types import UTCDateTime

ADMIN, OFFICER, BIDDER, AUDITOR = "admin", "officer", "bidder", "auditor"
ROLES = (ADMIN, OFFICER, BIDDER, AUDITOR)


class User(UserMixin, db.Model):
    __tablename__ = "user_account"
    __table_args__ = (CheckConstraint("role IN ('admin', 'officer', 'bidder', 'auditor')", name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"), index=True)
    is_enabled: Mapped[bool] = mapped_column(default=True)
    # Bumped on logout, password change and deactivation: a copied session cookie stops working.
    session_version: Mapped[int] = mapped_column(default=1)
    # The interface language the user chose (app/languages.py); None: the browser's Accept-Language decides.
    language: Mapped[str | None] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    organisation: Mapped["Organisation | None"] = relationship(back_populates="users")  # noqa: F821

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.is_enabled

    def get_id(self) -> str:
        """The session carries the version too, so bumping it ends every older session."""
        return f"{self.id}:{self.session_version}"


class LoginFailure(db.Model):
    """One failed sign-in; recent rows per account and per address set the throttle's delays."""

    __tablename__ = "login_failure"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    address: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)


class LoginSuccess(db.Model):
    """The latest sign-in of an account from an address: the throttle treats that address as known for it."""

    __tablename__ = "login_success"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    address: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
