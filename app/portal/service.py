"""The bidder portal's verbs: what a bidder may see, the template, self-assessment, submit, replace and withdraw.

Every query for bids is filtered by the bidder's organisation here, in one place (docs/security.md: access control).
The views commit after a verb; each change writes its audit event in the same transaction, naming
ids, versions and hashes, never contents.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache, cached_property

from flask import abort, current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, select
from sqlalchemy.orm import defer, joinedload, undefer

from app import audit
from app.auth.access import deny
from app.clock import utcnow
from app.errors import UserError
from app.extensions import db
from app.models import Bid, BidDocument, CheckedWorkbook, Organisation, Tender, User
from app.models.bid import SUBMITTED, SUPERSEDED, WITHDRAWN
from app.models.tender import DRAFT, FINALISED, PUBLISHED
from app.portal import checked, documents, verification
from app.portal.assessment import Assessment, assess, check
from app.portal.criteria import CriterionLine, criteria_lines
from app.portal.deadlines import countdown, deadline_text, is_open
from app.portal.names import slug
from app.portal.receipts import BID_STATUS_NAMES, Receipt
from app.records.access import OPEN_STATUSES
from app.records.bid_contents import store_contents
from app.records.bid_documents import RulesText, download_of, rules_text
from app.records.contracts import ContractRow, contracts_for
from app.records.definition import meta_of, per_frozen_version, scoring_tender
from app.records.journey import STAGE_NAMES
from app.records.lifecycle import close_if_due
from app.records.performance_terms import PerformanceTerms, performance_terms
from app.records.verification import VerificationRow
from app.transactions import lock_tender
from app.workbook_words import reader_wording, wording
from scoring.definition import Tender as TenderDefinition
from tender_files.bids import tender_info
from workbooks import Limits, ParsedWorkbook, TenderInfo, read_workbook_isolated

MAX_FILENAME = 255
TEMPLATES_KEPT = 16  # published tenders' bidder workbooks each worker keeps (about 30-60 KB each)
STALE = _l("Your submissions to this tender changed since this page was loaded (another tab or a second click?). "
           "Nothing was stored: check the list below and upload again if you still want to.")


@dataclass(frozen=True)
class Upload:
    """A file as received: the name the browser sent (kept as metadata only) and the exact bytes."""

    name: str
    data: bytes

    @cached_property
    def sha256(self) -> str:
        """The SHA-256 of the exact bytes received: the receipt's evidence (Annex IV (a))."""
        return hashlib.sha256(self.data).hexdigest()


@dataclass(frozen=True)
class OpenTender:
    """A tender open for bids, its deadline in words and the time left."""

    tender: Tender
    deadline: str
    countdown: str


@dataclass(frozen=True)
class TenderPage:
    """What a bidder sees of one tender: the published facts, the time left and the own organisation's versions."""

    tender: Tender
    criteria: list[CriterionLine]
    deadline: str
    countdown: str
    is_open: bool
    bids: list[Bid]  # newest first, without their bytes
    checked: CheckedWorkbook | None = None  # the organisation's kept checked workbook, offered while bids are open
    documents: tuple[BidDocument, ...] = ()  # the live version's documents
    rules: RulesText | None = None  # the tender's published rules for documents
    performance: PerformanceTerms | None = None  # the contract performance conditions it publishes (Art. 70)

    @property
    def live(self) -> Bid | None:
        """The version that would be evaluated, if any."""
        return next((bid for bid in self.bids if bid.status == SUBMITTED), None)


# The portal's front page runs both at every request: built once, as building them takes longer than running them;
# on first use, not at import, as naming a relationship or a column to defer configures every mapper (90 ms) that
# a command need not wait for.
@cache
def _open_tenders():
    return (select(Tender).where(Tender.status == PUBLISHED, Tender.submission_deadline_at > bindparam("now"))
            .options(joinedload(Tender.authority))  # the list names each tender's authority
            .order_by(Tender.submission_deadline_at, Tender.reference))


@cache
def _submissions():
    return (select(Bid, Tender).join(Tender, Bid.tender_id == Tender.id).options(defer(Bid.workbook))
            .where(Bid.organisation_id == bindparam("organisation_id"))
            .order_by(Bid.submitted_at.desc(), Bid.id.desc()))


