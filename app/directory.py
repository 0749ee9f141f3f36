"""Looking up organisations by name, accounts by email and tenders by reference, the same way for every area and
command."""
from __future__ import annotations

from sqlalchemy import func, select

from app.errors import UserError
from app.extensions import db
from app.models import Organisation, Tender, User
from tender_files.names import name_key


def find_organisation(name: str) -> Organisation | None:
    """The organisation with this name, ignoring case and spacing (name_key).

    Compared in Python: SQLite's lower() folds ASCII letters only, so a query would miss "ÖKO" for "öko" there.
    """
    return organisations_by_name().get(name_key(name))


def organisations_by_name() -> dict[str, Organisation]:
    """Every organisation by name_key (the oldest where two share one): one query for a lookup of many names."""
    found: dict[str, Organisation] = {}
    for organisation in db.session.scalars(select(Organisation).order_by(Organisation.id)):
        found.setdefault(name_key(organisation.name), organisation)
    return found


def normalise_email(email: str) -> str:
    """Emails compare case-insensitively and without surrounding spaces."""
    return email.strip().lower()


def find_user(email: str) -> User | None:
    """The account with this email, if any."""
    return db.session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


def check_reference_free(reference: str, place: str, tender: Tender | None = None) -> None:
    """Refuses, at `place`, a reference another tender than `tender` already has: it names the procedure in
    every notice, so the form and both imports say so before the database's unique index refuses it wordlessly."""
    query = select(Tender.id).where(Tender.reference == reference)
    if tender is not None:
        query = query.where(Tender.id != tender.id)
    if db.session.scalar(query) is not None:
        raise UserError(f"a tender with reference {reference} already exists", place=place)
