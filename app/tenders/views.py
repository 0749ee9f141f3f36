"""Officer pages for the authority's tenders."""
from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user

from app.auth.access import roles
from app.main import queries
from app.models.user import OFFICER

bp = Blueprint("tenders", __name__, url_prefix="/tenders")


@bp.route("/")
@roles(OFFICER)
def index():
    tenders = queries.tenders_visible_to(current_user)
    return render_template("tenders/index.html", by_status=queries.group_by_status(tenders))
