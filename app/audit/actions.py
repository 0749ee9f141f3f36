"""Audit actions in words: the one table the audit page, its CSV and the verification messages read.

An action is stored as a stable code ("bid.import") because the chain hashes it; people read the words.
tests/web/test_audit_words.py fails when an action recorded anywhere in app/ is missing here.
"""
from __future__ import annotations

ACTION_WORDS = {
    "access.denied": "page refused",
    "auth.login": "signed in",
    "auth.login_failed": "sign-in failed",
    "auth.login_locked": "sign-in held back after failures",
    "auth.logout": "signed out",
    "bid.abnormal_decision": "abnormally low bid decided",
    "bid.download": "bid workbook downloaded by a committee member",
    "bid.exclude": "bid excluded",
    "bid.import": "bid imported",
    "bid.replace": "bid replaced",
    "bid.resolve_missing": "missing answer resolved",
    "bid.self_assessed": "workbook checked by bidder",
    "bid.submit": "bid submitted",
    "bid.withdraw": "bid withdrawn",
    "bid.withdraw_resolution": "missing-answer resolution withdrawn",
    "bundle.render": "evidence bundle produced",
    "committee.add": "committee member seated",
    "committee.chair": "committee chair seated",
    "committee.declare": "conflict-of-interest declaration signed",
    "consensus.record": "consensus score recorded",
    "consensus.start": "consensus started",
    "criterion.create": "criterion added",
    "criterion.move": "criterion moved",
    "criterion.remove": "criterion removed",
    "criterion.update": "criterion changed",
    "debrief.render": "debrief letter produced",
    "organisation.create": "organisation created",
    "report.render": "evaluation report produced",
    "score.record": "score recorded",
    "tender.close": "tender closed for submissions",
    "tender.corrigendum": "corrigendum issued",
    "tender.create": "tender created",
    "tender.delete": "draft tender deleted",
    "tender.duplicate": "draft tender copied",
    "tender.export": "tender exported",
    "tender.finalise": "evaluation finalised",
    "tender.import": "tender imported",
    "tender.open": "bids opened",
    "tender.open_confirm": "opening confirmed",
    "tender.preview_workbook": "bidder workbook previewed",
    "tender.publish": "tender published",
    "tender.update": "tender changed",
    "user.create": "user account created",
}


def action_words(action: str) -> str:
    """The action as people say it; an unknown code (an older release's) still reads as words, not as a code."""
    return ACTION_WORDS.get(action) or action.replace(".", " ").replace("_", " ")
