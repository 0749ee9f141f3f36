"""A bid version's documents as every area reads them: their kinds and envelopes in words, one statement for the
documents of many versions, and who is kept from which (app/models/bid_document.py says why).
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import undefer

from app.extensions import db
from app.models import BidDocument
from app.models.bid_document import PRICE_ENVELOPE, TECHNICAL_ENVELOPE

KIND_NAMES = {"technical_proposal": _l("Technical proposal"), "certificate": _l("Certificate"),
              "supply_evidence": _l("Supply-chain evidence"), "price_breakdown": _l("Price breakdown")}
ENVELOPE_NAMES = {TECHNICAL_ENVELOPE: _l("technical envelope"), PRICE_ENVELOPE: _l("financial envelope")}


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
