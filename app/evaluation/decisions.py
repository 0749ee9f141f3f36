"""The chair's recorded decisions: excluding bids, abnormally low prices (Art. 69); missing answers: resolving.py."""
from __future__ import annotations

from flask_babel import gettext as _

from app import audit
from app.errors import UserError
from app.evaluation.guards import in_evaluation, member
from app.extensions import db
from app.models import Bid, Tender, User
from app.models.bid import SUBMITTED
from scoring.bids import ABNORMAL_DECISIONS


def exclude_bid(tender: Tender, chair: User, bid_id: int, reason: str) -> Bid:
    """Exclude a bid from the evaluation, with the reason the report will quote."""
    bid = _decidable(tender, chair, bid_id, reason)
    if bid.exclusion_reason:
        raise UserError(_("this bid is already excluded"))
    bid.exclusion_reason = reason.strip()
    audit.record("bid.exclude", bid, tender_id=tender.id, actor=chair)
    return bid


def decide_abnormal(tender: Tender, chair: User, bid_id: int, decision: str, reason: str) -> Bid:
    """Record the decision on an abnormally low price after the bidder's explanation."""
    bid = _decidable(tender, chair, bid_id, reason)
    if decision not in ABNORMAL_DECISIONS:
        raise UserError(_("the decision is “explanation accepted” or “bid rejected”"), "decision")
    if bid.abnormal_decision:
        raise UserError(_("a decision on this price is already recorded"))
    bid.abnormal_decision = decision
    bid.abnormal_reason = reason.strip()
    audit.record("bid.abnormal_decision", bid, tender_id=tender.id, actor=chair, details={"decision": decision})
    return bid


def decidable_bid(tender: Tender, chair: User, bid_id: int) -> Bid:
    """The live bid a decision is about, once the chair may decide (between opening and finalisation)."""
    member(tender, chair, chair=True)
    in_evaluation(tender)
    bid = db.session.get(Bid, bid_id)
    if bid is None or bid.tender_id != tender.id or bid.status != SUBMITTED:
        raise UserError(_("no such bid in this tender"), "bid")
    return bid


def _decidable(tender: Tender, chair: User, bid_id: int, reason: str) -> Bid:
    bid = decidable_bid(tender, chair, bid_id)
    if not reason.strip():
        raise UserError(_("a written reason is required"), "reason")
    return bid
