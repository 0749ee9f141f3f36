"""The committee's verification pages: thin views over app/evaluation/verification.py and verification_outcome.py,
on the bid page (Post/Redirect/Get back to its verification section)."""
from __future__ import annotations

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.access import roles
from app.errors import perform
from app.evaluation import verification, verification_outcome
from app.evaluation.bid_reading import BidReading
from app.evaluation.blueprint import bp
from app.evaluation.forms import is_refused
from app.evaluation.guards import SCORING_STATUSES
from app.evaluation.verification_forms import OutcomeForm, VerificationRequestForm
from app.models import Bid, CommitteeMember, Tender
from app.models.user import OFFICER
from app.records.access import authority_tender, require_opened_bid
from app.records.bid_documents import served_document
from app.records.verification import ARTICLE_56_3, CONSEQUENCE_NAMES, OUTCOME_NAMES, verification_rows


def verification_section(tender: Tender, seat: CommitteeMember, bid: Bid, reading: BidReading) -> dict:
    """What the bid page's verification section shows this member: the requests, and to the chair while the
    evaluation is open the forms to ask and to record outcomes."""
    may_decide = seat.is_chair and tender.status in SCORING_STATUSES
    flagged = {flag.line for part in reading.parts for flag in part.flags if flag.line}
    ask = VerificationRequestForm(formdata=None)
    ask.line.choices = verification.line_choices(bid, flagged)
    rows = verification_rows(tender.id, bid.id)
    lots = {row.request.lot_number for row in rows}
    criteria = {lot: verification_outcome.claim_criteria(tender, lot)
                for lot in lots if lot is not None or tender.lot_rules is None}
    return {"rows": rows, "may_decide": may_decide, "ask": ask, "outcome": OutcomeForm(formdata=None),
            "article": ARTICLE_56_3, "criteria": criteria,
            "outcome_names": OUTCOME_NAMES, "consequence_names": CONSEQUENCE_NAMES}


def _back(tender: Tender, bid: Bid) -> str:
    return url_for("evaluation.bid_page", tender_id=tender.id, bid_id=bid.id, _anchor="verification")


@bp.route("/bids/<int:bid_id>/verification", methods=["POST"])
@roles(OFFICER)
def ask_bidder(tender_id: int, bid_id: int):
    tender = authority_tender(tender_id)
    _seat, bid = require_opened_bid(tender, bid_id)
    form = VerificationRequestForm()
    if not is_refused(form) and perform(verification.ask, tender, current_user, bid.id, form.line_id(),
                                            form.question.data, form.reply_by.data, back=_back(tender, bid)):
        flash(_("Request sent: the bidder sees it in the portal and may answer until the deadline."), "success")
    return redirect(_back(tender, bid))


@bp.route("/bids/<int:bid_id>/verification/outcome", methods=["POST"])
@roles(OFFICER)
def record_verification_outcome(tender_id: int, bid_id: int):
    tender = authority_tender(tender_id)
    _seat, bid = require_opened_bid(tender, bid_id)
    form = OutcomeForm()
    if not is_refused(form) and perform(verification_outcome.record_outcome, tender, current_user,
                                            form.request_id.data, form.outcome.data, form.reason.data,
                                            form.consequence.data, form.criterion.data, back=_back(tender, bid)):
        flash(_("Outcome recorded."), "success")
    return redirect(_back(tender, bid))


@bp.route("/bids/<int:bid_id>/verification/<int:request_id>/documents/<int:document_id>")
@roles(OFFICER)
def verification_document(tender_id: int, bid_id: int, request_id: int, document_id: int):
    tender = authority_tender(tender_id)
    _seat, bid = require_opened_bid(tender, bid_id)
    return served_document(perform(verification.download_answer_document, tender, current_user, bid, request_id,
                                   document_id))
