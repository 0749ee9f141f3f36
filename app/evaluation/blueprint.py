"""The evaluation blueprint: every view of app/evaluation registers on it, and every page gets the guided path."""
from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import current_user
from markupsafe import Markup

from app.languages import interface_language
from app.models import CommitteeMember, Tender
from app.models.tender import FINALISED
from app.records.access import sees_prices
from app.records.journey import journey
from app.records.memo import app_memo

TABS_KEPT = 256  # rendered tabs each worker keeps

bp = Blueprint("evaluation", __name__, url_prefix="/tenders/<int:tender_id>")
bp.add_app_template_global(sees_prices)  # the pages offer price views only to members who may see them


@bp.context_processor
def _guided_path():
    """The tabs, stepper and next steps on every evaluation page (app/records/journey.py)."""
    return {"journey_of": lambda tender: journey(tender, current_user), "evaluation_tabs": evaluation_tabs}


def evaluation_tabs(tender: Tender, seat: CommitteeMember | None) -> Markup:
    """The tabs this reader may use and the guided path, above every evaluation page.

    A finalised tender's can no longer change but with its row (its version), and show the reader only through
    their seat: they are rendered once per row version, seat, page and language. An open tender's depend on the
    reader's scoring progress and on the clock, and are rendered for each request."""
    if tender.status != FINALISED:
        return Markup(render_template("evaluation/_tabs_body.html", tender=tender, seat=seat))
    kept = app_memo("resbid.evaluation_tabs", TABS_KEPT)
    key = (tender.id, tender.version, current_user.id,
           seat and (seat.id, seat.is_chair, seat.is_technical, seat.has_declared), request.endpoint,
           interface_language())
    return kept.get_or_build(key, lambda: Markup(render_template("evaluation/_tabs_body.html", tender=tender,
                                                                 seat=seat)))
