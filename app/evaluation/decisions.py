"""The chair's recorded decisions: resolving missing answers, excluding bids, abnormally low prices (Art. 69)."""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from app import audit
from app.clock import utcnow
from app.errors import UserError
from app.evaluation.guards import in_evaluation, member
from app.extensions import db
from app.models import Bid, Criterion, Resolution, Tender, User
from app.models.bid import SUBMITTED
from scoring.bids import ABNORMAL_DECISIONS


def resolve_missing(tender: Tender, chair: User, bid_id: int, code: str, points: float, reason: str) -> Resolution:
    """Score a missing answer explicitly, with the reason (blank is not zero: DOMAIN.md §4)."""
    bid = _decidable(tender, chair, bid_id, reason)
    criterion = db.session.scalar(select(Criterion).where(Criterion.tender_id == tender.id, Criterion.code == code))
    if criterion is None or criterion.rule_kind is None:
        raise UserError(f"no criterion {code} in this tender", "criterion")
    if not 0 <= points <= 100:
        raise UserError("points are a percentage of the criterion's maximum, from 0 to 100", "points")
    if any(r.criterion_code == code for r in bid.resolutions):
        raise UserError(f"the missing answer to {code} is already resolved", "criterion")
    resolution = Resolution(criterion_code=code, points=Decimal(str(points)), reason=reason.strip(),
                            decided_by_id=chair.id, decided_at=utcnow())
    bid.resolutions.append(resolution)
    db.session.flush()
    audit.record("bid.resolve_missing", bid, tender_id=tender.id, actor=chair,
                 details={"criterion": code, "points": points})
    return resolution


def exclude_bid(tender: Tender, chair: User, bid_id: int, reason: str) -> Bid:
    """Exclude a bid from the evaluation, with the reason the report will quote."""
    bid = _decidable(tender, chair, bid_id, reason)
    if bid.exclusion_reason:
        raise UserError("this bid is already excluded")
    bid.exclusion_reason = reason.strip()
    audit.record("bid.exclude", bid, tender_id=tender.id, actor=chair)
    return bid


def decide_abnormal(tender: Tender, chair: User, bid_id: int, decision: str, reason: str) -> Bid:
    """Record the decision on an abnormally low price after the bidder's explanation."""
    bid = _decidable(tender, chair, bid_id, reason)
    if decision not in ABNORMAL_DECISIONS:
        raise UserError(f"the decision is {' or '.join(ABNORMAL_DECISIONS)}", "decision")
    if bid.abnormal_decision:
        raise UserError("a decision on this price is already recorded")
    bid.abnormal_decision = decision
    bid.abnormal_reason = reason.strip()
    audit.record("bid.abnormal_decision", bid, tender_id=tender.id, actor=chair, details={"decision": decision})
    return bid


def _decidable(tender: Tender, chair: User, bid_id: int, reason: str) -> Bid:
    member(tender, chair, chair=True)
    in_evaluation(tender)
    if not reason.strip():
        raise UserError("a written reason is required", "reason")
    bid = db.session.get(Bid, bid_id)
    if bid is None or bid.tender_id != tender.id or bid.status != SUBMITTED:
        raise UserError("no such bid in this tender", "bid")
    return bid
