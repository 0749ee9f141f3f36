"""Who may read a tender's report: decided here for the report, evidence and debrief pages."""
from __future__ import annotations

from flask import abort, url_for
from flask_babel import gettext
from flask_login import current_user
from sqlalchemy import select

from app.auth.access import deny
from app.errors import NotYet
from app.extensions import db
from app.models import Bid, Tender
from app.models.bid import SUBMITTED
from app.models.tender import FINALISED
from app.models.user import AUDITOR
from app.records.access import authority_tender, require_price_access
from app.records.journey import STAGE_NAMES


def auditable_tender(tender_id: int, *, is_page: bool = False) -> Tender:
    """A finalised tender of the auditor's own authority (Annex IV (e): auditors only after finalisation).

    Before finalisation a page (`is_page`) says when the report opens (app.errors.NotYet); files answer 403,
    recorded."""
    tender = db.session.get(Tender, tender_id)  # no statement: the user loader read it with the reader
    if tender is None or tender.authority_id != current_user.organisation_id:
        abort(404)
    if tender.status != FINALISED and is_page:
        raise NotYet(gettext("The evaluation report of tender %(reference)s opens to auditors once the committee "
                             "has finalised the evaluation; the tender is now at the stage: %(stage)s.",
                             reference=tender.reference, stage=STAGE_NAMES[tender.status]),
                     gettext("Back to the dashboard"), url_for("main.dashboard"))
    if tender.status != FINALISED:
        deny(f"tender {tender.id} is not finalised: auditors read finalised tenders only")
    return tender


def reportable_tender(tender_id: int, *, is_page: bool = False) -> Tender:
    """Auditors: as auditable_tender. Officers: committee members who declared and see prices, once the bids
    are open (the report shows every price, total and ranking)."""
    if current_user.role == AUDITOR:
        return auditable_tender(tender_id, is_page=is_page)
    tender = authority_tender(tender_id)
    require_price_access(tender)
    return tender


def own_bid(tender_id: int, *, is_page: bool = False) -> tuple[Tender, Bid]:
    """The signed-in bidder's live bid in a finalised tender; 404 when it has none. Before finalisation a page
    (`is_page`) says when the letter comes (app.errors.NotYet); the letter's file answers 403, recorded."""
    tender = db.session.get(Tender, tender_id)  # no statement: the user loader read it with the reader
    bid = None if tender is None else db.session.scalar(select(Bid).where(
        Bid.tender_id == tender.id, Bid.organisation_id == current_user.organisation_id, Bid.status == SUBMITTED))
    if bid is None:
        deny(f"no bid of organisation {current_user.organisation_id} in tender {tender_id}", status=404)
    if tender.status != FINALISED and is_page:
        raise NotYet(gettext("Your debrief letter for tender %(reference)s is ready once the contracting authority "
                             "has finalised the evaluation; it states the outcome, the reasons and the standstill "
                             "period (Directive 89/665/EEC Art. 2a).", reference=tender.reference),
                     gettext("Your bid"), url_for("portal.tender", tender_id=tender.id))
    if tender.status != FINALISED:
        deny(f"debrief letters of tender {tender.id} open only after finalisation")
    return tender, bid