def open_tenders() -> list[OpenTender]:
    """Published tenders whose deadline is still ahead (server time), the soonest first."""
    now = utcnow()
    return [OpenTender(tender, deadline_text(tender), countdown(tender.submission_deadline_at, now))
            for tender in db.session.scalars(_open_tenders(), {"now": now})]


def submissions(user: User) -> list[tuple[Bid, Tender]]:
    """Every version the user's organisation submitted to any tender, with its tender, newest first."""
    if user.organisation_id is None:
        return []
    return [(bid, tender) for bid, tender in db.session.execute(_submissions(),
                                                                 {"organisation_id": user.organisation_id})]


@dataclass(frozen=True)
class FrontPage:
    """The portal's front page: the tenders open for bids and what concerns the user's organisation."""

    tenders: list[OpenTender]
    submissions: list[tuple[Bid, Tender]]
    requests: list[tuple[VerificationRow, str]]  # the committees' questions, each with its tender's reference
    contracts: list[ContractRow]


def front_page(user: User) -> FrontPage:
    """The front page, with the committees' requests looked for only when a submission's tender has been opened
    and contracts only when one is finalised: a committee asks, and an award is made, only after the bids are
    opened, so most bidders, whose tenders are still open, are spared two queries at every visit."""
    own = submissions(user)
    reached = {tender.status for _, tender in own}
    return FrontPage(open_tenders(), own,
                     verification.requests_for(user) if reached.intersection(OPEN_STATUSES) else [],
                     contracts_for(user) if FINALISED in reached else [])


def organisation_bids(user: User, tender_id: int) -> list[Bid]:
    """Every version the user's organisation submitted to one tender, newest first; never another's."""
    query = (select(Bid).options(defer(Bid.workbook))
             .where(Bid.organisation_id == user.organisation_id, Bid.tender_id == tender_id)
             .order_by(Bid.version_no.desc()))
    return list(db.session.scalars(query)) if user.organisation_id is not None else []


def visible_tender(tender_id: int) -> Tender:
    """A tender bidders may see, closed if its deadline has passed; drafts answer 404 like a missing tender, and
    the attempt is recorded."""
    tender = db.session.get(Tender, tender_id)
    if tender is None:
        abort(404)
    if tender.status == DRAFT:
        deny(f"tender {tender_id} is a draft, not visible to bidders", 404)
    close_if_due(tender)
    return tender


def tender_page(tender: Tender, user: User) -> TenderPage:
    """The tender page's contents for this bidder."""
    now = utcnow()
    open_now = is_open(tender, now)
    bids = organisation_bids(user, tender.id)
    live = next((bid for bid in bids if bid.status == SUBMITTED), None)
    return TenderPage(tender, criteria_lines(_definition(tender)), deadline_text(tender),
                      countdown(tender.submission_deadline_at, now), open_now, bids,
                      checked.kept(tender.id, user) if open_now else None,
                      tuple(documents.documents_of([live.id])[live.id]) if live else (), rules_text(tender),
                      performance_terms(tender))


def build_tender_template(tender: Tender) -> tuple[str, bytes]:
    """The tender's bidder workbook and its download name.

    Writing it takes 0.1-0.25 s and every bidder downloads it, so a published tender's is written once per
    version of its row in each worker: publication freezes what it is made of (criteria, metadata, procedure
    language) and a corrigendum gives the row a new version. Every bidder of a version gets the same bytes."""
    name = f"{slug(tender.reference) or 'tender'}-bid-workbook.xlsx"
    return name, per_frozen_version(tender, "resbid.bidder_workbooks", TEMPLATES_KEPT, lambda: _template(tender))


def _template(tender: Tender) -> bytes:
    from workbooks import build_template  # imported where used: it loads openpyxl (0.15 s)
    return build_template(_definition(tender), _info(tender), wording(tender.language))


def self_assess_upload(tender: Tender, upload: Upload, user: User) -> Assessment:
    """Score an uploaded workbook; while the tender takes bids, keep the file sealed for the user's organisation
    (app/portal/checked.py) so it can be submitted without choosing it again. Only its SHA-256 goes to the audit
    log."""
    definition = _definition(tender)
    assessment = assess(definition, _read(upload, tender, definition), upload.sha256)
    if is_open(tender, utcnow()):
        checked.keep(tender, user, upload.name[:MAX_FILENAME], upload.data, upload.sha256)
    audit.record("bid.self_assessed", tender, tender_id=tender.id, details={"sha256": upload.sha256})
    return assessment


