"""A bid version's documents: add and remove them before the deadline, carry them to a replacing version.

Documents belong to a bid version. Until the deadline the bidder adds documents to the live version and may
remove them; replacing the bid carries the live version's documents forward to the new version (same bytes,
SHA-256 and receipt time), so the bidder never uploads them twice, and the replaced version keeps its own
record. A version submitted after a withdrawal starts with none: the withdrawn version's stay with it.

Every upload is hostile input: its format is found from its bytes (app/records/file_types.py) and must be one
the tender allows (its published document rules, scoring/document_rules.py), each file and
each version's total are capped (RESBID_DOCUMENT_MAX_BYTES, RESBID_BID_DOCUMENTS_MAX_BYTES), and its name is
kept as a cleaned display string only. The audit log gets ids, kinds, sizes and SHA-256, never contents.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass

from flask import abort, current_app
from flask_babel import gettext as _
from sqlalchemy import func, select

from app import audit
from app.clock import utcnow
from app.errors import UserError
from app.extensions import db
from app.models import Bid, BidDocument, Tender, User
from app.models.bid import SUBMITTED
from app.models.bid_document import DOCUMENT_KINDS
from app.presentation import count_text
from app.records.bid_documents import document_facts, document_rules_of, documents_of
from app.records.document_names import display_name
from app.records.file_types import FORMAT_NAMES, file_format, formats_text

FIELD = "document"


@dataclass(frozen=True)
class DocumentUpload:
    """A document as received: its kind, the bidder's reference for it, the name sent and the exact bytes."""

    kind: str
    reference: str
    name: str
    data: bytes


def add_document(bid: Bid, user: User, upload: DocumentUpload) -> BidDocument:
    """Store one document with the live version `bid` (ownership, the lock and the deadline checked by the
    caller); refused with a message at the file field when its content, size or the version's total is wrong."""
    if bid.status != SUBMITTED:
        raise UserError(_("Documents can be added to the live version only."))
    if upload.kind not in DOCUMENT_KINDS:
        abort(400)
    stored = db.session.scalar(select(func.coalesce(func.sum(BidDocument.size), 0))
                               .where(BidDocument.bid_id == bid.id))
    allowed = document_rules_of(db.session.get(Tender, bid.tender_id)).formats  # the tender, locked by the caller
    found, name = accepted_file(upload.data, upload.name, stored, allowed)
    document = BidDocument(bid_id=bid.id, kind=upload.kind, reference=" ".join(upload.reference.split())[:80],
                           display_name=name, file_format=found, size=len(upload.data),
                           sha256=hashlib.sha256(upload.data).hexdigest(), uploaded_at=utcnow(),
                           uploaded_by_id=user.id, data=upload.data)
    db.session.add(document)
    db.session.flush()
    audit.record("bid.document_add", bid, tender_id=bid.tender_id, details=document_facts(bid, document))
    return document


def accepted_file(data: bytes, sent_name: str, stored: int, allowed: tuple[str, ...], field: str = FIELD
                  ) -> tuple[str, str]:
    """The format found in an uploaded file's content and its cleaned display name, once its content is one of the
    tender's `allowed` formats and its size and the `stored` bytes of the bid's documents with it are within the
    limits; a UserError at `field` otherwise."""
    found = file_format(data)
    if found is None:
        raise UserError(_("The file's content is none of the accepted formats (%(formats)s), whatever its name "
                          "says: save it as one of them and upload it again.", formats=formats_text(allowed)), field)
    if found not in allowed:
        raise UserError(_("The file is a %(format)s document; this tender accepts %(formats)s only. Save it as one "
                          "of them and upload it again.", format=FORMAT_NAMES[found], formats=formats_text(allowed)),
                        field)
    limit, total_limit = (current_app.config["RESBID_DOCUMENT_MAX_BYTES"],
                          current_app.config["RESBID_BID_DOCUMENTS_MAX_BYTES"])
    if len(data) > limit:
        raise UserError(_("The file has %(size)s bytes; a document may have at most %(limit)s.",
                          size=count_text(len(data)), limit=count_text(limit)), field)
    if stored + len(data) > total_limit:
        raise UserError(_("With this file the documents of your bid would have %(size)s bytes; together they may "
                          "have at most %(limit)s. Remove a document or make the file smaller.",
                          size=count_text(stored + len(data)), limit=count_text(total_limit)), field)
    return found, display_name(sent_name) or _("document")


def remove_document(bid: Bid, document_id: int) -> BidDocument:
    """Delete one document of the live version `bid` (checked by the caller as for add_document)."""
    document = db.session.get(BidDocument, document_id)
    if document is None or document.bid_id != bid.id:
        abort(404)
    if bid.status != SUBMITTED:
        raise UserError(_("Documents can be removed from the live version only."))
    details = document_facts(bid, document)
    db.session.delete(document)
    db.session.flush()
    audit.record("bid.document_remove", bid, tender_id=bid.tender_id, details=details)
    return document


def carry_forward(replaced: Bid, new: Bid) -> list[str]:
    """Copy the replaced version's documents to the new version; their SHA-256, for the replacement's audit
    event."""
    copies = [BidDocument(bid_id=new.id, kind=old.kind, reference=old.reference, display_name=old.display_name,
                          file_format=old.file_format, size=old.size, sha256=old.sha256, uploaded_at=old.uploaded_at,
                          uploaded_by_id=old.uploaded_by_id, data=old.data)
              for old in documents_of([replaced.id], with_data=True)[replaced.id]]
    db.session.add_all(copies)
    db.session.flush()
    return [copy.sha256 for copy in copies]
