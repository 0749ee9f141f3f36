"""The guided path: a tender's stage, and what the current user can do next, computed in one place.

The tender page, the evaluation tabs and the dashboard all show the same stepper and the same next steps,
so an officer reaches every step of the evaluation by links: set-up, publication, the committee and its
declarations (Directive 2014/24/EU Art. 24), the four-eyes opening (Annex IV (b), (e)), blind scoring,
consensus, decisions, results, report and finalisation. Steps name endpoints; templates make the links.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import select

from app.clock import utcnow
from app.extensions import db
from app.models import Bid, CommitteeMember, Tender, User
from app.models.bid import SUBMITTED
from app.models.tender import CLOSED, DRAFT, EVALUATING, FINALISED, OPENED, PUBLISHED, STATUSES
from app.models.user import ADMIN, AUDITOR, BIDDER, OFFICER
from app.presentation import time_text
from app.records.access import opening_text, sees_prices
from app.records.journey_facts import JourneyFacts

STAGE_NAMES = {DRAFT: _l("Draft"), PUBLISHED: _l("Published"), CLOSED: _l("Closed"), OPENED: _l("Opened"),
               EVALUATING: _l("Evaluating"), FINALISED: _l("Finalised")}
OPEN = (OPENED, EVALUATING)
# A role as the page header names it; the English names are the role codes, as pages always showed them.
ROLE_NAMES = {ADMIN: _l("admin"), OFFICER: _l("officer"), BIDDER: _l("bidder"), AUDITOR: _l("auditor")}


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
        steps += [Step(_("Edit the criteria"), "tenders.criteria", args),
                  Step(_("Publish"), "tenders.publish", args, is_main=True)]
        awaits = _("set-up: criteria, then publication")
    has_chair = tender.id in facts.chaired
    if status != FINALISED:
        if not has_chair:
            steps.append(Step(_("Seat the committee"), "evaluation.committee_page", args,
                              note=_("no chair yet: the first officer to take the chair seats the others")))
            awaits = awaits or _("a committee chair")
        elif seat is not None and seat.is_chair and seat.has_declared:
            steps.append(Step(_("Seat the committee"), "evaluation.committee_page", args))
        if seat is not None and not seat.has_declared:
            steps.append(Step(_("Declare (conflict of interest)"), "evaluation.committee_page", args, is_main=True,
                              note=_("no access to the bids before you sign")))
            awaits = _("your conflict-of-interest declaration")
    if status == PUBLISHED:
        awaits = awaits or _("bids until %(time)s", time=_zone_time(tender, tender.submission_deadline_at))
        steps.append(Step(_("Opening"), "evaluation.opening_page", args, note=opening_text(tender)))
    if status == CLOSED:
        awaits = awaits or _opening_awaits(tender, facts, seat, steps)
    is_member = seat is not None and seat.has_declared
    if status in OPEN:
        awaits = (_evaluation_steps(tender, facts, seat, steps) if is_member
                  else (awaits or _("the committee's evaluation")))
    if status == FINALISED:
        awaits = _("nothing more; the evaluation is finalised")
        if is_member and sees_prices(tender, seat):
            steps += [Step(_("Results"), "evaluation.results", args),
                      Step(_("Report"), "reports.status", args, is_main=True)]
            awaits = _("nothing more; the evaluation is finalised and its report is ready")
    return Journey(tender, tuple((s, STAGE_NAMES[s]) for s in STATUSES), status, tuple(steps), awaits)


def _opening_awaits(tender: Tender, facts: JourneyFacts, seat: CommitteeMember | None, steps: list[Step]) -> str:
    args = {"tender_id": tender.id}
    if utcnow() < tender.opening_at:
        steps.append(Step(_("Opening"), "evaluation.opening_page", args, note=opening_text(tender)))
        return _("opening at %(time)s", time=_zone_time(tender, tender.opening_at))
    confirmed = tender.id in facts.confirmed
    due = _("opening due since %(time)s", time=_zone_time(tender, tender.opening_at))
    if seat is not None and seat.has_declared and not confirmed:
        steps.append(Step(_("Open the bids"), "evaluation.confirm_opening_page", args, is_main=True,
                          note=_("two committee members confirm")))
        return due
    steps.append(Step(_("Opening"), "evaluation.opening_page", args,
                      note=_("waiting for a second committee member to confirm") if confirmed else ""))
    return _("%(due)s: waiting for a second member", due=due) if confirmed else due


def _evaluation_steps(tender: Tender, facts: JourneyFacts, seat: CommitteeMember, steps: list[Step]) -> str:
    args = {"tender_id": tender.id}
    awaits = ""
    if tender.consensus_started_at is None:
        progress = facts.progress(tender.id, consensus=False)
        steps.append(Step(_("Score"), "evaluation.scoring_page", args, is_main=progress.to_score > 0,
                          note=(_("no criterion is judged by the committee") if not progress.total else
                                _("lot by lot: %(done)s of %(total)s criteria done", done=progress.done,
                                  total=progress.total) if tender.lot_rules is not None else
                                _("%(done)s of %(total)s criteria done", done=progress.done, total=progress.total))))
        if progress.to_score:
            awaits = ngettext("%(num)s judgement to score", "%(num)s judgements to score", progress.to_score)
        if seat.is_chair:
            steps.append(Step(_("Start consensus"), "evaluation.start_consensus_page", args,
                              is_main=not progress.to_score, note=_("locks every individual score")))
            awaits = awaits or _("consensus to start")
    else:
        progress = facts.progress(tender.id, consensus=True)
        steps.append(Step(_("Consensus"), "evaluation.scoring_page", args,
                          is_main=seat.is_chair and progress.to_score > 0,
                          note=(_("lot by lot: %(done)s of %(total)s criteria settled", done=progress.done,
                                  total=progress.total) if tender.lot_rules is not None else
                                _("%(done)s of %(total)s criteria settled", done=progress.done,
                                  total=progress.total))))
        if seat.is_chair and progress.to_score:
            awaits = ngettext("%(num)s consensus score to record", "%(num)s consensus scores to record",
                              progress.to_score)
    if sees_prices(tender, seat) and tender.lot_rules is not None:  # scored and decided lot by lot, then awarded
        steps += [Step(_("Decisions"), "evaluation.decisions_page", args,
                       note=_("lot by lot: missing answers, exclusions, abnormally low prices")),
                  Step(_("Award"), "evaluation.award", args, is_main=not awaits,
                       note=_("each lot's winner under the published lot rules"))]
    elif sees_prices(tender, seat):
        steps += [Step(_("Decisions"), "evaluation.decisions_page", args),
                  Step(_("Results"), "evaluation.results", args),
                  Step(_("Report"), "reports.status", args)]
        if seat.is_chair:
            steps.append(Step(_("Finalise"), "evaluation.finalise_page", args,
                              is_main=tender.consensus_started_at is not None and not awaits))
            awaits = awaits or _("finalisation")
    else:
        steps.append(Step(_("Technical matrix (Excel)"), "evaluation.export_matrix", args))
    return awaits or _("the chair")


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
    version = bid.version_no
    if bid.status != SUBMITTED:
        return _("version %(version)s withdrawn: no bid will be evaluated", version=version)
    if tender.status == PUBLISHED:
        return _("version %(version)s received %(received)s; it can be replaced or withdrawn until %(deadline)s",
                 version=version, received=received, deadline=_zone_time(tender, tender.submission_deadline_at))
    if tender.status == FINALISED:
        return _("version %(version)s evaluated: the debrief letter is ready", version=version)
    if tender.status == CLOSED:
        return _("version %(version)s received %(received)s; sealed until the opening", version=version,
                 received=received)
    return _("version %(version)s received %(received)s; under evaluation", version=version, received=received)
