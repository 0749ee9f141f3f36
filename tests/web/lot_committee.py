"""The magnet sample in two lots (tests/web/lot_folder.py) imported and opened, for the committee's pages per lot.

The committee of scores.yaml is seated and declared on import: the chair (who sees prices) and two technical
evaluators of the two-envelope tender, each with an account the tests sign in with. `with_scores=False` imports it
without the committee's scores, so scoring starts from nothing.
"""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import yaml
from sqlalchemy import select

from app.clock import clock
from app.extensions import db
from app.models import Bid, Tender
from app.models.tender import OPENED
from tests.web.conftest import login
from tests.web.lot_folder import lots_folder

AFTER_OPENING = datetime(2027, 2, 16, 9, 0, tzinfo=timezone.utc)  # the sample opens on 15 February 2027
AUTHORITY = "Central Purchasing Body for Energy and Defence (demo)"
CHAIR, TECHNICAL, SECOND = "officer@resbid.example", "evaluator1@resbid.example", "evaluator2@resbid.example"
NORDIC, LAHNTAL, DANUBIA = "Nordic Magnet Works AB", "Lahntal Magnettechnik GmbH", "Danubia Permanent Magnets Kft."


def import_lots(app, runner, target: Path, make_organisation, make_user, with_scores: bool = True) -> int:
    """Import the two-lot folder after its opening time, open it and return the tender's id."""
    folder = lots_folder(target, app.config["RESBID_UPLOAD_MEMORY_MB"])
    if not with_scores:
        scores = yaml.safe_load((folder / "scores.yaml").read_text("utf-8"))
        (folder / "scores.yaml").write_text(yaml.safe_dump({"committee": scores["committee"]}), "utf-8")
    authority = make_organisation(AUTHORITY)
    for email in (CHAIR, TECHNICAL, SECOND):
        make_user("officer", email=email, organisation_id=authority)
    clock.freeze(AFTER_OPENING)
    result = runner.invoke(args=["tender", "import", str(folder)])
    assert result.exit_code == 0, result.output
    with app.app_context():
        tender = db.session.scalars(select(Tender)).one()
        tender.status, tender.opened_at = OPENED, AFTER_OPENING
        db.session.commit()
        return tender.id


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
