"""Finalising: the result is locked, its hash written to the audit log and the log checkpointed."""
from __future__ import annotations

import hashlib

from app import audit
from app.audit.chain import canonical_json
from app.clock import utcnow
from app.errors import UserError
from app.evaluation.guards import in_evaluation, member
from app.models import Tender, User
from app.models.tender import FINALISED
from app.records.evaluation import evaluate_stored
from app.transactions import lock_tender
from scoring.result import EvaluationResult


def result_sha256(result: EvaluationResult) -> str:
    """The hash that identifies a result: SHA-256 of its canonical JSON."""
    return hashlib.sha256(canonical_json(result.to_dict()).encode("utf-8")).hexdigest()


def finalise(tender: Tender, chair: User) -> str:
    """Lock the evaluation once nothing is pending; return the result's hash."""
    tender = lock_tender(tender.id)
    member(tender, chair, chair=True)
    in_evaluation(tender)
    result = evaluate_stored(tender)
    pending = [f"missing answer: {m.bid_id} / {m.path}" for m in result.needs_resolution]
    pending += [f"abnormally low price without a decision: {bid_id}" for bid_id in result.awaiting_decision]
    if pending:
        raise UserError("resolve these first: " + "; ".join(pending))
    tender.result_sha256 = result_sha256(result)
    tender.status = FINALISED
    tender.finalised_at = utcnow()
    event = audit.record("tender.finalise", tender, tender_id=tender.id, actor=chair,
                         details={"result_sha256": tender.result_sha256})
    audit.write_checkpoint("finalisation", event)
    return tender.result_sha256
