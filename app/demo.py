"""Demo organisations, accounts and sample tenders that `make run` loads so a newcomer sees every screen with data.

Loading is idempotent: whatever already exists is left as it is.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from app import audit
from app.auth.passwords import hash_password
from app.clock import utcnow
from app.directory import find_organisation, find_user
from app.evaluation.finalising import finalise
from app.evaluation.opening import confirm_opening
from app.extensions import db
from app.models import Organisation, Tender, User
from app.models.organisation import AUTHORITY, OPERATOR
from app.records.importing import import_folder
from tender_files.bids import read_bids
from tender_files.folder import TenderFolder, load_folder

# Shown by `make run`; demo data only, never a production account.
DEMO_PASSWORD = "resbid-demo-2026"

AUTHORITY_NAME = "Central Purchasing Body for Energy and Defence (demo)"


@dataclass(frozen=True)
class DemoOrganisation:
    name: str
    kind: str
    country: str
    controlling_entity: str | None = None
    controlling_country: str | None = None


@dataclass(frozen=True)
class DemoUser:
    email: str
    role: str
    organisation: str | None


DEMO_ORGANISATIONS = (
    DemoOrganisation(AUTHORITY_NAME, AUTHORITY, "BE"),
    # A bidder of the sample tender that is open for bids (sample_tenders/_sources/bess-utility).
    DemoOrganisation("Hardanger Battery Systems AS", OPERATOR, "NO", "Hardanger Industri AS", "NO"),
)

DEMO_USERS = (
    DemoUser("admin@resbid.example", "admin", None),
    DemoUser("officer@resbid.example", "officer", AUTHORITY_NAME),
    DemoUser("evaluator1@resbid.example", "officer", AUTHORITY_NAME),
    DemoUser("evaluator2@resbid.example", "officer", AUTHORITY_NAME),
    DemoUser("auditor@resbid.example", "auditor", AUTHORITY_NAME),
    DemoUser("bidder@resbid.example", "bidder", "Hardanger Battery Systems AS"),
)


def load_demo_accounts() -> list[str]:
    """Create the missing demo organisations and users; return the emails created now."""
    for spec in DEMO_ORGANISATIONS:
        if find_organisation(spec.name) is None:
            organisation = Organisation(**spec.__dict__)
            db.session.add(organisation)
            db.session.flush()
            audit.record("organisation.create", organisation, details={"kind": spec.kind, "demo": True})
    created = []
    for spec in DEMO_USERS:
        if find_user(spec.email) is not None:
            continue
        organisation = find_organisation(spec.organisation) if spec.organisation else None
        user = User(email=spec.email, role=spec.role, organisation=organisation,
                    password_hash=hash_password(DEMO_PASSWORD))
        db.session.add(user)
        db.session.flush()
        audit.record("user.create", user, details={"role": spec.role, "demo": True})
        created.append(spec.email)
    return created


SAMPLES_DIR = Path(__file__).resolve().parent.parent / "sample_tenders"

# The state each sample is shown in: days from now to its submission deadline, and whether it is finalised.
OPEN_FOR_BIDS = (21, False)
AWAITING_OPENING = (-2, False)
FINALISED_LONG_AGO = (-45, True)
SAMPLE_STATES = {
    "bess-utility": OPEN_FOR_BIDS,  # the demo bidder's sealed bid can be replaced or withdrawn
    "defence-gallium-germanium": AWAITING_OPENING,
    "ndfeb-magnets": FINALISED_LONG_AGO,  # the close race: results and sensitivity to look at
}


def load_sample_tenders() -> list[str]:
    """Import the sample tenders not loaded yet, re-dated so one is open, one awaits opening, one is final."""
    loaded = []
    for folder_path in sorted(SAMPLES_DIR.glob("*/tender.yaml")):
        folder = load_folder(folder_path.parent)
        if db.session.scalar(select(Tender.id).where(Tender.reference == folder.meta.reference)):
            continue
        days_to_deadline, is_finalised = SAMPLE_STATES.get(folder_path.parent.name, OPEN_FOR_BIDS)
        folder = _redated(folder, days_to_deadline)
        tender = import_folder(folder, read_bids(folder))
        db.session.commit()
        if is_finalised:
            _finalise(tender)
        loaded.append(tender.reference)
    return loaded


def _redated(folder: TenderFolder, days_to_deadline: int) -> TenderFolder:
    """Shift every date of the sample by the same amount, so receipts stay before the deadline."""
    shift = utcnow() + timedelta(days=days_to_deadline) - folder.meta.submission_deadline_at
    meta = replace(folder.meta, submission_deadline_at=folder.meta.submission_deadline_at + shift,
                   opening_at=folder.meta.opening_at + shift)
    bids = tuple(replace(bid, submitted_at=bid.submitted_at + shift if bid.submitted_at else None)
                 for bid in folder.bids)
    return replace(folder, meta=meta, bids=bids)


def _finalise(tender: Tender) -> None:
    """Open and finalise a sample whose folder holds the committee's complete work, through the real verbs,
    each in its own transaction as a request would run it (app/transactions.py: lock order)."""
    chair, second = (find_user(spec.email) for spec in DEMO_USERS[1:3])
    for verb, user in ((confirm_opening, chair), (confirm_opening, second), (finalise, chair)):
        verb(tender, user)
        db.session.commit()
