"""The officers' blueprint and the clock hook every page runs first."""
from __future__ import annotations

from flask import Blueprint, request

from app.extensions import db
from app.records.lifecycle import close_due_tenders

bp = Blueprint("tenders", __name__, url_prefix="/tenders")


@bp.before_app_request
def apply_clock() -> None:
    """Close published tenders whose deadline passed before any page (of any area) lists or reads them."""
    if request.endpoint not in (None, "static") and close_due_tenders():
        db.session.commit()
