"""A bidder's debrief letters: listed per tender, rendered in the background, downloaded after finalisation."""
from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from app.auth.access import roles
from app.extensions import db
from app.models import Bid, Tender
from app.models.bid import SUBMITTED
from app.models.user import BIDDER
from app.records.lifecycle import close_due_tenders
from app.reports.access import own_bid
from app.reports.bundle import bundle_name
from app.reports.delivery import send_document, status_page
from app.reports.service import request_debrief

bp = Blueprint("debriefs", __name__, url_prefix="/debriefs")


@bp.route("/")
@roles(BIDDER)
def index():
    close_due_tenders()  # the list shows each tender's status
    tenders = db.session.scalars(select(Tender).join(Bid, Bid.tender_id == Tender.id).where(
        Bid.organisation_id == current_user.organisation_id, Bid.status == SUBMITTED).order_by(Tender.reference))
    return render_template("debriefs/index.html", tenders=list(tenders))


@bp.route("/<int:tender_id>")
@roles(BIDDER)
def status(tender_id: int):
    tender, bid = own_bid(tender_id, is_page=True)
    return status_page(request_debrief(tender, bid), tender=tender,
                       title=_("Debrief letter %(reference)s", reference=tender.reference),
                       download=url_for("debriefs.letter", tender_id=tender.id))


@bp.route("/<int:tender_id>/letter.pdf")
@roles(BIDDER)
def letter(tender_id: int):
    tender, bid = own_bid(tender_id)
    document = request_debrief(tender, bid)
    if not document.is_done:
        return redirect(url_for("debriefs.status", tender_id=tender.id))
    return send_document(document, f"{bundle_name(tender)}-debrief.pdf")
