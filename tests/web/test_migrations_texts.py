"""Migration 0020_authority_texts down and up again with data: the texts per language go on the way down, the
procedure language's texts (the plain columns) stay, and the columns come back empty."""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import select

from app import create_app, schema_migrations
from app.extensions import db
from app.models import Criterion, Tender

TEXT_COLUMNS = {"tender": {"languages", "titles"}, "criterion": {"names", "descriptions"}}


def _columns(table: str) -> set[str]:
    return {column["name"] for column in sa.inspect(db.engine).get_columns(table)}


def test_down_and_up_again_keeps_the_procedure_languages_texts(app, tender_id, databases, database_url):
    with app.app_context():
        tender = db.session.get(Tender, tender_id)
        title, names = tender.title, {c.id: c.name for c in tender.criteria}
        tender.languages, tender.titles = [tender.language, "fr"], {tender.language: title, "fr": "Stockage"}
        tender.criteria[0].names = {tender.language: tender.criteria[0].name, "fr": "Prix"}
        db.session.commit()
        db.engine.dispose()
    owner = create_app({"SQLALCHEMY_DATABASE_URI": databases.owner_uri(database_url), "SECRET_KEY": "owner"})
    with owner.app_context():  # migrations run as the tables' owner, as in production
        schema_migrations.downgrade(revision="0019_lots")
        for table, columns in TEXT_COLUMNS.items():
            assert not columns & _columns(table), table
        assert db.session.execute(sa.text("SELECT title FROM tender WHERE id = :id"), {"id": tender_id}).scalar() \
            == title
        db.session.remove()  # its read ends before the migration writes (SQLite locks the file meanwhile)
        schema_migrations.upgrade()
        for table, columns in TEXT_COLUMNS.items():
            assert columns <= _columns(table), table
        tender = db.session.get(Tender, tender_id)
        assert tender.title == title and tender.titles is None and tender.languages is None
        assert {c.id: c.name for c in db.session.scalars(select(Criterion).where(Criterion.tender_id == tender_id))
                } == names
        db.engine.dispose()
