"""Login throttling: too many recent failures for an account or an address locks further attempts for a while."""
from __future__ import annotations

from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select

from app.clock import utcnow
from app.extensions import db
from app.models import LoginFailure


def lock_message(email: str, address: str) -> str | None:
    """A message explaining the lock when the account or the address is locked, else None."""
    config = current_app.config
    minutes = config["LOGIN_LOCK_MINUTES"]
    since = utcnow() - timedelta(minutes=minutes)
    if _failures_since(LoginFailure.email == email, since) >= config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]:
        return (f"Too many failed sign-in attempts for this account. Sign-in is locked for "
                f"{minutes} minutes; try again later or ask an administrator.")
    if _failures_since(LoginFailure.address == address, since) >= config["LOGIN_MAX_FAILURES_PER_ADDRESS"]:
        return (f"Too many failed sign-in attempts from your network address. Sign-in is locked for "
                f"{minutes} minutes.")
    return None


def record_failure(email: str, address: str) -> None:
    """Count one failed attempt."""
    db.session.add(LoginFailure(email=email, address=address, at=utcnow()))


def _failures_since(condition, since) -> int:
    query = select(func.count()).select_from(LoginFailure).where(condition, LoginFailure.at >= since)
    return db.session.scalar(query) or 0
