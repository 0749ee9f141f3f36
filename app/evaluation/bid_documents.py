"""A bid's documents as the committee reads them: which member may open which, the supply line each proves, and
the download, which is audited and never rendered.

Before the opening no route reaches a document (app.records.access.require_opened_bid). After it, a technical
member of a two-envelope tender gets no price-envelope document until the evaluation is finalised (Directive
2014/24/EU Annex IV (d), as app.records.access.sees_prices decides for prices).
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import abort
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import undefer

from app import audit
from app.errors import Refused
from app.extensions import db
from app.models import Bid, BidDocument, CommitteeMember, Tender, User
from app.records.access import sees_prices
from app.records.bid_documents import documents_of, download_of, sealed_from


@dataclass(frozen=True)
class DocumentRow:
    """One document of the bid, and whether this member is kept from it (the price envelope, see above)."""

    document: BidDocument
    is_sealed: bool


def document_rows(tender: Tender, seat: CommitteeMember, bid: Bid) -> tuple[DocumentRow, ...]:
    """The bid's documents for this member, oldest first, without their bytes."""
    shows_prices = sees_prices(tender, seat)
    return tuple(DocumentRow(document, sealed_from(document, shows_prices))
                 for document in documents_of([bid.id])[bid.id])


def evidence_document(evidence: str, rows: tuple[DocumentRow, ...]) -> DocumentRow | None:
    """The document a supply line's Evidence cell names: by the reference typed at upload, by its file name, or
    by that name without its extension (letter case and spacing aside); None when it names none."""
    wanted = _plain(evidence)
    if not wanted:
        return None
    for row in rows:
        shown = row.document.display_name
        if wanted in {_plain(row.document.reference), _plain(shown), _plain(shown.rpartition(".")[0])}:
            return row
    return None


def download_document(tender: Tender, seat: CommitteeMember, user: User, bid: Bid, document_id: int
                      ) -> tuple[str, bytes]:
    """A document's download name and bytes for this member; every download is in the audit log (Annex IV (g))."""
    document = db.session.scalar(select(BidDocument).options(undefer(BidDocument.data))
                                 .where(BidDocument.id == document_id, BidDocument.bid_id == bid.id))
    if document is None:
        abort(404)
    if sealed_from(document, sees_prices(tender, seat)):
        raise Refused(_("Tender %(reference)s is a two-envelope tender: this document is in the financial "
                        "envelope, which technical evaluators see only once the evaluation is finalised.",
                        reference=tender.reference))
    audit.record("bid.document_download", bid, tender_id=tender.id, actor=user,
                 details={"bidder": bid.organisation.name, "document_id": document.id, "sha256": document.sha256})
    return download_of(document)


def _plain(text: str) -> str:
    return " ".join(text.split()).casefold()
