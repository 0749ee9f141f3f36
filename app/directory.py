"""Looking up organisations by name and accounts by email, the same way for every area and command."""
from __future__ import annotations

from sqlalchemy import func, select

from app.extensions import db
from app.models import Organisation, User
from tender_files.bids import name_key


def find_organisation(name: str) -> Organisation | None:
    """The organisation with this name, ignoring case and spacing (name_key).

    Compared in Python: SQLite's lower() folds ASCII letters only, so a query would miss "ÖKO" for "öko" there.
    """
    key = name_key(name)
    return next((organisation for organisation in db.session.scalars(select(Organisation).order_by(Organisation.id))
                 if name_key(organisation.name) == key), None)


def normalise_email(email: str) -> str:
    """Emails compare case-insensitively and without surrounding spaces."""
    return email.strip().lower()


def find_user(email: str) -> User | None:
    """The account with this email, if any."""
    return db.session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))
