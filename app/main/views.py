"""Dashboard: each role lands where its work is, every tender with what it awaits (app/records/journey.py)."""
from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user

from app.auth.access import ANY_ROLE, public, roles
from app.models.user import AUDITOR, BIDDER, OFFICER
from app.records import journey, queries
from app.records.contracts import contracts_for

bp = Blueprint("main", __name__)


@bp.route("/")
@public
def index():
    return redirect(url_for("main.dashboard"))


@bp.route("/dashboard")
@roles(ANY_ROLE)
def dashboard():
    tenders = queries.tenders_visible_to(current_user)
    contract_rows = contracts_for(current_user)
    if current_user.role == OFFICER:
        return render_template("main/dashboard.html", officer_rows=journey.officer_rows(tenders, current_user),
                               contract_rows=contract_rows)
    if current_user.role == BIDDER:
        return render_template("main/dashboard.html", bidder_rows=journey.bidder_rows(current_user),
                               contract_rows=contract_rows)
    if current_user.role == AUDITOR:
        return render_template("main/dashboard.html", finalised=tenders, contract_rows=contract_rows)
    return render_template("main/dashboard.html", by_status=queries.group_by_status(tenders))
