"""Migration 0025_contracts down and up again with a finalised tender's contract: the contract tables and the
tender's conditions go on the way down (they are new with it), every other row stays, and the schema comes back."""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import func, select

from app import create_app, schema_migrations
from app.extensions import db
from app.models import Bid, Contract, Tender
from tests.web.contract_steps import finalised_magnets

TABLES = ("contract", "performance_report", "shortfall_response")


def test_down_and_up_again(app, databases, database_url):
    ids = finalised_magnets(app)
    with app.app_context():
        bids = db.session.scalar(select(func.count()).select_from(Bid).where(Bid.tender_id == ids["tender"]))
        db.engine.dispose()
    owner = create_app({"SQLALCHEMY_DATABASE_URI": databases.owner_uri(database_url), "SECRET_KEY": "owner"})
    with owner.app_context():  # migrations run as the tables' owner, as in production
        schema_migrations.downgrade(revision="0024_verification_requests")
        inspector = sa.inspect(db.engine)
        assert not any(inspector.has_table(table) for table in TABLES)
        assert "contract_performance" not in {c["name"] for c in inspector.get_columns("tender")}
        schema_migrations.upgrade()
        assert db.session.scalar(select(func.count()).select_from(Contract)) == 0
        assert db.session.get(Tender, ids["tender"]).contract_performance is None
        assert db.session.scalar(select(func.count()).select_from(Bid).where(Bid.tender_id == ids["tender"])) == bids
        db.engine.dispose()
