"""The chair's recorded decisions: excluding bids, abnormally low prices (Art. 69); missing answers: resolving.py.

A tender divided into lots (Directive 2014/24/EU Art. 46) records them per lot, on the bid's row for that lot
(BidLot), with the same rules: the verbs take the lot and the audit event names it. An exclusion on grounds that
concern the tenderer rather than its bid for one lot (the exclusion grounds of Art. 57 concern the economic
operator) is marked on every lot of its bid, so the evaluation excludes it from every lot.
"""
from __future__ import annotations

from flask_babel import gettext as _

from app import audit
from app.errors import UserError
from app.evaluation.guards import in_evaluation, member
from app.evaluation.judging import checked_lot, lot_details
from app.extensions import db
from app.models import Bid, BidLot, Tender, User
from app.models.bid import SUBMITTED
from scoring.bids import ABNORMAL_DECISIONS


def exclude_bid(tender: Tender, chair: User, bid_id: int, reason: str, lot: int | None = None,
                concerns_tenderer: bool = False) -> Bid:
    """Exclude a bid (or its bid for one lot, or, on grounds concerning the tenderer, from every lot) from the
    evaluation, with the reason the report will quote."""
    bid = _decidable(tender, chair, bid_id, reason, lot)
    row = decided_row(bid, lot)
    if row.exclusion_reason or tenderer_excluded(bid, lot):
        raise UserError(_("this bid is already excluded"))
    if concerns_tenderer and lot is None:
        raise UserError(_("this tender is not divided into lots"), _("Lot"))
    row.exclusion_reason = reason.strip()
    if concerns_tenderer:
        for each in bid.lots:
            each.exclusion_concerns_tenderer = True
    details = {**lot_details(lot), **({"concerns_tenderer": True} if concerns_tenderer else {})}
    audit.record("bid.exclude", bid, tender_id=tender.id, actor=chair, details=details or None)
    return bid


def decide_abnormal(tender: Tender, chair: User, bid_id: int, decision: str, reason: str,
                    lot: int | None = None) -> Bid:
    """Record the decision on an abnormally low price (in one lot) after the bidder's explanation."""
    bid = _decidable(tender, chair, bid_id, reason, lot)
    if decision not in ABNORMAL_DECISIONS:
        raise UserError(_("the decision is “explanation accepted” or “bid rejected”"), "decision")
    row = decided_row(bid, lot)
    if row.abnormal_decision:
        raise UserError(_("a decision on this price is already recorded"))
    row.abnormal_decision = decision
    row.abnormal_reason = reason.strip()
    audit.record("bid.abnormal_decision", bid, tender_id=tender.id, actor=chair,
                 details={"decision": decision, **lot_details(lot)})
    return bid


def decidable_bid(tender: Tender, chair: User, bid_id: int, lot: int | None = None) -> Bid:
    """The live bid a decision is about (a bid for `lot` in a tender divided into lots), once the chair may decide
    (between opening and finalisation)."""
    member(tender, chair, chair=True)
    in_evaluation(tender)
    lot = checked_lot(tender, lot)
    bid = db.session.get(Bid, bid_id)
    if bid is None or bid.tender_id != tender.id or bid.status != SUBMITTED:
        raise UserError(_("no such bid in this tender"), "bid")
    if lot is not None and not any(row.lot_number == lot for row in bid.lots):
        raise UserError(_("this bid is not for lot %(lot)s", lot=lot), "bid")
    return bid


def decided_row(bid: Bid, lot: int | None) -> Bid | BidLot:
    """The row the officers' decisions on the bid are kept on: the bid's, or its row for the lot."""
    return bid if lot is None else next(row for row in bid.lots if row.lot_number == lot)


def tenderer_excluded(bid: Bid, lot: int | None) -> bool:
    """Whether the bid's tenderer is excluded from every lot on grounds recorded in one of them."""
    return lot is not None and any(row.exclusion_concerns_tenderer and row.exclusion_reason for row in bid.lots)


def _decidable(tender: Tender, chair: User, bid_id: int, reason: str, lot: int | None) -> Bid:
    bid = decidable_bid(tender, chair, bid_id, lot)
    if not reason.strip():
        raise UserError(_("a written reason is required"), "reason")
    return bid
