"""The evaluation blueprint: every view of app/evaluation registers on it, and every page gets the guided path."""
from __future__ import annotations

from flask import Blueprint
from flask_login import current_user

from app.records.access import sees_prices
from app.records.journey import journey

bp = Blueprint("evaluation", __name__, url_prefix="/tenders/<int:tender_id>")
bp.add_app_template_global(sees_prices)  # the pages offer price views only to members who may see them


@bp.context_processor
def _guided_path():
    """The stepper and next steps on every evaluation page (app/records/journey.py)."""
    return {"journey_of": lambda tender: journey(tender, current_user)}
