"""The report's record of the verification of claims before the award: each request to a bidder, its answers with
the SHA-256 of each answer and document, the committee's outcome and the decision it led to, written in the
procedure language (app/reports/wording.py) as JSON-safe data for the report context.

Only the facts go in; the documents' bytes are in the evidence bundle (app/reports/bundle_documents.py).
"""
from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.models import Bid, Organisation, Tender
from app.records.verification import verification_rows
from app.reports.context import moment
from app.reports.wording import N_
from app.reports.wording import gettext as _

# The words of app/records/verification.py (OUTCOME_NAMES, CONSEQUENCE_NAMES), same msgids, for documents.
OUTCOME_WORDS = {"verified": N_("verified"), "not_verified": N_("not verified"), "clarified": N_("clarified")}
CONSEQUENCE_WORDS = {
    "minimum": N_("criterion scored at the rule's minimum"),
    "exclude_57_4_h": N_("bid excluded under Directive 2014/24/EU Art. 57(4)(h): serious misrepresentation in "
                         "supplying the information required"),
    "exclude_57_4_i": N_("bid excluded under Directive 2014/24/EU Art. 57(4)(i): misleading information that may "
                         "have a material influence on the award"),
}


def verification_entries(tender: Tender, paths: dict[str, str]) -> list[dict]:
    """The tender's requests, oldest first, in the current document language; `paths` names the criteria."""
    rows = verification_rows(tender_id=tender.id)
    bidders = dict(db.session.execute(select(Bid.id, Organisation.name).join(Organisation).where(
        Bid.id.in_({row.request.bid_id for row in rows}))).all())
    zone = tender.time_zone
    entries = []
    for row in rows:
        request = row.request
        entries.append({
            "bidder": bidders[request.bid_id], "subject": row.subject or _("the bid as a whole"),
            "lot": request.lot_number, "question": request.question, "asked": moment(request.asked_at, zone),
            "reply_by": moment(request.reply_by, zone),
            "answers": [{"at": moment(answer.answered_at, zone), "text": answer.text, "sha256": answer.sha256,
                         "documents": [{"name": document.display_name, "bytes": document.size,
                                        "sha256": document.sha256} for document in answer.documents]}
                        for answer in request.answers],
            "outcome": _(OUTCOME_WORDS[request.outcome]) if request.outcome else None,
            "reason": request.outcome_reason, "decided": moment(request.decided_at, zone),
            "decision": _(CONSEQUENCE_WORDS[request.consequence]) if request.consequence else None,
            "criterion": paths.get(request.criterion_code, request.criterion_code) if request.criterion_code else None,
        })
    return entries
