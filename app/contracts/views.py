"""Contract pages: the contractor's (in the portal) and the authority's (officers respond, auditors read).
Thin views over app/contracts/service.py, Post/Redirect/Get for every change."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.audit.actions import action_words
from app.auth.access import roles
from app.contracts import call_offs, service, words
from app.contracts.access import authoritys_contract, contractors_contract, may_respond
from app.contracts.forms import CallOffForm, ReportForm, ResponseForm
from app.contracts.pdf import performance_pdf
from app.errors import REFUSED_UPLOAD, perform
from app.models.user import AUDITOR, BIDDER, OFFICER
from app.portal.assessment import problem_place
from app.presentation import date_text, utc_text
from app.records.contracts import conditions_of, records_call_offs
from app.reports.delivery import send_bytes
from scoring.performance import call_off_due
from workbooks import XLSX_MEDIA_TYPE

bp = Blueprint("contracts", __name__)


@bp.context_processor
def _helpers():
    return {"words": words, "problem_place": problem_place, "action_words": action_words}


@bp.route("/portal/contracts/<int:contract_id>")
@roles(BIDDER)
def contractor_page(contract_id: int):
    return _contractor_page(contractors_contract(contract_id))


@bp.route("/portal/contracts/<int:contract_id>/periods/<int:number>/report.xlsx")
@roles(BIDDER)
def report_workbook(contract_id: int, number: int):
    contract = contractors_contract(contract_id)
    back = url_for("contracts.contractor_page", contract_id=contract.id)
    made = perform(service.report_workbook, contract, number, back=back)
    if not made:
        return redirect(back)
    name, data = made
    return send_bytes(data, name, XLSX_MEDIA_TYPE)


@bp.route("/portal/contracts/<int:contract_id>/periods/<int:number>", methods=["POST"])
@roles(BIDDER)
def submit_report(contract_id: int, number: int):
    contract = contractors_contract(contract_id)
    form = ReportForm(prefix=f"p{number}")
    report = form.validate_on_submit() and perform(service.submit_report, contract.id, current_user, number,
                                                   form.upload(), form=form)
    if not report:
        return _contractor_page(contract, form, number), REFUSED_UPLOAD
    flash(_("Report received at %(when)s, SHA-256 %(sha256)s.", when=utc_text(report.submitted_at),
            sha256=report.workbook_sha256), "success")
    return redirect(url_for("contracts.contractor_page", contract_id=contract.id, _anchor=f"period-{number}"))


@bp.route("/contracts/<int:contract_id>")
@roles(OFFICER, AUDITOR)
def authority_page(contract_id: int):
    return _authority_page(authoritys_contract(contract_id))


@bp.route("/contracts/<int:contract_id>/call-offs", methods=["POST"])
@roles(OFFICER)
def record_call_off(contract_id: int):
    contract = authoritys_contract(contract_id)
    form = CallOffForm()
    recorded = form.validate_on_submit() and perform(call_offs.record_call_off, contract.id, form.called_on.data,
                                                     form.reference.data or "", current_user, form=form)
    if recorded:
        due = call_off_due(recorded.called_on, conditions_of(contract).report_within_days)
        flash(_("Call-off recorded: its report is due by %(day)s.", day=date_text(due)), "success")
        return redirect(url_for("contracts.authority_page", contract_id=contract.id, _anchor="periods"))
    return _authority_page(contract, form), form.status


@bp.route("/contracts/<int:contract_id>/reports/<int:report_id>/responses/<code>", methods=["POST"])
@roles(OFFICER)
def respond(contract_id: int, report_id: int, code: str):
    contract = authoritys_contract(contract_id)
    back = url_for("contracts.authority_page", contract_id=contract.id, _anchor=f"report-{report_id}")
    form = ResponseForm(prefix=_prefix(report_id, code))
    if form.validate_on_submit() and perform(service.record_response, contract.id, report_id, code, form.kind.data,
                                             form.reason.data or "", form.deadline.data, current_user, back=back):
        flash(_("Response recorded."), "success")
    elif form.errors:
        flash(_("Please correct the fields marked below."), "error")
    return redirect(back)


@bp.route("/contracts/<int:contract_id>/performance.pdf")
@roles(OFFICER, AUDITOR)
def pdf(contract_id: int):
    contract = authoritys_contract(contract_id)
    name, data = perform(performance_pdf, contract)
    return send_bytes(data, name, "application/pdf")


def _prefix(report_id: int, code: str) -> str:
    """Each shortfall's form has fields of its own on the page (ids and names)."""
    return f"r{report_id}-{code}"


def _authority_page(contract, call_off_form: CallOffForm | None = None):
    page = service.contract_page(contract)
    deadline = service.default_deadline(contract)

    def response_form(report_id: int, code: str) -> ResponseForm:
        form = ResponseForm(formdata=None, prefix=_prefix(report_id, code))
        form.deadline.data = deadline
        return form
    if call_off_form is None and may_respond() and records_call_offs(contract):
        call_off_form = CallOffForm(formdata=None)
    return render_template("contracts/authority.html", page=page, may_respond=may_respond(),
                           response_form=response_form, call_off_form=call_off_form,
                           charts=service.delivery_charts(page), history=service.history(contract))


def _contractor_page(contract, form: ReportForm | None = None, number: int | None = None):
    page = service.contract_page(contract)

    def report_form(period: int) -> ReportForm:
        return form if form is not None and period == number else ReportForm(formdata=None, prefix=f"p{period}")
    return render_template("contracts/contractor.html", page=page, charts=service.delivery_charts(page),
                           report_form=report_form, problems=form.problems if form else ())
