"""A bid version's documents as every area reads them: their kinds and envelopes in words, one statement for the
documents of many versions, who is kept from which (app/models/bid_document.py says why), the tender's published
rules for them, and the one way a document leaves the server: as a download.
"""
from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO

from flask import Response, send_file
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import undefer

from app.extensions import db
from app.models import Bid, BidDocument, Tender
from app.models.bid_document import PRICE_ENVELOPE, TECHNICAL_ENVELOPE
from app.presentation import sentence_text
from app.records.document_names import download_name
from app.records.file_types import EXTENSIONS, formats_text
from scoring.document_rules import DocumentRules, parse_document_rules
from scoring.plausibility import evidence_rule

KIND_NAMES = {"technical_proposal": _l("Technical proposal"), "certificate": _l("Certificate"),
              "supply_evidence": _l("Supply-chain evidence"), "price_breakdown": _l("Price breakdown")}
ENVELOPE_NAMES = {TECHNICAL_ENVELOPE: _l("technical envelope"), PRICE_ENVELOPE: _l("financial envelope")}
# Served as bytes to save, never as a page: a generic type, and a policy that runs nothing if a browser opens it.
DOWNLOAD_TYPE = "application/octet-stream"
DOWNLOAD_HEADERS = {"X-Content-Type-Options": "nosniff", "Content-Security-Policy": "default-src 'none'; sandbox"}


def documents_of(bid_ids: list[int], with_data: bool = False) -> dict[int, list[BidDocument]]:
    """The documents of these bid versions in one statement, oldest first, by bid id."""
    found: dict[int, list[BidDocument]] = {bid_id: [] for bid_id in bid_ids}
    if not bid_ids:
        return found
    query = select(BidDocument).where(BidDocument.bid_id.in_(bid_ids)).order_by(BidDocument.id)
    if with_data:
        query = query.options(undefer(BidDocument.data))
    for document in db.session.scalars(query):
        found[document.bid_id].append(document)
    return found


def sealed_from(document: BidDocument, sees_prices: bool) -> bool:
    """Whether a committee member who may (not) see prices is kept from this document."""
    return document.envelope == PRICE_ENVELOPE and not sees_prices


def document_rules_of(tender: Tender) -> DocumentRules:
    """The tender's published rules for bid documents (stored once checked, by the rules form or an import)."""
    return parse_document_rules(tender.document_rules)[0]


@dataclass(frozen=True)
class RulesText:
    """The tender's document rules in the reader's language, as the officer's and the bidder's pages state them."""

    formats: str  # "PDF, PNG or Word (.docx)"
    evidence: str  # "Every supply line at the refining stage needs a document that proves it."; "" when none


def rules_text(tender: Tender) -> RulesText:
    """The tender's document rules as its pages state them."""
    rules = document_rules_of(tender)
    rule = evidence_rule(rules)
    return RulesText(formats_text(rules.formats), sentence_text(rule) if rule else "")


def download_of(document: BidDocument) -> tuple[str, bytes]:
    """The name a document is offered to save under, and its bytes (loaded with it)."""
    return download_name(document.display_name, EXTENSIONS[document.file_format], document.kind), document.data


def served_document(download: tuple[str, bytes]) -> Response:
    """A document (download_of; who may have it checked by the caller) as an attachment, never a page: the
    committee's download and the bidder's of its own documents are this one response."""
    name, data = download
    response = send_file(BytesIO(data), mimetype=DOWNLOAD_TYPE, as_attachment=True, download_name=name)
    response.headers.update(DOWNLOAD_HEADERS)
    return response


def document_facts(bid: Bid, document: BidDocument) -> dict:
    """What the audit log records of a document: ids, kind, envelope, hash and size, never its contents."""
    return {"label": bid.label, "version": bid.version_no, "document_id": document.id, "kind": document.kind,
            "envelope": document.envelope, "sha256": document.sha256, "bytes": document.size}
