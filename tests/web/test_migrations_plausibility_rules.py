"""Migration 0026_plausibility_rules down and up again with data: a tender's published rates go on the way down,
the tender stays, and after the way up it publishes none (no recycled share flagged)."""
from __future__ import annotations

import sqlalchemy as sa

from app import create_app, schema_migrations
from app.extensions import db
from app.models import Tender
from app.records.definition import definition_of

RULES = {"recycled_input_rates": {"Co": {"rate": 10.0, "source": "Test publication, table 1"}}, "recycled_margin": 20}


def _columns() -> set[str]:
    return {column["name"] for column in sa.inspect(db.engine).get_columns("tender")}


def test_down_and_up_again_keeps_the_tender_without_rates(app, tender_id, databases, database_url):
    with app.app_context():
        tender = db.session.get(Tender, tender_id)
        title = tender.title
        tender.plausibility_rules = RULES
        db.session.commit()
        assert definition_of(tender)["plausibility"] == RULES
        db.engine.dispose()
    owner = create_app({"SQLALCHEMY_DATABASE_URI": databases.owner_uri(database_url), "SECRET_KEY": "owner"})
    with owner.app_context():  # migrations run as the tables' owner, as in production
        schema_migrations.downgrade(revision="0025_contracts")
        assert "plausibility_rules" not in _columns()
        assert db.session.execute(sa.text("SELECT title FROM tender WHERE id = :id"), {"id": tender_id}).scalar() \
            == title
        db.session.remove()  # its read ends before the migration writes (SQLite locks the file meanwhile)
        schema_migrations.upgrade()
        assert "plausibility_rules" in _columns()
        tender = db.session.get(Tender, tender_id)
        assert tender.plausibility_rules is None and "plausibility" not in definition_of(tender)
        db.engine.dispose()
