"""The committee's outcome of a verification request, and what follows from a claim that is not substantiated.

The outcome is verified, not verified or clarified, with a written reason. A claim not verified is decided on
with that reason through the paths every other decision takes, so the evaluation changes only through them and
the stored result is recomputed (each writes an audit event naming the tender, app/records/stored_results.py):
- its criterion is scored at the rule's minimum: a resolution of kind "unsubstantiated" (resolving.py's table and
  withdrawal; scoring/leaf_scoring.py scores it), or
- the bid is excluded (decisions.exclude_bid) under Directive 2014/24/EU Art. 57(4)(h), serious misrepresentation
  in supplying the information required, or Art. 57(4)(i), negligently providing misleading information that may
  have a material influence on decisions concerning exclusion, selection or award. Both grounds concern the
  economic operator: in a tender divided into lots the exclusion covers every lot of its bid.
"""
from __future__ import annotations

from flask_babel import gettext as _

from app import audit
from app.clock import utcnow
from app.errors import UserError
from app.evaluation import decisions
from app.evaluation.judging import lot_details
from app.evaluation.resolving import PLACE, add_resolution, leaf_of, lot_resolutions, refuse
from app.evaluation.verification import request_bid
from app.extensions import db
from app.models import Bid, Tender, User, VerificationRequest
from app.models.verification import CONSEQUENCES, EXCLUDE_H, EXCLUDE_I, MINIMUM, NOT_VERIFIED, OUTCOMES
from app.records.definition import scoring_tender
from scoring.bid_validation import resolution_problems
from scoring.bids import UNSUBSTANTIATED, Resolution
from scoring.plan import plan_scoring
from scoring.rules.base import PRICE, SCORE

GROUNDS = {EXCLUDE_H: "Directive 2014/24/EU Art. 57(4)(h)", EXCLUDE_I: "Directive 2014/24/EU Art. 57(4)(i)"}


def record_outcome(tender: Tender, chair: User, request_id: int, outcome: str, reason: str,
                   consequence: str | None = None, criterion_code: str | None = None) -> VerificationRequest:
    """Record the outcome once, and for a claim not verified the decision it leads to."""
    request = db.session.get(VerificationRequest, request_id)
    if request is None or request.tender_id != tender.id:
        raise UserError(_("no such verification request in this tender"))
    bid = request_bid(tender, chair, request.bid_id, request.lot_number)
    db.session.refresh(request)  # read after the tender's lock: a concurrent outcome has committed by now
    if request.outcome is not None:
        raise UserError(_("the outcome of this request is already recorded"))
    if outcome not in OUTCOMES:
        raise UserError(_("the outcome is verified, not verified or clarified"), "outcome")
    if not reason.strip():
        raise UserError(_("a written reason is required"), "reason")
    consequence = consequence or None
    if outcome == NOT_VERIFIED and consequence not in CONSEQUENCES:
        raise UserError(_("a claim not verified is scored at its criterion's minimum or the bid is excluded: "
                          "choose which"), "consequence")
    if outcome != NOT_VERIFIED and consequence is not None:
        raise UserError(_("only a claim not verified leads to a decision"), "consequence")
    request.outcome, request.outcome_reason = outcome, reason.strip()
    request.consequence, request.decided_at, request.decided_by_id = consequence, utcnow(), chair.id
    if consequence == MINIMUM:
        request.criterion_code = _score_at_minimum(tender, chair, bid, request, criterion_code or "")
    elif consequence in GROUNDS:  # before any audit event of this transaction: the tender is locked first
        lot = _exclusion_lot(tender, bid, request)
        decisions.exclude_bid(tender, chair, bid.id, f"{GROUNDS[consequence]}: {request.outcome_reason}", lot,
                              concerns_tenderer=lot is not None)
    audit.record("verification.outcome", request, tender_id=tender.id, actor=chair,
                 details={"bidder": bid.organisation.name, "label": bid.label, "outcome": outcome,
                          "reason": request.outcome_reason, "consequence": consequence,
                          "criterion": request.criterion_code, **lot_details(request.lot_number)})
    return request


def claim_criteria(tender: Tender, lot: int | None = None) -> dict[str, str]:
    """The criteria a claim can be scored at the minimum on, by code: those the bid answers or its supply chain
    measures (a price is never; a judgement criterion the committee scores itself)."""
    definition = scoring_tender(tender)
    plan = plan_scoring(definition if lot is None else definition.lot_view(lot))
    return {leaf.code: leaf.path for leaf in plan.leaves if leaf.rule.value_kind not in (PRICE, SCORE)}


def _score_at_minimum(tender: Tender, chair: User, bid: Bid, request: VerificationRequest, code: str) -> str:
    lot = request.lot_number
    if lot is None and tender.lot_rules is not None:
        raise UserError(_("this request is about the whole bid: a criterion is scored in one lot, so ask about a "
                          "supply line of that lot"), "consequence")
    if code not in claim_criteria(tender, lot):
        raise UserError(_("choose the criterion the claim earned points on"), "criterion")
    if any(r.criterion_code == code for r in lot_resolutions(bid, lot)):
        raise UserError(_("a resolution of %(criterion)s is already recorded for this bid; withdraw it on the "
                          "decisions page first", criterion=code), "criterion")
    resolution = Resolution(UNSUBSTANTIATED, request.outcome_reason)
    refuse(resolution_problems(leaf_of(tender, code, lot), resolution, PLACE))
    row = add_resolution(bid, code, resolution, chair, lot, _("a resolution of %(criterion)s was recorded a moment "
                                                               "ago; reload the page", criterion=code))
    audit.record("bid.resolve_unsubstantiated", bid, tender_id=tender.id, actor=chair,
                 details={"criterion": code, "kind": UNSUBSTANTIATED, "reason": row.reason,
                          "verification_request_id": request.id, **lot_details(lot)})
    return code


def _exclusion_lot(tender: Tender, bid: Bid, request: VerificationRequest) -> int | None:
    """The lot an exclusion is recorded in: the line's, else the bid's first; none for a tender without lots."""
    if tender.lot_rules is None:
        return None
    return request.lot_number or min(row.lot_number for row in bid.lots)
