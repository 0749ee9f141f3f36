"""Finalising: the result is locked, its hash written to the audit log and the log checkpointed."""
from __future__ import annotations

from flask_babel import gettext as _

from app import audit
from app.clock import utcnow
from app.errors import UserError
from app.evaluation.guards import in_evaluation, member
from app.models import Tender, User
from app.models.tender import FINALISED
from app.records.stored_results import fresh_evaluation, store_final
from app.transactions import lock_tender


def finalise(tender: Tender, chair: User) -> str:
    """Lock the evaluation once nothing is pending; return the result's hash."""
    tender = lock_tender(tender.id)
    member(tender, chair, chair=True)
    in_evaluation(tender)
    evaluation = fresh_evaluation(tender)
    result = evaluation.result
    pending = [_("missing answer: %(bid)s / %(criterion)s", bid=m.bid_id, criterion=m.path)
               for m in result.needs_resolution]
    pending += [_("abnormally low price without a decision: %(bid)s", bid=bid_id)
                for bid_id in result.awaiting_decision]
    if pending:
        raise UserError(_("resolve these first: %(pending)s", pending="; ".join(pending)))
    store_final(tender, evaluation)
    tender.result_sha256 = evaluation.result_sha256
    tender.status = FINALISED
    tender.finalised_at = utcnow()
    event = audit.record("tender.finalise", tender, tender_id=tender.id, actor=chair,
                         details={"result_sha256": tender.result_sha256})
    audit.write_checkpoint("finalisation", event)
    return tender.result_sha256