def submit_checked(tender_id: int, user: User, live_version: int) -> Bid:
    """Submit the workbook the organisation checked last, as if its file had been chosen again."""
    kept = checked.kept(tender_id, user)
    if kept is None:
        raise UserError(_("There is no checked workbook to submit: a checked workbook is kept for %(hours)s hours. "
                          "Choose the file and submit it, or check it again.", hours=checked.CHECKED_WORKBOOK_HOURS))
    return submit_bid(tender_id, user, Upload(kept.filename, kept.workbook), live_version)


def submit_bid(tender_id: int, user: User, upload: Upload, live_version: int) -> Bid:
    """Store a new version byte for byte, superseding the live one; refused after the deadline or on any problem.

    `live_version` is the version the bidder saw as live (0 for none): a second click or a stale tab
    changes nothing instead of replacing a submission unseen.
    """
    tender = _locked_tender(tender_id)
    _require_open(tender)
    organisation = _organisation(user)
    versions = organisation_bids(user, tender.id)
    live = next((bid for bid in versions if bid.status == SUBMITTED), None)
    if (live.version_no if live else 0) != live_version:
        raise UserError(str(STALE))
    definition = _definition(tender)
    workbook = _read(upload, tender, definition)
    check(definition, workbook)  # what the evaluation would refuse is refused now, before the deadline
    if live is not None:
        live.status = SUPERSEDED
        db.session.flush()  # the one-live-bid index must see the old version retired first
    bid = _new_bid(tender, organisation, user, upload, workbook,
                   version_no=max((bid.version_no for bid in versions), default=0) + 1,
                   label=versions[0].label if versions else _new_label(tender, organisation))
    carried = documents.carry_forward(live, bid) if live else []
    checked.discard(tender.id, user)  # submitted: the kept copy of a check is no longer needed
    audit.record("bid.replace" if live else "bid.submit", bid, tender_id=tender.id,
                 details={"label": bid.label, "version": bid.version_no, "sha256": bid.workbook_sha256,
                          "bytes": len(upload.data), "replaces": live.id if live else None,
                          **({"documents": carried} if carried else {})})
    return bid


def delete_expired_checks() -> None:
    """Delete the kept checked workbooks that have expired (committed even when the request then fails)."""
    checked.delete_expired()


def withdraw_bid(bid_id: int, user: User) -> Bid:
    """Withdraw the live submission before the deadline; the row stays, marked withdrawn with the time."""
    bid = own_bid(bid_id, user)
    _require_open(_locked_tender(bid.tender_id))
    db.session.refresh(bid)  # read its status after the lock, not before
    if bid.status != SUBMITTED:
        raise UserError(_("Version %(version)s is %(status)s; only the live submission can be withdrawn.",
                          version=bid.version_no, status=BID_STATUS_NAMES[bid.status]))
    bid.status = WITHDRAWN
    bid.withdrawn_at = utcnow()
    db.session.flush()
    audit.record("bid.withdraw", bid, tender_id=bid.tender_id,
                 details={"label": bid.label, "version": bid.version_no, "sha256": bid.workbook_sha256})
    return bid


def add_bid_document(bid_id: int, user: User, upload: documents.DocumentUpload) -> BidDocument:
    """Add a document to the organisation's live version before the deadline (app/portal/documents.py)."""
    return documents.add_document(_open_own_bid(bid_id, user), user, upload)


def remove_bid_document(bid_id: int, document_id: int, user: User) -> BidDocument:
    """Remove a document from the organisation's live version before the deadline."""
    return documents.remove_document(_open_own_bid(bid_id, user), document_id)


def own_document(bid_id: int, document_id: int, user: User) -> tuple[str, bytes]:
    """A document of one of the organisation's own versions, to download (app.records.bid_documents.download_of):
    before and after the deadline, and after the opening, always the organisation's own only; a document of
    another version or organisation answers 404 like a missing one. Reading one's own file changes nothing, so
    nothing is recorded."""
    bid = own_bid(bid_id, user)
    document = db.session.scalar(select(BidDocument).options(undefer(BidDocument.data))
                                 .where(BidDocument.id == document_id, BidDocument.bid_id == bid.id))
    if document is None:
        abort(404)
    return download_of(document)


