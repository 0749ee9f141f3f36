"""Migration 0027_call_offs down and up again with a recorded call-off: the call-off table goes on the way down
(it is new with it), the contract and its tender stay, and after the way up the contract has no call-off."""
from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy import func, select

from app import create_app, schema_migrations
from app.clock import utcnow
from app.extensions import db
from app.models import CallOff, Contract
from tests.web.contract_steps import finalised_magnets


def test_down_and_up_again(app, databases, database_url):
    ids = finalised_magnets(app)
    with app.app_context():
        db.session.add(CallOff(contract_id=ids["contract"], called_on=utcnow().date() - timedelta(days=3),
                               reference="Order 17"))
        db.session.commit()
        db.engine.dispose()
    owner = create_app({"SQLALCHEMY_DATABASE_URI": databases.owner_uri(database_url), "SECRET_KEY": "owner"})
    with owner.app_context():  # migrations run as the tables' owner, as in production
        schema_migrations.downgrade(revision="0026_plausibility_rules")
        assert not sa.inspect(db.engine).has_table("call_off")
        assert db.session.execute(sa.text("SELECT tender_id FROM contract WHERE id = :id"),
                                  {"id": ids["contract"]}).scalar() == ids["tender"]
        db.session.remove()  # its read ends before the migration writes (SQLite locks the file meanwhile)
        schema_migrations.upgrade()
        assert sa.inspect(db.engine).has_table("call_off")
        assert db.session.scalar(select(func.count()).select_from(CallOff)) == 0
        assert db.session.get(Contract, ids["contract"]).call_offs == []
        db.engine.dispose()
