"""Demo organisations, accounts and sample tenders that `make run` loads so a newcomer sees every screen with data.

Loading is idempotent: whatever already exists is left as it is.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select

from app import audit
from app.auth.passwords import hash_password
from app.clock import utcnow
from app.contracts.service import record_response, report_workbook, submit_report
from app.demo_documents import add_demo_documents
from app.directory import find_organisation, find_user
from app.evaluation.finalising import finalise
from app.evaluation.opening import confirm_opening
from app.extensions import db
from app.models import Organisation, Tender, User
from app.models.organisation import AUTHORITY, OPERATOR
from app.portal.service import Upload
from app.records.contracts import contracts_of_tender
from app.records.evaluation import supply_of
from app.records.importing import import_folder
from app.workbook_words import wording
from scoring.resilience import SupplyLine
from tender_files.bids import read_bids
from tender_files.folder import TenderFolder, load_folder
from tender_files.scores import ScoresFile
from workbooks import BidFilling, CompanyDetails

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
    # The winner of the finalised magnet tender, the contractor of its framework agreement (load_sample_contract).
    DemoOrganisation("Nordic Magnet Works AB", OPERATOR, "SE", "Nordic Magnet Holding AB", "SE"),
)

DEMO_USERS = (
    DemoUser("admin@resbid.example", "admin", None),
    DemoUser("officer@resbid.example", "officer", AUTHORITY_NAME),
    DemoUser("evaluator1@resbid.example", "officer", AUTHORITY_NAME),
    DemoUser("evaluator2@resbid.example", "officer", AUTHORITY_NAME),
    DemoUser("auditor@resbid.example", "auditor", AUTHORITY_NAME),
    DemoUser("bidder@resbid.example", "bidder", "Hardanger Battery Systems AS"),
    DemoUser("contractor@resbid.example", "bidder", "Nordic Magnet Works AB"),
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


@dataclass(frozen=True)
class SampleState:
    """The state a sample is shown in: days from today to its submission deadline (at the sample's own time of
    day in its zone, so on a whole hour), whether the committee's recorded work is loaded, and whether its bids are
    opened and whether it is final."""

    days_to_deadline: int
    with_committee_work: bool
    is_opened: bool = False
    is_finalised: bool = False


OPEN_FOR_BIDS = SampleState(21, with_committee_work=False)
AWAITING_OPENING = SampleState(-2, with_committee_work=False)
OPENED = SampleState(-10, with_committee_work=True, is_opened=True)
FINALISED_LONG_AGO = SampleState(-45, with_committee_work=True, is_opened=True, is_finalised=True)
# The magnet tender's framework agreement has run two contract years (load_sample_contract): its deadline lies that
# far back, and the contract starts AWARD_DAYS after it.
CONTRACT_RUNNING = SampleState(-(2 * 365 + 75), with_committee_work=True, is_opened=True, is_finalised=True)
AWARD_DAYS = 30
SAMPLE_STATES = {
    "bess-utility": OPEN_FOR_BIDS,  # the demo bidder's sealed bid can be replaced or withdrawn
    "defence-gallium-germanium": AWAITING_OPENING,  # seat the committee, open, score blind, reach consensus
    "ndfeb-magnets": CONTRACT_RUNNING,  # the close race: results and sensitivity; its contract's two yearly reports
    "rare-earth-lots": OPENED,  # three lots: the award page, where the limit on lots per tenderer decides
}

# Publication this long before the deadline: the open procedure's minimum time limit for receipt of tenders,
# Directive 2014/24/EU Art. 27(1).
PUBLICATION_DAYS_BEFORE_DEADLINE = 35
# The latest demo receipt lies at least this long before loading, so no bid seems to arrive from the future.
LATEST_RECEIPT_BEFORE_NOW = timedelta(hours=1)


def load_sample_tenders() -> list[str]:
    """Import the sample tenders not loaded yet, re-dated so one is open, one awaits opening, one is final."""
    loaded = []
    for folder_path in sorted(SAMPLES_DIR.glob("*/tender.yaml")):
        folder = load_folder(folder_path.parent)
        if db.session.scalar(select(Tender.id).where(Tender.reference == folder.meta.reference)):
            continue
        tender = import_sample(folder, SAMPLE_STATES.get(folder_path.parent.name, OPEN_FOR_BIDS))
        if folder_path.parent.name == "ndfeb-magnets":
            load_sample_contract(tender, SAMPLES_DIR)
        loaded.append(tender.reference)
    return loaded


def import_sample(folder: TenderFolder, state: SampleState) -> Tender:
    """Import a tender folder re-dated and brought to `state` (committed); the benchmarks load theirs this way."""
    folder, published_at = _redated(folder, state.days_to_deadline, utcnow())
    if not state.with_committee_work:
        folder = replace(folder, scores=ScoresFile())
    tender = import_folder(folder, read_bids(folder, words=wording(folder.meta.language)))
    tender.published_at = published_at
    add_demo_documents(tender)  # before the opening, which lists each bid's documents
    db.session.commit()
    if state.is_opened:
        _open(tender, finalised=state.is_finalised)
    return tender


def _redated(folder: TenderFolder, days_to_deadline: int, now: datetime) -> tuple[TenderFolder, datetime]:
    """The sample moved to `days_to_deadline` days from today, each date at its own wall-clock time in the
    tender's zone, and the time of publication. Receipts move with the deadline, so they stay before it, and
    further back if they would otherwise lie after `now`."""
    zone = ZoneInfo(folder.meta.time_zone)
    old_deadline = folder.meta.submission_deadline_at.astimezone(zone)
    deadline_day = now.astimezone(zone).date() + timedelta(days=days_to_deadline)

    def moved(at: datetime) -> datetime:
        local = at.astimezone(zone)
        day = deadline_day + (local.date() - old_deadline.date())
        return datetime.combine(day, local.time().replace(tzinfo=None), tzinfo=zone).astimezone(timezone.utc)

    deadline = moved(folder.meta.submission_deadline_at)
    receipts = [bid.submitted_at for bid in folder.bids if bid.submitted_at]
    shift = deadline - folder.meta.submission_deadline_at
    if receipts:
        shift = min(shift, now - LATEST_RECEIPT_BEFORE_NOW - max(receipts))
    meta = replace(folder.meta, submission_deadline_at=deadline, opening_at=moved(folder.meta.opening_at))
    bids = tuple(replace(bid, submitted_at=bid.submitted_at + shift if bid.submitted_at else None)
                 for bid in folder.bids)
    published_at = moved(folder.meta.submission_deadline_at - timedelta(days=PUBLICATION_DAYS_BEFORE_DEADLINE))
    return replace(folder, meta=meta, bids=bids), published_at


def _open(tender: Tender, finalised: bool) -> None:
    """Open (and finalise) a sample whose folder holds the committee's complete work, through the real verbs,
    each in its own transaction as a request would run it (app/transactions.py: lock order)."""
    chair, second = (find_user(spec.email) for spec in DEMO_USERS[1:3])
    steps = [(confirm_opening, chair), (confirm_opening, second)] + ([(finalise, chair)] if finalised else [])
    for verb, user in steps:
        verb(tender, user)
        db.session.commit()


# The sample contract: the finalised magnet tender's framework agreement with two yearly performance reports, one
# on target and one with a shortfall in recycled feedstock and a remedy requested
# (sample_tenders/_contracts/ndfeb-magnets.yaml), through the contractor's and the officer's verbs. The
# contract starts a month after the tender's deadline, so both years have ended and the second's report is within
# its 90 days (demo data).
SOURCES = "_contracts/ndfeb-magnets.yaml"
CONTRACTOR_EMAIL = "contractor@resbid.example"


def load_sample_contract(tender: Tender, samples_dir) -> None:
    """The sample reports and responses for the tender's contract (committed)."""
    import yaml  # compiles its regular expressions at import (tests/web/test_startup.py): only when loading samples

    from workbooks import fill_workbook  # loads openpyxl (0.15 s): only when the samples are loaded
    contracts = contracts_of_tender(tender.id)
    if not contracts:
        return
    contract = contracts[0]
    contract.starts_on = tender.submission_deadline_at.date() + timedelta(days=AWARD_DAYS)
    db.session.commit()
    contractor, officer = find_user(CONTRACTOR_EMAIL), find_user("officer@resbid.example")
    organisation = contract.organisation
    company = CompanyDetails(name=organisation.name, country=organisation.country,
                             controlling_entity=organisation.controlling_entity or organisation.name,
                             controlling_country=organisation.controlling_country or organisation.country)
    bid_lines = [replace(line, place="") for line in supply_of([contract.bid_id])[contract.bid_id]]
    for period in yaml.safe_load((samples_dir / SOURCES).read_text("utf-8"))["periods"]:
        lines = _with(bid_lines, [SupplyLine(**line) for line in period["lines"]])
        _, template = report_workbook(contract, period["period"])
        db.session.commit()
        workbook = fill_workbook(template, BidFilling(company=company, supply=lines))
        report = submit_report(contract.id, contractor, period["period"], Upload("performance-report.xlsx", workbook))
        db.session.commit()
        for response in period.get("responses", ()):
            record_response(contract.id, report.id, response["criterion"], response["kind"], response["reason"],
                            utcnow().date() + timedelta(days=contract.conditions["consequences"]["remedy_plan_days"]),
                            officer)
            db.session.commit()


def _with(lines: list[SupplyLine], changed: list[SupplyLine]) -> list[SupplyLine]:
    """The bid's lines with each changed line in place of the one of the same material, stage and country."""
    by_key = {(line.material, line.stage, line.country): line for line in changed}
    return [by_key.get((line.material, line.stage, line.country), line) for line in lines]
