"""The magnet sample in two lots (tests/web/lot_folder.py) imported and opened, for the committee's pages per lot.

The committee of scores.yaml is seated and declared on import: the chair (who sees prices) and two technical
evaluators of the two-envelope tender, each with an account the tests sign in with. `with_scores=False` imports it
without the committee's scores, so scoring starts from nothing.
"""
from __future__ import annotations

from pathlib import Path

import yaml
from sqlalchemy import select

from app.extensions import db
from app.models import Bid
from tests.web.conftest import login
from tests.web.lot_folder import lots_folder
from tests.web.lot_tender import CHAIR, TECHNICAL, import_opened

SECOND = "evaluator2@resbid.example"
NORDIC, LAHNTAL, DANUBIA = "Nordic Magnet Works AB", "Lahntal Magnettechnik GmbH", "Danubia Permanent Magnets Kft."


def import_lots(app, runner, target: Path, make_organisation, make_user, with_scores: bool = True) -> int:
    """Import the two-lot folder after its opening time, open it and return the tender's id."""
    folder = lots_folder(target, app.config["RESBID_UPLOAD_MEMORY_MB"])
    if not with_scores:
        scores = yaml.safe_load((folder / "scores.yaml").read_text("utf-8"))
        (folder / "scores.yaml").write_text(yaml.safe_dump({"committee": scores["committee"]}), "utf-8")
    return import_opened(app, runner, folder, make_organisation, make_user, members=(CHAIR, TECHNICAL, SECOND))


def signed_in(app, email: str):
    client = app.test_client()
    login(client, email)
    return client


def bid_ids(app, tender_id: int) -> dict[str, int]:
    """The live bids' ids by label."""
    with app.app_context():
        return dict(db.session.execute(select(Bid.label, Bid.id).where(Bid.tender_id == tender_id)).all())


def words(response) -> str:
    return " ".join(response.get_data(as_text=True).split())
