"""The audit log as people read it: the viewer's events filtered, a page at a time, each object named.

Objects are named as people name them (the tender's reference, the bidder's company, the criterion's code,
the user's e-mail address), never by table and id. Naming costs a fixed number of queries per page,
one per kind of object, however many events the page holds (tests/web/test_audit_log_page.py counts them).
Until a tender's bids are opened its bids stay nameless ("a sealed bid"): the log must not tell who bid
before opening (Directive 2014/24/EU Art. 22(3)).
Times are shown in the tender's time zone; events of no tender in the authority's home zone.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, load_only, selectinload

from app.audit.actions import action_words
from app.audit.checks import OBJECT, check_words
from app.audit.scope import visible_events
from app.extensions import db
from app.languages import N_
from app.models import AuditEvent, Bid, CommitteeMember, Corrigendum, Criterion, Organisation, Score, Tender, User
from app.models.bid import Resolution
from app.models.contract import Contract, PerformanceReport, ShortfallResponse
from app.models.report import RenderedDocument
from app.models.tender import DEFAULT_TIME_ZONE
from app.models.verification import VerificationRequest
from app.presentation import time_text, utc_text
from app.records.contracts import records_call_offs
from app.records.performance_terms import period_name

PER_PAGE = 50
SYSTEM = "system"  # the actor of what the application did by itself (a tender closed by the clock, an import)
SEALED_BID = N_("a sealed bid")
# The pages a refused request asked for, by the area of the application that serves them.
PAGE_AREAS = {
    "main": N_("the dashboard"), "auth": N_("a sign-in page"), "tenders": N_("a tender set-up page"),
    "evaluation": N_("an evaluation page"), "portal": N_("a bidder portal page"), "reports": N_("a report page"),
    "audit": N_("the audit log"), "auditor": N_("an auditor page"), "debriefs": N_("a debrief letter page"),
}
DOCUMENT_WORDS = {"report": N_("evaluation report"), "debrief": N_("debrief letter")}


@dataclass(frozen=True)
class EventFilter:
    """What the auditor asked for; every part optional. Dates are whole days in `zone`, both included."""

    tender_id: int | None = None
    actor: str | None = None  # a user's id as text, or SYSTEM
    action: str | None = None
    since: date | None = None
    until: date | None = None
    zone: str = DEFAULT_TIME_ZONE


@dataclass(frozen=True)
class EventRow:
    seq: int
    time: str
    utc: str
    actor: str
    organisation: str
    action: str  # in the reader's words
    code: str  # the stored code, for machines (the CSV)
    tender: str
    tender_id: int | None
    object: str
    sha256: str

    @property
    def day_and_clock(self) -> tuple[str, str]:
        """The time as its day and its clock with the zone, for two lines each kept whole: "03 Dec 2026",
        "14:05:09 CET" (a clock and a zone's abbreviation hold no space in any language)."""
        day, _, clock = self.time.rpartition(" ")
        day, _, hour = day.rpartition(" ")
        return day, f"{hour} {clock}"


@dataclass(frozen=True)
class EventPage:
    rows: list[EventRow]
    number: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PER_PAGE))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages

    @property
    def first(self) -> int:
        return (self.number - 1) * PER_PAGE + 1 if self.rows else 0

    @property
    def last(self) -> int:
        return self.first + len(self.rows) - 1 if self.rows else 0


def home_zone(viewer: User) -> str:
    """The authority's time zone: that of its latest tender, or the application's default."""
    if viewer.organisation_id is None:
        return DEFAULT_TIME_ZONE
    zone = db.session.scalar(select(Tender.time_zone).where(Tender.authority_id == viewer.organisation_id)
                             .order_by(Tender.id.desc()).limit(1))
    return zone or DEFAULT_TIME_ZONE


def tender_choices(viewer: User) -> list[tuple[int, str, str]]:
    """(id, "reference · title", time zone) of the tenders whose events the viewer may read."""
    if viewer.organisation_id is None:
        return []
    rows = db.session.execute(select(Tender.id, Tender.reference, Tender.title, Tender.time_zone)
                              .where(Tender.authority_id == viewer.organisation_id).order_by(Tender.reference))
    return [(tender_id, f"{reference} · {title}", zone) for tender_id, reference, title, zone in rows]


def actor_choices(viewer: User) -> list[tuple[str, str]]:
    """The people whose visible events exist (never a bidder whose activity is still sealed), and the application."""
    seen = visible_events(viewer).with_only_columns(AuditEvent.actor_id).distinct().subquery()
    rows = db.session.execute(select(User.id, User.email).where(User.id.in_(select(seen.c.actor_id)))
                              .order_by(User.email))
    return [(str(user_id), email) for user_id, email in rows] + [(SYSTEM, _("the application itself"))]


