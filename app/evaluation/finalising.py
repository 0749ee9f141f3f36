"""Finalising: the result is locked, its hash written to the audit log and the log checkpointed.

A tender divided into lots (Directive 2014/24/EU Art. 46) is finalised as one: every lot's result and the award
across lots are stored as one final row, whose SHA-256 the audit log records, once no lot has anything pending.
Each winner's contract is made with it when the tender published contract performance conditions
(app/records/contracts.py).
"""
from __future__ import annotations

from flask_babel import gettext as _

from app import audit
from app.clock import utcnow
from app.errors import UserError
from app.evaluation.guards import in_evaluation, member
from app.models import Tender, User
from app.models.tender import FINALISED
from app.records.contracts import make_contracts
from app.records.stored_results import fresh_evaluation, fresh_lots_evaluation, store_final, store_final_lots
from app.transactions import lock_tender
from scoring.result import EvaluationResult


def finalise(tender: Tender, chair: User) -> str:
    """Lock the evaluation once nothing is pending; return the result's hash."""
    tender = lock_tender(tender.id)
    member(tender, chair, chair=True)
    in_evaluation(tender)
    if tender.lot_rules is not None:
        evaluation = fresh_lots_evaluation(tender)
        pending = [_("lot %(number)s: %(item)s", number=lot.number, item=item)
                   for lot in evaluation.lots for item in _pending(lot.result)]
        _refuse_pending(pending)
        tender.result_sha256 = store_final_lots(tender, evaluation)
        awards = {lot.number: (lot.result, _awarded_bid(lot.result, evaluation.award.lot(lot.number).winner))
                  for lot in evaluation.lots}
    else:
        one = fresh_evaluation(tender)
        _refuse_pending(_pending(one.result))
        store_final(tender, one)
        tender.result_sha256 = one.result_sha256
        winner = one.result.winner
        awards = {None: (one.result, winner.bid_id if winner else None)}
    tender.status = FINALISED
    tender.finalised_at = utcnow()
    make_contracts(tender, awards, tender.finalised_at.date())  # Directive 2014/24/EU Art. 70 conditions bind
    event = audit.record("tender.finalise", tender, tender_id=tender.id, actor=chair,
                         details={"result_sha256": tender.result_sha256})
    audit.write_checkpoint("finalisation", event)
    return tender.result_sha256


def _pending(result: EvaluationResult) -> list[str]:
    """What keeps a result from being final: missing answers and abnormally low prices without a decision."""
    pending = [_("missing answer: %(bid)s / %(criterion)s", bid=m.bid_id, criterion=m.path)
               for m in result.needs_resolution]
    return pending + [_("abnormally low price without a decision: %(bid)s", bid=bid_id)
                      for bid_id in result.awaiting_decision]


def _awarded_bid(result: EvaluationResult, tenderer: str | None) -> str | None:
    """The bid of the tenderer the award across lots gives the lot (Art. 46(3): not always the lot's first)."""
    return next((bid.bid_id for bid in result.bids if bid.bidder == tenderer), None) if tenderer else None


def _refuse_pending(pending: list[str]) -> None:
    if pending:
        raise UserError(_("resolve these first: %(pending)s", pending="; ".join(pending)))
