"""Looking up organisations by name."""
from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.models import Organisation
from app.tender_files.bids import name_key


def find_organisation(name: str) -> Organisation | None:
    """The organisation with this name, ignoring case and spacing (name_key).

    Compared in Python: SQLite's lower() folds ASCII letters only, so a query would miss "ÖKO" for "öko" there.
    """
    key = name_key(name)
    return next((organisation for organisation in db.session.scalars(select(Organisation).order_by(Organisation.id))
                 if name_key(organisation.name) == key), None)
