"""Report inputs from a stored tender (with its committee and audit trail) or from a tender folder."""
from __future__ import annotations

import json
from datetime import timezone

from sqlalchemy import ColumnElement, Select, bindparam, func, select

from app.audit.actions import UNDER_CONTRACT
from app.audit.signing import checkpoint_fields
from app.extensions import db
from app.models import AuditCheckpoint, AuditEvent, CommitteeMember, Tender
from app.presentation import UTC, time_text
from app.records.definition import meta_of, scoring_tender
from app.records.evaluation import folder_bids, folder_lot_bids, live_bids, scoring_bids
from app.records.lot_bids import scoring_lot_inputs
from app.records.stored_results import evaluation_of, last_change_query, lots_evaluation_of
from app.reports.context import FOLDER, Receipt, ReportInputs, build_report_context, moment
from app.reports.lot_context import LotsInputs, build_lots_report_context
from app.reports.verification import verification_entries
from app.reports.wording import N_, writing_in
from app.reports.wording import gettext as _
from scoring.criteria import path_text, walk
from scoring.lot_evaluation import analyse_lot_sensitivity, evaluate_lots
from tender_files.folder import TenderFolder
from workbooks import ParsedWorkbook

# Events that record copies being made of the record (this module's renders, exports) are not part
# of the record itself: leaving them out keeps a report's data, and so its cache key, stable.
COPY_ACTIONS = ("report.render", "debrief.render", "bundle.render", "tender.export")
OUTSIDE_RECORD = COPY_ACTIONS + UNDER_CONTRACT  # nor is what is recorded under the contract after the award
CHECKPOINT_REASONS = {"finalisation": N_("at finalisation"), "daily": N_("daily"), "manual": N_("by the operator")}


def stored_report_context(tender: Tender) -> dict:
    """The report context of a stored tender (callers check that the tender is open to the caller), its events'
    times and committee's words in the procedure language."""
    with writing_in(tender.language):
        if tender.lot_rules is not None:  # divided into lots (Directive 2014/24/EU Art. 46)
            return _stored_lots_context(tender)
        return build_report_context(stored_inputs(tender))


def _stored_lots_context(tender: Tender) -> dict:
    """The report context of a stored tender in lots: its stored evaluation (the final one once finalised), each
    lot's sensitivity computed from it."""
    definition, bids_by_lot = scoring_lot_inputs(tender)
    evaluation = lots_evaluation_of(tender)
    inputs = stored_inputs(tender, evaluated=False)
    return build_lots_report_context(inputs, LotsInputs(bids_by_lot, evaluation,
                                                        analyse_lot_sensitivity(definition, evaluation)))


def report_data_version(tender: Tender) -> tuple:
    """A version of everything a stored tender's report context is read from, in one statement.

    Every change to a tender's record (bids, scores, decisions, committee, status) writes an audit event
    naming the tender in the same transaction, and the report lists those events; the tender's own row
    carries a version; organisations and users are never renamed; a published definition is frozen. So the
    tender's row version, its last recorded event and the checkpoint signing it name one report context,
    and a page can find the document rendered for it without evaluating anything.
    """
    db.session.flush()  # what the request changed counts (a tender closed where it was read), as autoflush would
    # Read through the session's connection: three numbers need none of the ORM's result handling, which would
    # double the statement's cost (55 microseconds, at every reload of a status page).
    row_version, last, checkpoint = db.session.connection().execute(_DATA_VERSION, {"tender_id": tender.id}).one()
    return tender.id, row_version, last, checkpoint


def _covering_checkpoint_id(seq) -> ColumnElement:
    """The id of the first checkpoint that signs event `seq` (it stays the same, so a report's data does), else the
    latest's; as SQL, so a statement can read it beside other values (`seq` a number or an expression)."""
    first = (select(AuditCheckpoint.id).where(AuditCheckpoint.count >= seq).order_by(AuditCheckpoint.id).limit(1)
             .correlate(None).scalar_subquery())
    latest = select(AuditCheckpoint.id).order_by(AuditCheckpoint.id.desc()).limit(1).correlate(None).scalar_subquery()
    return func.coalesce(first, latest)


def _data_version_query() -> Select:
    """The row version, the last recorded event (0 if none) and the id of the checkpoint covering it, built once
    (status pages ask for it at every reload)."""
    last = func.coalesce(last_change_query(bindparam("tender_id"), OUTSIDE_RECORD).scalar_subquery(), 0)
    return select(Tender.version, last, _covering_checkpoint_id(last)).where(Tender.id == bindparam("tender_id"))


_DATA_VERSION = _data_version_query()


