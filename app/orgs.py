"""Looking up organisations by name."""
from __future__ import annotations

from sqlalchemy import func, select

from app.extensions import db
from app.models import Organisation


def find_organisation(name: str) -> Organisation | None:
    """The organisation with this name, ignoring case and surrounding spaces."""
    return db.session.scalar(select(Organisation).where(func.lower(Organisation.name) == name.strip().lower()))
