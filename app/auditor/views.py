"""Auditor pages. Auditors read everything of their authority's finalised tenders and change nothing:
every route is a GET."""
from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.access import roles
from app.models.report import BUNDLE
from app.models.user import AUDITOR
from app.records import queries
from app.records.contracts import contracts_for
from app.reports.access import auditable_tender
from app.reports.bundle import bundle_name
from app.reports.delivery import send_document, status_page
from app.reports.service import current_bundle

bp = Blueprint("auditor", __name__, url_prefix="/auditor")


@bp.route("/")
@roles(AUDITOR)
def index():
    return render_template("auditor/index.html", tenders=queries.tenders_visible_to(current_user),
                           contract_rows=contracts_for(current_user))


@bp.route("/tenders/<int:tender_id>/evidence")
@roles(AUDITOR)
def evidence_status(tender_id: int):
    """The evidence bundle's status page: the report's progress, then the bundle's, then its download."""
    tender = auditable_tender(tender_id, is_page=True)
    return status_page(current_bundle(tender), tender=tender,
                       title=_("Evidence bundle %(reference)s", reference=tender.reference),
                       download=url_for("auditor.evidence", tender_id=tender.id), is_bundle=True)


@bp.route("/tenders/<int:tender_id>/evidence.zip")
@roles(AUDITOR)
def evidence(tender_id: int):
    """The stored bundle of the tender's current data, or its status page while it is being prepared."""
    tender = auditable_tender(tender_id)
    document = current_bundle(tender)
    if document.kind != BUNDLE or not document.is_done:
        return redirect(url_for("auditor.evidence_status", tender_id=tender.id))
    return send_document(document, f"{bundle_name(tender)}-evidence.zip", "application/zip")
