"""Importing a tender folder into the database: the whole folder is checked before anything is written."""
from __future__ import annotations

import secrets
from decimal import Decimal

from app import audit
from app.auth.passwords import hash_password
from app.clock import utcnow
from app.directory import check_reference_free, find_user, organisations_by_name
from app.extensions import db
from app.models import Bid, BidLot, CommitteeMember, Organisation, Resolution, Score, Tender, User
from app.models.organisation import AUTHORITY, OPERATOR
from app.models.user import OFFICER
from app.records import definition
from app.records.bid_contents import store_contents
from app.records.lifecycle import status_by_clock
from app.records.resolutions import resolution_row
from tender_files.folder import TenderFolder
from tender_files.names import name_key
from tender_files.scores import BidDecisions
from workbooks import ParsedWorkbook

IMPORTED_DECLARATION = ("Conflict-of-interest declaration signed outside resbid; "
                        "recorded when the tender folder was imported.")


def import_folder(folder: TenderFolder, workbooks: dict[str, ParsedWorkbook]) -> Tender:
    """Create the tender, its bidders, bids, committee and scores from a checked folder (no commit).

    The bids and their rows are written in one flush, as batched inserts (one flush per bid took most of a 500-bid
    import's database time); each bid's events are then recorded in folder order, a new bidder's creation first."""
    meta = folder.meta
    check_reference_free(meta.reference, "tender.yaml: reference")
    tender = Tender(status=status_by_clock(utcnow(), meta.submission_deadline_at), published_at=utcnow())
    organisations = _Organisations()
    definition.store(tender, meta, folder.tender,
                     organisations.named(meta.authority_name, AUTHORITY, meta.authority_country))
    db.session.add(tender)
    db.session.flush()
    organisations.record_if_new(tender.authority)
    members, chair = _committee(tender, folder)
    bids = [_bid(tender, bid_file, workbooks[bid_file.stem], folder, organisations) for bid_file in folder.bids]
    db.session.flush()
    criteria = {(criterion.lot_number, criterion.code): criterion.id for criterion in tender.criteria}
    own_trees = {lot.number for lot in folder.tender.lots if lot.criteria is not None}
    for bid_file, bid in zip(folder.bids, bids):
        organisations.record_if_new(bid.organisation)
        audit.record("bid.import", bid, tender_id=tender.id,
                     details={"label": bid.label, "sha256": bid.workbook_sha256})
        for number in _lots_of(folder, bid):
            tree = number if number in own_trees else None
            for code, judgement in folder.scores.lot(number or 1).judgements.get(bid_file.stem, {}).items():
                _scores(bid, criteria[(tree, code)], number, judgement, members, chair)
    audit.record("tender.import", tender, tender_id=tender.id,
                 details={"reference": tender.reference, "bids": len(folder.bids), "source": "tender folder"})
    return tender


class _Organisations:
    """The organisations a folder names, found by name (one query for all) or created; each creation is recorded
    once its row has an id."""

    def __init__(self) -> None:
        self.by_name = organisations_by_name()
        self.unrecorded: set[Organisation] = set()  # created, their creation not yet recorded

    def named(self, name: str, kind: str, country: str, **fields) -> Organisation:
        organisation = self.by_name.get(name_key(name))
        if organisation is None:
            organisation = self.by_name[name_key(name)] = Organisation(name=name, kind=kind, country=country, **fields)
            db.session.add(organisation)
            self.unrecorded.add(organisation)
        return organisation

    def record_if_new(self, organisation: Organisation) -> None:
        if organisation in self.unrecorded:
            self.unrecorded.discard(organisation)
            audit.record("organisation.create", organisation,
                         details={"kind": organisation.kind, "source": "tender folder"})


def _committee(tender: Tender, folder: TenderFolder) -> tuple[dict[str, User], User | None]:
    """Committee seats from scores.yaml; unknown members become disabled officer accounts of the authority."""
    members, chair = {}, None
    for seat in folder.scores.committee:
        user = find_user(seat.email) or _placeholder_officer(seat.email, tender.authority)
        db.session.add(CommitteeMember(tender_id=tender.id, user_id=user.id, is_chair=seat.is_chair,
                                       is_technical=seat.is_technical, coi_declared_at=utcnow(),
                                       coi_statement=IMPORTED_DECLARATION))
        members[seat.email] = user
        if seat.is_chair:
            chair = user
    return members, chair


def _placeholder_officer(email: str, authority: Organisation) -> User:
    user = User(email=email, role=OFFICER, organisation=authority, is_enabled=False,
                password_hash=hash_password(secrets.token_urlsafe(32)))
    db.session.add(user)
    db.session.flush()
    audit.record("user.create", user, details={"role": OFFICER, "enabled": False, "source": "tender folder"})
    return user


def _bid(tender: Tender, bid_file, workbook: ParsedWorkbook, folder: TenderFolder,
         organisations: _Organisations) -> Bid:
    """The bid of a workbook with its rows and scores.yaml's decisions, added to the session (flushed by the caller)."""
    company = workbook.company
    organisation = organisations.named(company.name, OPERATOR, company.country,
                                       controlling_entity=company.controlling_entity or None,
                                       controlling_country=company.controlling_country or None)
    bid = Bid(tender_id=tender.id, organisation=organisation, label=bid_file.stem, version_no=1,
              submitted_at=bid_file.submitted_at or utcnow(), filename=f"{bid_file.stem}.xlsx",
              workbook=bid_file.data, workbook_sha256=bid_file.sha256)
    store_contents(bid, workbook)
    for number in _lots_of(folder, bid):
        decisions = folder.scores.lot(number or 1).decisions.get(bid_file.stem)
        if decisions:
            _decide(next((lot for lot in bid.lots if lot.lot_number == number), bid), decisions)
            bid.resolutions += [_in_lot(resolution_row(code, r, utcnow()), number)
                                for code, r in decisions.resolutions.items()]
    db.session.add(bid)
    return bid


def _lots_of(folder: TenderFolder, bid: Bid) -> list[int | None]:
    """The lots a stored bid covers; [None] for a tender without lots (its rows carry no lot number)."""
    return [lot.lot_number for lot in bid.lots] if folder.tender.lots else [None]


def _decide(row: Bid | BidLot, decisions: BidDecisions) -> None:
    """The officers' decisions of scores.yaml on a bid (a tender without lots) or on its bid for one lot."""
    row.exclusion_reason = decisions.exclusion
    if isinstance(row, BidLot):
        row.exclusion_concerns_tenderer = decisions.exclusion_concerns_tenderer
    if decisions.abnormal_decision:
        row.abnormal_decision = decisions.abnormal_decision.decision
        row.abnormal_reason = decisions.abnormal_decision.reason


def _in_lot(row: Resolution, number: int | None) -> Resolution:
    row.lot_number = number
    return row


def _scores(bid: Bid, criterion_id: int, lot: int | None, judgement, members: dict[str, User], chair: User | None
            ) -> None:
    for email, (points, justification) in judgement.scores.items():
        db.session.add(Score(bid_id=bid.id, criterion_id=criterion_id, evaluator_id=members[email].id, lot_number=lot,
                             points=Decimal(str(points)), justification=justification))
    if judgement.consensus is not None:
        points, justification = judgement.consensus
        db.session.add(Score(bid_id=bid.id, criterion_id=criterion_id, evaluator_id=chair.id, is_consensus=True,
                             lot_number=lot, points=Decimal(str(points)), justification=justification))
