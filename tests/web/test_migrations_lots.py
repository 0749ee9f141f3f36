"""Migration 0019_lots down and up again with data: a tender without lots keeps every row, one with lots keeps
its tender and bids (the rows that only a tender with lots has go on the way down), and the schema comes back."""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import func, select

from app import create_app, schema_migrations
from app.extensions import db
from app.models import Answer, Bid, BidLot, Criterion, Score, SupplyLine, Tender, TenderLot
from tests.web.lot_folder import lots_folder

COUNTED = (Answer, Score, SupplyLine, Criterion, Bid)


def _counts(tender_id: int) -> dict[str, int]:
    counts = {}
    for model in COUNTED:
        query = select(func.count()).select_from(model)
        if model is Criterion or model is Bid:
            query = query.where(model.tender_id == tender_id)
        else:
            query = query.join(Bid, Bid.id == model.bid_id).where(Bid.tender_id == tender_id)
        counts[model.__name__] = db.session.scalar(query)
    return counts


def test_down_and_up_again_keeps_the_tenders_without_lots(app, runner, tender_id, tmp_path, databases, database_url):
    folder = lots_folder(tmp_path, app.config["RESBID_UPLOAD_MEMORY_MB"])
    assert runner.invoke(args=["tender", "import", str(folder)]).exit_code == 0
    with app.app_context():
        before = _counts(tender_id)
        divided = db.session.scalar(select(Tender.id).where(Tender.reference == "RB-2027-MAG-01"))
        bids = db.session.scalar(select(func.count()).select_from(Bid).where(Bid.tender_id == divided))
        db.engine.dispose()
    owner = create_app({"SQLALCHEMY_DATABASE_URI": databases.owner_uri(database_url), "SECRET_KEY": "owner"})
    with owner.app_context():  # migrations run as the tables' owner, as in production
        schema_migrations.downgrade(revision="0018_bundle_documents")
        columns = {c["name"] for c in sa.inspect(db.engine).get_columns("answer")}
        assert "lot_number" not in columns and not sa.inspect(db.engine).has_table("tender_lot")
        schema_migrations.upgrade()
        assert _counts(tender_id) == before
        assert db.session.scalar(select(func.count()).select_from(Bid).where(Bid.tender_id == divided)) == bids
        assert db.session.scalar(select(func.count()).select_from(TenderLot)) == 0
        assert db.session.scalar(select(func.count()).select_from(BidLot)) == 0
        assert db.session.scalar(select(func.count()).select_from(Answer).where(Answer.lot_number.is_not(None))) == 0
        db.engine.dispose()
