"""The guided path: a tender's stage, and what the current user can do next, computed in one place.

The tender page, the evaluation tabs and the dashboard all show the same stepper and the same next steps,
so an officer reaches every step of the evaluation by links: set-up, publication, the committee and its
declarations (Directive 2014/24/EU Art. 24), the four-eyes opening (Annex IV (b), (e)), blind scoring,
consensus, decisions, results, report and finalisation. Steps name endpoints; templates make the links.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from app.clock import utcnow
from app.extensions import db
from app.models import Bid, CommitteeMember, Tender, User
from app.models.bid import SUBMITTED
from app.models.tender import CLOSED, DRAFT, EVALUATING, FINALISED, OPENED, PUBLISHED, STATUSES
from app.presentation import counted_text, time_text
from app.records.access import opening_text, sees_prices
from app.records.journey_facts import JourneyFacts

STAGE_NAMES = {DRAFT: "Draft", PUBLISHED: "Published", CLOSED: "Closed", OPENED: "Opened",
               EVALUATING: "Evaluating", FINALISED: "Finalised"}
OPEN = (OPENED, EVALUATING)


@dataclass(frozen=True)
class Step:
    """One thing the user can do next: a link (endpoint and its arguments) with an optional note."""

    label: str
    endpoint: str
    args: dict = field(default_factory=dict)
    note: str = ""
    is_main: bool = False  # the step the tender waits for from this user


@dataclass(frozen=True)
class Journey:
    tender: Tender
    stages: tuple[tuple[str, str], ...]  # (status, name) in lifecycle order
    current: str
    steps: tuple[Step, ...]
    awaits: str  # one line: what the tender waits for from this user ("opening due since 14:00 CET")

    def is_done(self, status: str) -> bool:
        return STATUSES.index(status) < STATUSES.index(self.current)


def _zone_time(tender: Tender, at: datetime | None) -> str:
    return time_text(at, tender.time_zone)


def journey(tender: Tender, user: User, facts: JourneyFacts | None = None) -> Journey:
    """The tender's stage and the officer's next steps on it (the officer's authority is checked by the caller).

    `facts`: what the path reads of the user's tenders, loaded for many at once (officer_rows); else for this one."""
    facts = facts or JourneyFacts.load([tender], user)
    steps: list[Step] = []
    awaits = ""
    seat = facts.seats.get(tender.id)
    status = tender.status
    args = {"tender_id": tender.id}
    if status == DRAFT:
        steps += [Step("Edit the criteria", "tenders.criteria", args),
                  Step("Publish", "tenders.publish", args, is_main=True)]
        awaits = "set-up: criteria, then publication"
    has_chair = tender.id in facts.chaired
    if status != FINALISED:
        if not has_chair:
            steps.append(Step("Seat the committee", "evaluation.committee_page", args,
                              note="no chair yet: the first officer to take the chair seats the others"))
            awaits = awaits or "a committee chair"
        elif seat is not None and seat.is_chair and seat.has_declared:
            steps.append(Step("Seat the committee", "evaluation.committee_page", args))
        if seat is not None and not seat.has_declared:
            steps.append(Step("Declare (conflict of interest)", "evaluation.committee_page", args, is_main=True,
                              note="no access to the bids before you sign"))
            awaits = "your conflict-of-interest declaration"
    if status == PUBLISHED:
        awaits = awaits or f"bids until {_zone_time(tender, tender.submission_deadline_at)}"
        steps.append(Step("Opening", "evaluation.opening_page", args, note=opening_text(tender)))
    if status == CLOSED:
        awaits = awaits or _opening_awaits(tender, facts, seat, steps)
    is_member = seat is not None and seat.has_declared
    if status in OPEN:
        awaits = (_evaluation_steps(tender, facts, seat, steps) if is_member
                  else (awaits or "the committee's evaluation"))
    if status == FINALISED:
        awaits = "nothing more; the evaluation is finalised"
        if is_member and sees_prices(tender, seat):
            steps += [Step("Results", "evaluation.results", args), Step("Report", "reports.status", args, is_main=True)]
            awaits = "nothing more; the evaluation is finalised and its report is ready"
    return Journey(tender, tuple((s, STAGE_NAMES[s]) for s in STATUSES), status, tuple(steps), awaits)


def _opening_awaits(tender: Tender, facts: JourneyFacts, seat: CommitteeMember | None, steps: list[Step]) -> str:
    args = {"tender_id": tender.id}
    if utcnow() < tender.opening_at:
        steps.append(Step("Opening", "evaluation.opening_page", args, note=opening_text(tender)))
        return f"opening at {_zone_time(tender, tender.opening_at)}"
    confirmed = tender.id in facts.confirmed
    due = f"opening due since {_zone_time(tender, tender.opening_at)}"
    if seat is not None and seat.has_declared and not confirmed:
        steps.append(Step("Open the bids", "evaluation.confirm_opening_page", args, is_main=True,
                          note="two committee members confirm"))
        return due
    steps.append(Step("Opening", "evaluation.opening_page", args,
                      note="waiting for a second committee member to confirm" if confirmed else ""))
    return due + (": waiting for a second member" if confirmed else "")


def _evaluation_steps(tender: Tender, facts: JourneyFacts, seat: CommitteeMember, steps: list[Step]) -> str:
    args = {"tender_id": tender.id}
    awaits = ""
    if tender.consensus_started_at is None:
        progress = facts.progress(tender.id, consensus=False)
        steps.append(Step("Score", "evaluation.scoring_page", args, is_main=progress.to_score > 0,
                          note=f"{progress.done} of {progress.total} criteria done"))
        if progress.to_score:
            awaits = f"{counted_text(progress.to_score, 'judgement')} to score"
        if seat.is_chair:
            steps.append(Step("Start consensus", "evaluation.start_consensus_page", args,
                              is_main=not progress.to_score, note="locks every individual score"))
            awaits = awaits or "consensus to start"
    else:
        progress = facts.progress(tender.id, consensus=True)
        steps.append(Step("Consensus", "evaluation.scoring_page", args, is_main=seat.is_chair and progress.to_score > 0,
                          note=f"{progress.done} of {progress.total} criteria settled"))
        if seat.is_chair and progress.to_score:
            awaits = f"{counted_text(progress.to_score, 'consensus score')} to record"
    if sees_prices(tender, seat):
        steps += [Step("Decisions", "evaluation.decisions_page", args), Step("Results", "evaluation.results", args),
                  Step("Report", "reports.status", args)]
        if seat.is_chair:
            steps.append(Step("Finalise", "evaluation.finalise_page", args,
                              is_main=tender.consensus_started_at is not None and not awaits))
            awaits = awaits or "finalisation"
    else:
        steps.append(Step("Technical matrix (Excel)", "evaluation.export_matrix", args))
    return awaits or "the chair"


def officer_rows(tenders: list[Tender], user: User) -> list[Journey]:
    """The dashboard's rows for an officer: every tender of the authority with the action it awaits."""
    facts = JourneyFacts.load(tenders, user)
    return [journey(tender, user, facts) for tender in tenders]


@dataclass(frozen=True)
class BidderRow:
    tender: Tender
    bid: Bid | None  # the organisation's newest version
    state: str


def bidder_rows(user: User) -> list[BidderRow]:
    """The tenders the bidder's organisation submitted to, newest version first, with the bid's state."""
    if user.organisation_id is None:
        return []
    query = (select(Bid, Tender).join(Tender, Bid.tender_id == Tender.id)
             .where(Bid.organisation_id == user.organisation_id).order_by(Tender.submission_deadline_at.desc(),
                                                                          Bid.version_no.desc()))
    rows, seen = [], set()
    for bid, tender in db.session.execute(query):
        if tender.id in seen:
            continue
        seen.add(tender.id)
        rows.append(BidderRow(tender, bid, _bid_state(tender, bid)))
    return rows


def _bid_state(tender: Tender, bid: Bid) -> str:
    received = _zone_time(tender, bid.submitted_at)
    if bid.status != SUBMITTED:
        return f"version {bid.version_no} withdrawn: no bid will be evaluated"
    if tender.status == PUBLISHED:
        return (f"version {bid.version_no} received {received}; it can be replaced or withdrawn until "
                f"{_zone_time(tender, tender.submission_deadline_at)}")
    if tender.status == FINALISED:
        return f"version {bid.version_no} evaluated: the debrief letter is ready"
    return f"version {bid.version_no} received {received}; sealed until the opening" if tender.status == CLOSED \
        else f"version {bid.version_no} received {received}; under evaluation"
