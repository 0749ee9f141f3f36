"""Dashboard: each role lands where its work is."""
from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user

from app.auth.access import ANY_ROLE, public, roles
from app.models.user import OFFICER
from app.records import queries

bp = Blueprint("main", __name__)


@bp.route("/")
@public
def index():
    return redirect(url_for("main.dashboard"))


@bp.route("/dashboard")
@roles(ANY_ROLE)
def dashboard():
    if current_user.role == OFFICER:
        return redirect(url_for("tenders.index"))
    tenders = queries.tenders_visible_to(current_user)
    return render_template("main/dashboard.html", by_status=queries.group_by_status(tenders))
