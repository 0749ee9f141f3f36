"""The officer's tender.yaml upload and download of a tender divided into lots: its lots, lot rules and a lot's
own criteria tree (with the same codes as the shared tree) are stored and written back unchanged."""
from __future__ import annotations

import copy
import io
from pathlib import Path

import yaml
from sqlalchemy import func, select

from app.clock import clock
from app.extensions import db
from app.models import Criterion, TenderLot
from tender_files.folder import load_tender_definition
from tests.web.setup_steps import NOW, post, tender_id_of

SAMPLE = Path(__file__).parents[2] / "sample_tenders" / "ndfeb-magnets" / "tender.yaml"


def test_a_tender_yaml_with_lots_uploads_and_downloads_unchanged(app, client, login_as):
    clock.freeze(NOW)
    login_as("officer")
    sample = yaml.safe_load(SAMPLE.read_text("utf-8"))
    own_tree = copy.deepcopy(sample["criteria"])
    own_tree[0]["weight"], own_tree[1]["weight"] = 45, 30  # PRICE 45, RES 30: the lot weighs price more
    own_tree[2]["weight"] = 25
    sample["lots"] = [{"number": 1, "title": "Traction-motor magnets", "cn_code": "8505 11 00",
                       "description": "Magnet sets for the buses' motors"},
                      {"number": 2, "title": "Spare magnets", "estimated_value": 400000,
                       "bill_of_materials": {"Nd": 0.23, "Pr": 0.07, "Dy": 0.03}, "criteria": own_tree}]
    sample["lot_rules"] = {"max_lots_bid_per_tenderer": 2, "max_lots_awarded_per_tenderer": 1}
    response = post(client, "/tenders/import", {"file": (io.BytesIO(yaml.safe_dump(sample).encode("utf-8")),
                                                         "tender.yaml")}, content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)
    tender_id = tender_id_of(response)
    with app.app_context():
        assert db.session.scalars(select(TenderLot.title).order_by(TenderLot.number)).all() == [
            "Traction-motor magnets", "Spare magnets"]
        per_tree = dict(db.session.execute(select(Criterion.lot_number, func.count()).group_by(Criterion.lot_number))
                        .all())
        assert per_tree[None] == per_tree[2] > 0 and 1 not in per_tree  # lot 1 reads the shared tree
    downloaded = yaml.safe_load(client.get(f"/tenders/{tender_id}/tender.yaml").get_data(as_text=True))
    assert load_tender_definition(downloaded)[1] == load_tender_definition(sample)[1]
    assert downloaded["lots"][1]["criteria"][0]["weight"] == 45
