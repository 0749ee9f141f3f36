"""Opening sealed bids: after the opening time, two committee members must confirm (four eyes; Annex IV (b), (e))."""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from app import audit
from app.clock import utcnow
from app.errors import UserError
from app.evaluation.guards import member
from app.extensions import db
from app.models import OpeningConfirmation, Tender, User
from app.models.tender import CLOSED, OPENED, PUBLISHED
from app.presentation import time_text
from app.records.bid_documents import documents_of
from app.records.evaluation import live_bids
from app.transactions import lock_tender

CONFIRMATIONS_NEEDED = 2


def confirm_opening(tender: Tender, user: User) -> bool:
    """Record the member's confirmation; the second distinct one opens the bids. Returns whether they are open."""
    tender = _locked(tender)
    member(tender, user)
    if tender.status not in (PUBLISHED, CLOSED):
        raise UserError(_("the bids of this tender are already open") if tender.opened_at else
                        _("only a published tender can be opened"))
    if utcnow() < tender.opening_at:
        raise UserError(_("the bids cannot be opened before the opening time, %(opening)s",
                          opening=time_text(tender.opening_at, tender.time_zone)))
    confirmations = _confirmations(tender)
    if any(c.user_id == user.id for c in confirmations):
        raise UserError(_("you have already confirmed; a second committee member must confirm too"))
    confirmation = OpeningConfirmation(tender_id=tender.id, user_id=user.id, confirmed_at=utcnow())
    db.session.add(confirmation)
    db.session.flush()
    audit.record("tender.open_confirm", tender, tender_id=tender.id, actor=user, details={"user_id": user.id})
    confirmations.append(confirmation)
    if len(confirmations) < CONFIRMATIONS_NEEDED:
        return False
    _open(tender, confirmations, user)
    return True


def _locked(tender: Tender) -> Tender:
    """Re-read the tender under its lock so two members confirming at once cannot both open it."""
    return lock_tender(tender.id)


def _confirmations(tender: Tender) -> list[OpeningConfirmation]:
    return list(db.session.scalars(select(OpeningConfirmation).where(OpeningConfirmation.tender_id == tender.id)
                                   .order_by(OpeningConfirmation.id)))


def _open(tender: Tender, confirmations: list[OpeningConfirmation], user: User) -> None:
    """Open the bids and write the opening record: every bid with its receipt time and SHA-256, each of its
    documents with its kind, envelope and SHA-256 (Annex IV (d)), and the lots it covers in a tender divided into lots
    (Directive 2014/24/EU Art. 46)."""
    tender.status = OPENED
    tender.opened_at = utcnow()
    divided = tender.lot_rules is not None  # a tender divided into lots: the record names each bid's lots
    bids = live_bids(tender, with_lots=divided)
    documents = documents_of([bid.id for bid in bids])
    record = [{"bid_id": bid.id, "label": bid.label, "version": bid.version_no,
               "received_at": bid.submitted_at.isoformat(), "sha256": bid.workbook_sha256,
               "documents": [{"document_id": document.id, "kind": document.kind, "envelope": document.envelope,
                              "sha256": document.sha256, "bytes": document.size} for document in documents[bid.id]],
               **({"lots": [lot.lot_number for lot in bid.lots]} if divided else {})}
              for bid in bids]
    audit.record("tender.open", tender, tender_id=tender.id, actor=user,
                 details={"confirmed_by": [c.user_id for c in confirmations], "bids": record})
