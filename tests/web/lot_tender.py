"""The tender of tests/web/lot_folder.py imported and opened, as the lots pages' tests start from it."""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import select

from app.clock import clock
from app.extensions import db
from app.models import Tender
from app.models.tender import OPENED

AFTER_OPENING = datetime(2027, 2, 16, 9, 0, tzinfo=timezone.utc)  # the sample opens on 15 February 2027
AUTHORITY = "Central Purchasing Body for Energy and Defence (demo)"
CHAIR, TECHNICAL = "officer@resbid.example", "evaluator1@resbid.example"  # the committee of scores.yaml


def import_opened(app, runner, folder: Path, make_organisation, make_user,
                  members: tuple[str, ...] = (CHAIR, TECHNICAL), opened_at: datetime = AFTER_OPENING) -> int:
    """The folder imported at `opened_at` (after its opening time) by the sample's authority, whose officers
    (`members`, the committee of its scores.yaml) exist, and opened."""
    authority = make_organisation(AUTHORITY)
    for email in members:
        make_user("officer", email=email, organisation_id=authority)
    clock.freeze(opened_at)
    result = runner.invoke(args=["tender", "import", str(folder)])
    assert result.exit_code == 0, result.output
    with app.app_context():
        tender = db.session.scalars(select(Tender)).one()
        tender.status, tender.opened_at = OPENED, opened_at
        db.session.commit()
        return tender.id
