"""The evaluation report on the web: a status page while it renders, then the PDF (officers and auditors)."""
from __future__ import annotations

from flask import Blueprint, redirect, url_for
from flask_babel import gettext as _

from app.auth.access import roles
from app.models.user import AUDITOR, OFFICER
from app.reports.access import reportable_tender
from app.reports.bundle import bundle_name
from app.reports.delivery import send_document, status_page
from app.reports.service import current_report

bp = Blueprint("reports", __name__, url_prefix="/reports")


@bp.route("/tenders/<int:tender_id>")
@roles(OFFICER, AUDITOR)
def status(tender_id: int):
    tender = reportable_tender(tender_id, is_page=True)
    document = current_report(tender)
    return status_page(document, tender=tender, title=_("Evaluation report %(reference)s", reference=tender.reference),
                       download=url_for("reports.pdf", tender_id=tender.id))


@bp.route("/tenders/<int:tender_id>/report.pdf")
@roles(OFFICER, AUDITOR)
def pdf(tender_id: int):
    tender = reportable_tender(tender_id)
    document = current_report(tender)
    if not document.is_done:
        return redirect(url_for("reports.status", tender_id=tender.id))
    return send_document(document, f"{bundle_name(tender)}-evaluation-report.pdf")
