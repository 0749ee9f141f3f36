"""Audit actions in words: the one table the audit page, its CSV and the verification messages read.

An action is stored as a stable code ("bid.import") because the chain hashes it; people read the words.
tests/web/test_audit_words.py fails when an action recorded anywhere in app/ is missing here.
"""
from __future__ import annotations

from flask_babel import gettext

from app.languages import N_

ACTION_WORDS = {
    "access.denied": N_("page refused"),
    "audit.check": N_("whole audit log checked"),
    "auth.login": N_("signed in"),
    "auth.login_failed": N_("sign-in failed"),
    "auth.login_locked": N_("sign-in held back after failures"),
    "auth.logout": N_("signed out"),
    "bid.abnormal_decision": N_("abnormally low bid decided"),
    "bid.document_add": N_("bid document added"),
    "bid.document_download": N_("bid document downloaded by a committee member"),
    "bid.document_remove": N_("bid document removed"),
    "bid.download": N_("bid workbook downloaded by a committee member"),
    "bid.exclude": N_("bid excluded"),
    "bid.import": N_("bid imported"),
    "bid.replace": N_("bid replaced"),
    "bid.resolve_missing": N_("missing answer resolved"),
    "bid.resolve_unsubstantiated": N_("claim not substantiated: criterion scored at its minimum"),
    "bid.self_assessed": N_("workbook checked by bidder"),
    "bid.submit": N_("bid submitted"),
    "bid.withdraw": N_("bid withdrawn"),
    "bid.withdraw_resolution": N_("missing-answer resolution withdrawn"),
    "bundle.render": N_("evidence bundle produced"),
    "committee.add": N_("committee member seated"),
    "committee.chair": N_("committee chair seated"),
    "committee.declare": N_("conflict-of-interest declaration signed"),
    "consensus.record": N_("consensus score recorded"),
    "consensus.start": N_("consensus started"),
    "contract.call_off": N_("call-off recorded under a contract"),
    "contract.create": N_("contract made with the award"),
    "contract.report": N_("contract performance report submitted"),
    "contract.report_download": N_("performance report workbook downloaded"),
    "contract.respond": N_("response to a contract shortfall recorded"),
    "contract.pdf": N_("contract performance report produced"),
    "criterion.create": N_("criterion added"),
    "criterion.move": N_("criterion moved"),
    "criterion.remove": N_("criterion removed"),
    "criterion.update": N_("criterion changed"),
    "debrief.render": N_("debrief letter produced"),
    "organisation.create": N_("organisation created"),
    "report.render": N_("evaluation report produced"),
    "score.record": N_("score recorded"),
    "tender.close": N_("tender closed for submissions"),
    "tender.corrigendum": N_("corrigendum issued"),
    "tender.create": N_("tender created"),
    "tender.delete": N_("draft tender deleted"),
    "tender.duplicate": N_("draft tender copied"),
    "tender.export": N_("tender exported"),
    "tender.finalise": N_("evaluation finalised"),
    "tender.import": N_("tender imported"),
    "tender.open": N_("bids opened"),
    "tender.open_confirm": N_("opening confirmed"),
    "tender.preview_workbook": N_("bidder workbook previewed"),
    "tender.publish": N_("tender published"),
    "tender.update": N_("tender changed"),
    "user.create": N_("user account created"),
    "verification.answer": N_("bidder answered a verification request"),
    "verification.document_download": N_("verification answer document downloaded by a committee member"),
    "verification.outcome": N_("verification outcome recorded"),
    "verification.request": N_("bidder asked for evidence or clarification"),
}

# What is recorded under a contract after the award (reports, responses, call-offs, their copies): under the
# contract's tender, so the authority's audit page shows it, but outside the tender's evaluation record, which
# stays as finalised (its stored evaluation and its report are not made again for them).
UNDER_CONTRACT = ("contract.call_off", "contract.report", "contract.report_download", "contract.respond",
                  "contract.pdf")


def action_words(action: str) -> str:
    """The action as people say it, in the reader's language; an unknown code (an older release's) still reads as
    words, not as a code."""
    words = ACTION_WORDS.get(action)
    return gettext(words) if words else action.replace(".", " ").replace("_", " ")
