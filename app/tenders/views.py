"""Officer pages for the authority's tenders: the list and the tender page (set-up and criteria views join `bp`)."""
from __future__ import annotations

from flask import render_template
from flask_login import current_user
from sqlalchemy import func, select

from app.auth.access import roles
from app.extensions import db
from app.models import Bid
from app.models.bid import SUBMITTED
from app.models.tender import DRAFT
from app.models.user import OFFICER
from app.records import queries
from app.records.access import authority_tender, committee_seat
from app.records.bid_documents import rules_text
from app.records.contracts import contracts_for
from app.records.definition import facility_rule_text, recycled_rule_text
from app.records.journey import journey
from app.records.performance_terms import performance_terms
from app.tenders.blueprint import bp
from app.tenders.corrigenda import corrigenda_of, refusal
from app.tenders.forms import GROUND_WORDS
from app.tenders.outline import Outline
from app.tenders.publishing import GROUNDS, publication_problems

__all__ = ["bp"]


@bp.route("/")
@roles(OFFICER)
def index():
    tenders = queries.tenders_visible_to(current_user)
    return render_template("tenders/index.html", by_status=queries.group_by_status(tenders))


@bp.route("/<int:tender_id>")
@roles(OFFICER)
def show(tender_id: int):
    tender = authority_tender(tender_id)
    received = db.session.scalar(select(func.count()).select_from(Bid).where(
        Bid.tender_id == tender.id, Bid.status == SUBMITTED))
    is_draft = tender.status == DRAFT
    return render_template("tenders/show.html", tender=tender, outline=Outline(tender), received=received,
                           seat=committee_seat(tender), problems=publication_problems(tender) if is_draft else [],
                           publish_grounds=GROUNDS, ground_words=GROUND_WORDS, corrigenda=corrigenda_of(tender),
                           corrigendum_refusal=refusal(tender), journey=journey(tender, current_user),
                           document_rules=rules_text(tender), recycled_rule=recycled_rule_text(tender),
                           facility_rule=facility_rule_text(tender),
                           contract_rows=contracts_for(current_user, tender.id), performance=performance_terms(tender))


from app.tenders import (  # noqa: E402,F401  (their routes join bp)
    criteria_views,
    performance_views,
    plausibility_views,
    setup_views,
)
