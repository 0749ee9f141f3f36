"""Demo organisations and accounts that `make run` loads so a newcomer can sign in at once.

Loading is idempotent: whatever already exists is left as it is.
"""
from __future__ import annotations

from dataclasses import dataclass

from app import audit
from app.auth.passwords import hash_password
from app.auth.service import find_user
from app.extensions import db
from app.models import Organisation, User
from app.models.organisation import AUTHORITY, OPERATOR
from app.orgs import find_organisation

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
    DemoOrganisation("Nordic Magnet Works AB", OPERATOR, "SE", "Nordic Magnet Holding AB", "SE"),
)

DEMO_USERS = (
    DemoUser("admin@resbid.example", "admin", None),
    DemoUser("officer@resbid.example", "officer", AUTHORITY_NAME),
    DemoUser("evaluator1@resbid.example", "officer", AUTHORITY_NAME),
    DemoUser("evaluator2@resbid.example", "officer", AUTHORITY_NAME),
    DemoUser("auditor@resbid.example", "auditor", AUTHORITY_NAME),
    DemoUser("bidder@resbid.example", "bidder", "Nordic Magnet Works AB"),
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
