"""The demo data in a database of its own, for the tests that visit every page a demo persona reaches."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask
from sqlalchemy import select

from app import create_app
from app.extensions import db
from app.models import Bid, Tender


@contextmanager
def demo_app(databases, secret_key: str) -> Iterator[tuple[Flask, list[tuple[int, int]]]]:
    """The app on a new database holding `demo load`, and each tender's id with one of its bids' (0: none)."""
    uri = databases.new()
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": uri, "SECRET_KEY": secret_key,
                      "SESSION_COOKIE_SECURE": False})
    assert app.test_cli_runner().invoke(args=["demo", "load"]).exit_code == 0
    with app.app_context():
        tenders = [(tender.id, db.session.scalar(select(Bid.id).where(Bid.tender_id == tender.id)) or 0)
                   for tender in db.session.scalars(select(Tender))]
    try:
        yield app, tenders
    finally:
        with app.app_context():
            db.engine.dispose()
        databases.drop(uri)
