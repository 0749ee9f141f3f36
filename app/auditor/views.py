"""Auditor pages. Auditors read everything of their authority's finalised tenders and change nothing:
every route is a GET."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user

from app.auth.access import roles
from app.extensions import db
from app.models.user import AUDITOR
from app.records import queries
from app.reports.access import auditable_tender
from app.reports.bundle import build_evidence_bundle, bundle_name
from app.reports.delivery import send_bytes
from app.reports.service import request_report

bp = Blueprint("auditor", __name__, url_prefix="/auditor")


@bp.route("/")
@roles(AUDITOR)
def index():
    return render_template("auditor/index.html", tenders=queries.tenders_visible_to(current_user))


@bp.route("/tenders/<int:tender_id>/evidence.zip")
@roles(AUDITOR)
def evidence(tender_id: int):
    tender = auditable_tender(tender_id)
    document, context = request_report(tender)
    if not document.is_done:
        flash("The evidence bundle includes the report: it is being rendered. Download the bundle when it is ready.")
        return redirect(url_for("reports.status", tender_id=tender.id))
    bundle = build_evidence_bundle(tender, document.pdf, context["evaluation_json"])
    db.session.commit()  # the export's audit event
    return send_bytes(bundle, f"{bundle_name(tender)}-evidence.zip", "application/zip")
