"""A tender divided into lots makes a contract per lot with the tenderer the award across lots gives it (Directive
2014/24/EU Art. 46(3)), not the lot's first-ranked bid: in the rare-earth sample, Nordvik ranks first in every lot,
but at most two lots go to one tenderer, so lot 2 goes to Kvarnbo. Each contract binds that bid's own values."""
from __future__ import annotations

import shutil
from datetime import datetime, timezone
from pathlib import Path

import yaml
from sqlalchemy import select

from app.extensions import db
from app.models import Bid, Contract
from app.records.evaluation import supply_of
from scoring.resilience import compute_profile, read_metric
from tests.web.conftest import login, post_form
from tests.web.lot_tender import import_opened

SAMPLE = Path(__file__).parents[2] / "sample_tenders" / "rare-earth-lots"
AFTER_OPENING = datetime(2027, 4, 13, 9, 0, tzinfo=timezone.utc)
CHAIR = "officer@resbid.example"
MEMBERS = (CHAIR, "evaluator1@resbid.example", "evaluator2@resbid.example")
AWARD = {1: "Nordvik Rare Earths AS", 2: "Kvarnbo Metals AB", 3: "Nordvik Rare Earths AS"}
CONDITIONS = {"binding": ["RES-RECYCLED"], "tolerance": {"value": 1, "unit": "points"},
              "reporting": {"period": "call_off", "report_within_days": 30},
              "consequences": {"remedy_plan_days": 30}}


def test_each_lot_is_contracted_with_the_tenderer_the_award_gives_it(app, runner, make_organisation, make_user,
                                                                       tmp_path):
    folder = tmp_path / "rare-earth-lots"
    shutil.copytree(SAMPLE, folder)
    tender = yaml.safe_load((folder / "tender.yaml").read_text("utf-8"))
    tender["contract_performance"] = CONDITIONS
    (folder / "tender.yaml").write_text(yaml.safe_dump(tender, allow_unicode=True), "utf-8")
    tender_id = import_opened(app, runner, folder, make_organisation, make_user, members=MEMBERS,
                              opened_at=AFTER_OPENING)
    chair = app.test_client()
    login(chair, CHAIR)
    assert "Evaluation finalised" in post_form(chair, f"/tenders/{tender_id}/finalise").get_data(as_text=True)
    with app.app_context():
        contracts = db.session.scalars(select(Contract).where(Contract.tender_id == tender_id)
                                       .order_by(Contract.lot_number)).all()
        assert {c.lot_number: c.organisation.name for c in contracts} == AWARD
        kvarnbo = contracts[1]
        assert db.session.get(Bid, kvarnbo.bid_id).organisation_id == kvarnbo.organisation_id
        # the commitment is Kvarnbo's own recycled share at processing, as the evaluation read it
        bill = {code: float(mass) for code, mass in tender["bill_of_materials"].items()}
        lines = supply_of([kvarnbo.bid_id], 2)[kvarnbo.bid_id]
        expected = read_metric(compute_profile(lines, (tender["lots"][1].get("bill_of_materials") or bill)),
                               "recycled_share", "processing").value
        assert [(c["code"], c["value"]) for c in kvarnbo.commitments] == [("RES-RECYCLED", expected)]
        assert kvarnbo.conditions["reporting"]["period"] == "call_off"
    page = chair.get(f"/contracts/{kvarnbo.id}").get_data(as_text=True)
    assert "No call-off recorded yet." in page and "Kvarnbo Metals AB" in page  # each call-off is recorded
