"""Officer pages for the authority's tenders."""
from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user
from sqlalchemy import func, select

from app.auth.access import roles
from app.extensions import db
from app.main import queries
from app.models import Bid
from app.models.bid import SUBMITTED
from app.models.user import OFFICER
from app.tenders.access import authority_tender, committee_seat
from app.tenders.definition import definition_of
from scoring import parse_tender
from scoring.criteria import walk

bp = Blueprint("tenders", __name__, url_prefix="/tenders")


@bp.route("/")
@roles(OFFICER)
def index():
    tenders = queries.tenders_visible_to(current_user)
    return render_template("tenders/index.html", by_status=queries.group_by_status(tenders))


@bp.route("/<int:tender_id>")
@roles(OFFICER)
def show(tender_id: int):
    tender = authority_tender(tender_id)
    definition = parse_tender(definition_of(tender))
    received = db.session.scalar(select(func.count()).select_from(Bid).where(
        Bid.tender_id == tender.id, Bid.status == SUBMITTED))
    return render_template("tenders/show.html", tender=tender, criteria=list(walk(definition.criteria)),
                           received=received, seat=committee_seat(tender))
