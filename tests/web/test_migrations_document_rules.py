"""Migration 0023_document_rules down and up again with data: a tender's document rules go on the way down, the
tender stays, and after the way up it has the defaults again (every format, no evidence required)."""
from __future__ import annotations

import sqlalchemy as sa

from app import create_app, schema_migrations
from app.extensions import db
from app.models import Tender
from app.records.definition import definition_of


def _columns() -> set[str]:
    return {column["name"] for column in sa.inspect(db.engine).get_columns("tender")}


def test_down_and_up_again_keeps_the_tender_with_default_rules(app, tender_id, databases, database_url):
    with app.app_context():
        tender = db.session.get(Tender, tender_id)
        title = tender.title
        tender.document_rules = {"formats": ["pdf"], "evidence_required": ["processing"]}
        db.session.commit()
        assert definition_of(tender)["documents"] == {"formats": ["pdf"], "evidence_required": ["processing"]}
        db.engine.dispose()
    owner = create_app({"SQLALCHEMY_DATABASE_URI": databases.owner_uri(database_url), "SECRET_KEY": "owner"})
    with owner.app_context():  # migrations run as the tables' owner, as in production
        schema_migrations.downgrade(revision="0022_lot_texts")
        assert "document_rules" not in _columns()
        assert db.session.execute(sa.text("SELECT title FROM tender WHERE id = :id"), {"id": tender_id}).scalar() \
            == title
        db.session.remove()  # its read ends before the migration writes (SQLite locks the file meanwhile)
        schema_migrations.upgrade()
        assert "document_rules" in _columns()
        tender = db.session.get(Tender, tender_id)
        assert tender.document_rules is None and "documents" not in definition_of(tender)
        db.engine.dispose()
