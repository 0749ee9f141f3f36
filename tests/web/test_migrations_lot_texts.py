"""Migration 0022_lot_texts down and up again with data: a lot's titles per language go on the way down, its
procedure language's title (the plain column) stays, and the column comes back empty."""
from __future__ import annotations

import sqlalchemy as sa

from app import create_app, schema_migrations
from app.extensions import db
from app.models import TenderLot


def _columns() -> set[str]:
    return {column["name"] for column in sa.inspect(db.engine).get_columns("tender_lot")}


def test_down_and_up_again_keeps_the_procedure_language_s_lot_title(app, tender_id, databases, database_url):
    with app.app_context():
        lot = TenderLot(tender_id=tender_id, number=1, title="Speicher", titles={"de": "Speicher", "fr": "Stockage"})
        db.session.add(lot)
        db.session.commit()
        lot_id = lot.id
        db.engine.dispose()
    owner = create_app({"SQLALCHEMY_DATABASE_URI": databases.owner_uri(database_url), "SECRET_KEY": "owner"})
    with owner.app_context():  # migrations run as the tables' owner, as in production
        schema_migrations.downgrade(revision="0021_bid_documents")
        assert "titles" not in _columns()
        assert db.session.execute(sa.text("SELECT title FROM tender_lot WHERE id = :id"), {"id": lot_id}).scalar() \
            == "Speicher"
        db.session.remove()  # its read ends before the migration writes (SQLite locks the file meanwhile)
        schema_migrations.upgrade()
        assert "titles" in _columns()
        lot = db.session.get(TenderLot, lot_id)
        assert lot.title == "Speicher" and lot.titles is None
        db.engine.dispose()