def folder_report_context(folder: TenderFolder, workbooks: dict[str, ParsedWorkbook]) -> dict:
    """The report context of a tender folder: no audit trail, so it is always a draft."""
    with writing_in(folder.meta.language):
        return _folder_context(folder, workbooks)


def _folder_context(folder: TenderFolder, workbooks: dict[str, ParsedWorkbook]) -> dict:
    committee = [{"member": seat.email, "role": _role(seat.is_chair, seat.is_technical), "declared": None}
                 for seat in folder.scores.committee]
    receipts = {bid.stem: Receipt(f"{bid.stem}.xlsx", bid.sha256) for bid in folder.bids}
    if folder.tender.lots:  # divided into lots (Directive 2014/24/EU Art. 46)
        bids_by_lot = folder_lot_bids(folder, workbooks)
        evaluation = evaluate_lots(folder.tender, bids_by_lot)
        return build_lots_report_context(
            ReportInputs(folder.meta, folder.tender, (), receipts, FOLDER, committee),
            LotsInputs(bids_by_lot, evaluation, analyse_lot_sensitivity(folder.tender, evaluation)))
    return build_report_context(ReportInputs(folder.meta, folder.tender, folder_bids(folder, workbooks),
                                             receipts, FOLDER, committee))


def stored_inputs(tender: Tender, evaluated: bool = True) -> ReportInputs:
    """A stored tender's definition, live bids, receipts, committee and audit events, and its stored evaluation
    unless not `evaluated` (a tender in lots, whose bids and evaluation are per lot)."""
    rows = live_bids(tender)
    definition, bids = scoring_tender(tender), scoring_bids(rows) if evaluated else ()
    receipts = {bid.label: Receipt(bid.filename, bid.workbook_sha256) for bid in rows}
    seats = db.session.scalars(select(CommitteeMember).where(CommitteeMember.tender_id == tender.id)
                               .order_by(CommitteeMember.id))
    committee = [{"member": seat.user.email, "role": _role(seat.is_chair, seat.is_technical),
                  "declared": moment(seat.coi_declared_at, tender.time_zone)} for seat in seats]
    events = tender_events(tender)
    checkpoint = covering_checkpoint(events[-1].seq if events else 0)
    evaluation = evaluation_of(tender, complete=True) if evaluated else None
    paths = {criterion.code: path_text(path) for path, criterion in walk(definition.criteria)}
    return ReportInputs(meta_of(tender), definition, bids, receipts, tender.status, committee,
                        [event_row(event, tender.time_zone) for event in events], tender.finalised_at,
                        checkpoint_row(checkpoint) if checkpoint else None,
                        (evaluation.result, evaluation.sensitivity) if evaluation else None,
                        verification_entries(tender, paths))


def covering_checkpoint(seq: int) -> AuditCheckpoint | None:
    """The checkpoint that signs event `seq` for a report (_covering_checkpoint_id)."""
    return db.session.scalars(select(AuditCheckpoint).where(AuditCheckpoint.id == _covering_checkpoint_id(seq))).first()


def checkpoint_row(checkpoint: AuditCheckpoint) -> dict:
    """A signed checkpoint as the report prints it and the evidence bundle writes it (the signed fields and MAC)."""
    return {**checkpoint_fields(checkpoint.count, checkpoint.head_sha256, checkpoint.at, checkpoint.reason),
            "mac": checkpoint.mac, "at_text": time_text(checkpoint.at, UTC, seconds=True),
            "reason_text": _(CHECKPOINT_REASONS[checkpoint.reason]) if checkpoint.reason in CHECKPOINT_REASONS
            else checkpoint.reason}


def tender_events(tender: Tender, include_copies: bool = False) -> list[AuditEvent]:
    """The events of the tender's evaluation record in chain order (copy-making events only when asked for;
    never those under its contract)."""
    query = (select(AuditEvent).where(AuditEvent.tender_id == tender.id, AuditEvent.action.not_in(
        UNDER_CONTRACT if include_copies else OUTSIDE_RECORD)).order_by(AuditEvent.seq))
    return list(db.session.scalars(query))


def event_row(event: AuditEvent, time_zone: str) -> dict:
    """One audit event as JSON-safe data: what the report lists and the evidence bundle writes."""
    when = moment(event.at, time_zone)
    return {"seq": event.seq, "at": event.at.astimezone(timezone.utc).isoformat(), "at_text": when["utc"],
            "at_local": when["local"], "actor": event.actor, "action": event.action,
            "object": f"{event.object_type} {event.object_id}", "details": json.loads(event.details),
            "prev_sha256": event.prev_sha256, "sha256": event.sha256}


def _role(is_chair: bool, is_technical: bool) -> str:
    if is_chair:
        return _("chair")
    return _("technical evaluator") if is_technical else _("evaluator")