def _filtered(viewer: User, wanted: EventFilter):
    query = visible_events(viewer)
    if wanted.tender_id is not None:
        query = query.where(AuditEvent.tender_id == wanted.tender_id)
    if wanted.actor == SYSTEM:
        query = query.where(AuditEvent.actor_id.is_(None))
    elif wanted.actor:
        query = query.where(AuditEvent.actor_id == int(wanted.actor))
    if wanted.action:
        query = query.where(AuditEvent.action == wanted.action)
    zone = ZoneInfo(wanted.zone)
    if wanted.since:
        query = query.where(AuditEvent.at >= datetime.combine(wanted.since, time(), zone))
    if wanted.until:
        query = query.where(AuditEvent.at < datetime.combine(wanted.until + timedelta(days=1), time(), zone))
    return query


def event_page(viewer: User, wanted: EventFilter, number: int) -> EventPage:
    """Page `number` (from 1, newest first) of the filtered events; a page past the end shows the last."""
    query = _filtered(viewer, wanted)
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    number = min(max(1, number), max(1, -(-total // PER_PAGE)))
    events = list(db.session.scalars(query.order_by(AuditEvent.seq.desc()).offset((number - 1) * PER_PAGE)
                                     .limit(PER_PAGE)))
    return EventPage(named(events, wanted.zone), number, total)


def all_rows(viewer: User, wanted: EventFilter, batch: int = 500) -> Iterator[EventRow]:
    """Every filtered event, newest first, named a batch at a time (for the CSV export)."""
    query = _filtered(viewer, wanted).order_by(AuditEvent.seq.desc())
    below = None
    while True:
        events = list(db.session.scalars((query if below is None else query.where(AuditEvent.seq < below))
                                         .limit(batch)))
        if not events:
            return
        yield from named(events, wanted.zone)
        below = events[-1].seq


def named(events: list[AuditEvent], zone: str) -> list[EventRow]:
    """The events as rows of words; one query per kind of object on the page, whatever their number."""
    ids = defaultdict(set)
    for event in events:
        if event.object_id.isdigit():
            ids[event.object_type].add(int(event.object_id))
    tender_ids = {e.tender_id for e in events if e.tender_id is not None} | ids["tender"]
    tenders = _by_id(Tender, tender_ids)
    names = _Names(ids, {e.actor_id for e in events if e.actor_id is not None})
    rows = []
    for event in events:
        tender = tenders.get(event.tender_id)
        sealed = tender is not None and tender.opened_at is None
        actor = names.users.get(event.actor_id)
        rows.append(EventRow(
            seq=event.seq,
            time=time_text(event.at, tender.time_zone if tender else zone, seconds=True),
            utc=utc_text(event.at),
            actor=event.actor if event.actor_id is not None else _("the application"),
            organisation=actor.organisation.name if actor is not None and actor.organisation else "",
            action=action_words(event.action),
            code=event.action,
            tender=tender.reference if tender else "",
            tender_id=tender.id if tender else None,
            object=names.of(event, tenders, sealed),
            sha256=event.sha256,
        ))
    return rows


def _by_id(model, ids: set[int], *options) -> dict:
    if not ids:
        return {}
    return {row.id: row for row in db.session.scalars(select(model).where(model.id.in_(ids)).options(*options))}


class _Names:
    """The objects a page's events concern, loaded one query per kind."""

    def __init__(self, ids: dict[str, set[int]], actor_ids: set[int]):
        bid_columns = (load_only(Bid.id, Bid.version_no, Bid.organisation_id), joinedload(Bid.organisation))
        self.bids = _by_id(Bid, ids["bid"], *bid_columns)
        self.criteria = _by_id(Criterion, ids["criterion"])
        self.scores = _by_id(Score, ids["score"])
        self.seats = _by_id(CommitteeMember, ids["committee_member"])
        self.corrigenda = _by_id(Corrigendum, ids["corrigendum"])
        self.documents = _by_id(RenderedDocument, ids["rendered_document"], load_only(
            RenderedDocument.id, RenderedDocument.kind, RenderedDocument.organisation_id))
        self.resolutions = _by_id(Resolution, ids["resolution"])
        self.organisations = _by_id(Organisation, ids["organisation"])
        self.requests = _by_id(VerificationRequest, ids["verification_request"], load_only(
            VerificationRequest.id, VerificationRequest.bid_id))
        self.responses = _by_id(ShortfallResponse, ids["shortfall_response"], load_only(
            ShortfallResponse.id, ShortfallResponse.report_id, ShortfallResponse.criterion_code))
        self.reports = _by_id(PerformanceReport, ids["performance_report"] | {
            r.report_id for r in self.responses.values()}, load_only(
            PerformanceReport.id, PerformanceReport.contract_id, PerformanceReport.period))
        self.contracts = _by_id(Contract, ids["contract"] | {r.contract_id for r in self.reports.values()},
                                joinedload(Contract.organisation))
        score_bids = ({s.bid_id for s in self.scores.values()} | {r.bid_id for r in self.resolutions.values()}
                      | {r.bid_id for r in self.requests.values()})
        self.bids |= _by_id(Bid, score_bids - self.bids.keys(), *bid_columns)
        self.criteria |= _by_id(Criterion, {s.criterion_id for s in self.scores.values()} - self.criteria.keys())
        user_ids = actor_ids | ids["user_account"] | {s.user_id for s in self.seats.values()}
        self.users = _by_id(User, user_ids, selectinload(User.organisation))
        addressees = {d.organisation_id for d in self.documents.values() if d.organisation_id}
        self.document_organisations = _by_id(Organisation, addressees - self.organisations.keys())

    def of(self, event: AuditEvent, tenders: dict[int, Tender], sealed: bool) -> str:
        kind, key = event.object_type, int(event.object_id) if event.object_id.isdigit() else None
        if kind == "tender":
            tender = tenders.get(key)
            return _("tender %(reference)s", reference=tender.reference) if tender else _("a tender no longer stored")
        if kind == "bid":
            return self._bid(self.bids.get(key), sealed)
        if kind == "criterion":
            criterion = self.criteria.get(key)
            if criterion is None:
                return _("a criterion since removed")
            return _("criterion %(code)s (%(name)s)", code=criterion.code, name=criterion.name)
        if kind == "score":
            score = self.scores.get(key)
            if score is None:
                return _("a score")
            criterion = self.criteria.get(score.criterion_id)
            bid = self._bid(self.bids.get(score.bid_id), sealed)
            return _("score on %(criterion)s for %(bid)s", criterion=criterion.code if criterion else _("a criterion"),
                     bid=bid)
        if kind == "resolution":
            resolution = self.resolutions.get(key)
            bid = self._bid(self.bids.get(resolution.bid_id), sealed) if resolution else _("a bid")
            return _("missing answer of %(bid)s", bid=bid)
        if kind == "committee_member":
            seat = self.seats.get(key)
            user = self.users.get(seat.user_id) if seat else None
            return _("committee seat of %(member)s", member=user.email) if user else _("a committee seat")
        if kind == "corrigendum":
            return _("a corrigendum to the deadline and opening time")
        if kind == "rendered_document":
            document = self.documents.get(key)
            if document is None:
                return _("a document")
            words = _(DOCUMENT_WORDS[document.kind]) if document.kind in DOCUMENT_WORDS else _("document")
            organisation = (self.organisations.get(document.organisation_id)
                            or self.document_organisations.get(document.organisation_id))
            if organisation and not sealed:
                return _("%(document)s for %(organisation)s", document=words, organisation=organisation.name)
            return words
        if kind == "organisation":
            organisation = self.organisations.get(key)
            return _("organisation %(name)s", name=organisation.name) if organisation else _("an organisation")
        if kind == "user_account":
            user = self.users.get(key)
            return _("account of %(user)s", user=user.email) if user else _("a user account")
        if kind == "verification_request":
            request = self.requests.get(key)
            bid = self._bid(self.bids.get(request.bid_id), sealed) if request else _("a bid")
            return _("verification request to %(bid)s", bid=bid)
        if kind == "contract":
            return self._contract(self.contracts.get(key))
        if kind == "performance_report":
            return self._report(self.reports.get(key))
        if kind == "shortfall_response":
            response = self.responses.get(key)
            if response is None:
                return _("a response to a shortfall")
            return _("response to the shortfall on %(criterion)s in the %(report)s", criterion=response.criterion_code,
                     report=self._report(self.reports.get(response.report_id)))
        if kind == "account":
            return _("sign-in as %(email)s", email=event.object_id)
        if kind == OBJECT:
            return check_words(event.details)
        if kind == "endpoint":
            area = PAGE_AREAS.get(event.object_id.partition(".")[0])
            return _(area) if area else _("a page")
        return ""

    def _contract(self, contract: Contract | None) -> str:
        if contract is None:
            return _("a contract")
        if contract.lot_number is not None:
            return _("contract for lot %(number)s with %(contractor)s", number=contract.lot_number,
                     contractor=contract.organisation.name)
        return _("contract with %(contractor)s", contractor=contract.organisation.name)

    def _report(self, report: PerformanceReport | None) -> str:
        """ "performance report for call-off 2 of the contract with ...", or "for year 1"."""
        contract = self.contracts.get(report.contract_id) if report else None
        if contract is None:
            return _("a performance report")
        return _("performance report for %(period)s of the %(contract)s",
                 period=period_name(report.period, records_call_offs(contract)), contract=self._contract(contract))

    @staticmethod
    def _bid(bid: Bid | None, sealed: bool) -> str:
        if sealed:
            return _(SEALED_BID)
        if bid is None:
            return _("a bid")
        if bid.version_no > 1:
            return _("bid of %(bidder)s (version %(version)s)", bidder=bid.organisation.name, version=bid.version_no)
        return _("bid of %(bidder)s", bidder=bid.organisation.name)