def _open_own_bid(bid_id: int, user: User) -> Bid:
    """One of the organisation's bids, its tender locked and still taking bids, its status read after the lock."""
    bid = own_bid(bid_id, user)
    _require_open(_locked_tender(bid.tender_id))
    db.session.refresh(bid)
    return bid


def own_bid(bid_id: int, user: User) -> Bid:
    """One of the organisation's own bids; another organisation's answers 404 like a missing one, and is recorded."""
    bid = db.session.get(Bid, bid_id)
    if bid is None:
        abort(404)
    if user.organisation_id is None or bid.organisation_id != user.organisation_id:
        deny(f"bid {bid_id} belongs to another organisation", 404)
    return bid


def bid_receipt(bid: Bid) -> Receipt:
    """The receipt of one of the organisation's versions (check ownership with own_bid first)."""
    tender = db.session.get(Tender, bid.tender_id)
    submitter = db.session.get(User, bid.submitted_by_id) if bid.submitted_by_id else None
    return Receipt(bid, tender, submitter.email if submitter else _("imported from a tender folder"),
                   can_withdraw=bid.status == SUBMITTED and is_open(tender, utcnow()),
                   documents=tuple(documents.documents_of([bid.id])[bid.id]))


def _definition(tender: Tender) -> TenderDefinition:
    return scoring_tender(tender)


def _info(tender: Tender) -> TenderInfo:
    return tender_info(meta_of(tender))


def _read(upload: Upload, tender: Tender, definition: TenderDefinition) -> ParsedWorkbook:
    """The checked workbook, within the same size limit as the request, read in a child process whose memory is
    capped (RESBID_UPLOAD_MEMORY_MB); WorkbookRejected otherwise. Its drop-down texts are read in the procedure
    language (the template's) or English, its problems written in the page's language."""
    return read_workbook_isolated(upload.data, definition, _info(tender),
                                  Limits(max_bytes=current_app.config["MAX_CONTENT_LENGTH"]),
                                  current_app.config["RESBID_UPLOAD_MEMORY_MB"], wording(tender.language),
                                  reader_wording())


def _locked_tender(tender_id: int) -> Tender:
    """The tender, locked until commit, so deadline checks and version numbers of one tender happen one after
    the other."""
    visible_tender(tender_id)
    return lock_tender(tender_id)


def _require_open(tender: Tender) -> None:
    now = utcnow()
    if is_open(tender, now):
        return
    deadline = tender.submission_deadline_at
    if deadline is not None and now >= deadline:
        raise UserError(_("The submission deadline of tender %(reference)s passed on %(deadline)s: bids can no "
                          "longer be submitted, replaced or withdrawn.", reference=tender.reference,
                          deadline=deadline_text(tender)))
    raise UserError(_("Tender %(reference)s is at the stage %(stage)s: it does not accept bids.",
                      reference=tender.reference, stage=STAGE_NAMES[tender.status]))


def _organisation(user: User) -> Organisation:
    if user.organisation is None:
        raise UserError(_("Your account is not linked to a bidding organisation: ask the administrator to link it."))
    return user.organisation


def _new_label(tender: Tender, organisation: Organisation) -> str:
    """A slug of the organisation's name, made unique among the tender's bidders (the evaluation's bid id)."""
    base = slug(organisation.name) or f"bidder-{organisation.id}"
    taken = set(db.session.scalars(select(Bid.label).where(Bid.tender_id == tender.id)))
    label, suffix = base, 2
    while label in taken:
        label, suffix = f"{base}-{suffix}", suffix + 1
    return label


def _new_bid(tender: Tender, organisation: Organisation, user: User, upload: Upload, workbook: ParsedWorkbook,
             version_no: int, label: str) -> Bid:
    """The stored version: the original bytes and their SHA-256, and the price, answers and supply read from them."""
    bid = Bid(tender_id=tender.id, organisation_id=organisation.id, submitted_by_id=user.id, label=label,
              version_no=version_no, status=SUBMITTED, submitted_at=utcnow(),
              filename=upload.name[:MAX_FILENAME] or "workbook.xlsx", workbook=upload.data,
              workbook_sha256=upload.sha256)
    store_contents(bid, workbook)
    db.session.add(bid)
    db.session.flush()
    return bid
