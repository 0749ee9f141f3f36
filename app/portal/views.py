"""Bidder pages: thin views over the portal's verbs (app/portal/service.py), Post/Redirect/Get for every change."""
from __future__ import annotations

from io import BytesIO

from flask import Blueprint, flash, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.access import roles
from app.errors import REFUSED_UPLOAD, perform
from app.models import Tender
from app.models.user import BIDDER
from app.portal import service
from app.portal.assessment import problem_place, status_words
from app.portal.forms import DocumentForm, RemoveDocumentForm, SubmitCheckedForm, UploadForm, WithdrawForm
from app.portal.receipts import BID_STATUS_NAMES
from app.presentation import time_text, utc_text
from app.records.bid_documents import KIND_NAMES, served_document
from workbooks import XLSX_MEDIA_TYPE

bp = Blueprint("portal", __name__, url_prefix="/portal")


@bp.context_processor
def _helpers():
    """Wording helpers the portal's templates share."""
    return {"status_words": status_words, "problem_place": problem_place, "BID_STATUS_NAMES": BID_STATUS_NAMES,
            "DOCUMENT_KIND_NAMES": KIND_NAMES}


@bp.route("/")
@roles(BIDDER)
def index():
    page = service.front_page(current_user)
    return render_template("portal/index.html", tenders=page.tenders, submissions=page.submissions,
                           requests=page.requests, contract_rows=page.contracts)


@bp.route("/tenders/<int:tender_id>")
@roles(BIDDER)
def tender(tender_id: int):
    return _tender_page(service.visible_tender(tender_id))


@bp.route("/tenders/<int:tender_id>/template.xlsx")
@roles(BIDDER)
def template(tender_id: int):
    name, data = service.build_tender_template(service.visible_tender(tender_id))
    return send_file(BytesIO(data), mimetype=XLSX_MEDIA_TYPE, as_attachment=True, download_name=name)


@bp.route("/tenders/<int:tender_id>/self-assessment", methods=["POST"])
@roles(BIDDER)
def self_assessment(tender_id: int):
    """Nothing is stored, so the result is shown in the answer to the POST itself."""
    tender = service.visible_tender(tender_id)
    form = UploadForm()
    result = form.validate_on_submit() and perform(service.self_assess_upload, tender, form.upload(), current_user,
                                                   form=form)
    if not result:
        return _tender_page(tender, form), REFUSED_UPLOAD
    page = service.tender_page(tender, current_user)
    return render_template("portal/self_assessment.html", page=page, result=result, form=_fresh_form(page),
                           checked_form=_checked_form(page))


@bp.route("/tenders/<int:tender_id>/bids", methods=["POST"])
@roles(BIDDER)
def submit(tender_id: int):
    tender = service.visible_tender(tender_id)
    form = UploadForm()
    bid = form.validate_on_submit() and perform(service.submit_bid, tender.id, current_user, form.upload(),
                                                form.live_version.data, form=form,
                                                back=url_for("portal.tender", tender_id=tender_id))
    if not bid:
        return _tender_page(tender, form), REFUSED_UPLOAD
    return _received(bid)


@bp.route("/tenders/<int:tender_id>/bids/checked", methods=["POST"])
@roles(BIDDER)
def submit_checked(tender_id: int):
    """The workbook the organisation checked last, submitted without choosing the file again."""
    tender = service.visible_tender(tender_id)
    back = url_for("portal.tender", tender_id=tender_id)
    form = SubmitCheckedForm()
    if not form.validate_on_submit():
        return redirect(back)
    perform(service.delete_expired_checks)
    bid = perform(service.submit_checked, tender.id, current_user, form.live_version.data, back=back)
    return _received(bid) if bid else redirect(back)


def _received(bid):
    flash(_("Version %(version)s received at %(when)s, SHA-256 %(sha256)s.", version=bid.version_no,
            when=utc_text(bid.submitted_at), sha256=bid.workbook_sha256), "success")
    return redirect(url_for("portal.receipt", bid_id=bid.id))


@bp.route("/bids/<int:bid_id>/withdraw")
@roles(BIDDER)
def withdraw_page(bid_id: int):
    """The confirmation of a withdrawal: what happens and what can no longer change; the button POSTs it."""
    receipt = service.bid_receipt(service.own_bid(bid_id, current_user))
    back = url_for("portal.receipt", bid_id=bid_id)
    if not receipt.can_withdraw:
        return redirect(back)
    tender, bid = receipt.tender, receipt.bid
    deadline = time_text(tender.submission_deadline_at, tender.time_zone)
    return render_template(
        "confirm.html", tender=tender, title=_("Withdraw version %(version)s of your bid", version=bid.version_no),
        action=url_for("portal.withdraw", bid_id=bid_id), button=_("Withdraw this submission"), button_class="danger",
        happens=[_("Version %(version)s is marked withdrawn: it is kept on record with its receipt, and will not be "
                   "opened or evaluated.", version=bid.version_no),
                 _("You may submit a new version until the deadline, %(deadline)s.", deadline=deadline)],
        final=[_("The withdrawn version cannot be made live again: to take part, submit the workbook again as a new "
                 "version before the deadline.")],
        cancel=back, form=WithdrawForm(), fields=(), values={})


@bp.route("/bids/<int:bid_id>/withdraw", methods=["POST"])
@roles(BIDDER)
def withdraw(bid_id: int):
    back = url_for("portal.receipt", bid_id=bid_id)
    if WithdrawForm().validate_on_submit():
        bid = perform(service.withdraw_bid, bid_id, current_user, back=back)
        flash(_("Version %(version)s is withdrawn; it is kept on record and will not be evaluated.",
                version=bid.version_no), "success")
    return redirect(back)


@bp.route("/bids/<int:bid_id>")
@roles(BIDDER)
def receipt(bid_id: int):
    return render_template("portal/receipt.html", receipt=service.bid_receipt(service.own_bid(bid_id, current_user)),
                           withdraw_form=WithdrawForm())


@bp.route("/bids/<int:bid_id>/receipt.txt")
@roles(BIDDER)
def receipt_download(bid_id: int):
    receipt = service.bid_receipt(service.own_bid(bid_id, current_user))
    return send_file(BytesIO(receipt.text.encode("utf-8")), mimetype="text/plain", as_attachment=True,
                     download_name=receipt.filename)


@bp.route("/bids/<int:bid_id>/documents", methods=["POST"])
@roles(BIDDER)
def add_document(bid_id: int):
    """A document for the live version; a refusal is shown at the file field of the tender page."""
    bid = service.own_bid(bid_id, current_user)
    form = DocumentForm()
    document = form.validate_on_submit() and perform(service.add_bid_document, bid_id, current_user, form.upload(),
                                                     form=form)
    if not document:
        return _tender_page(service.visible_tender(bid.tender_id), document_form=form), REFUSED_UPLOAD
    flash(_("Document %(name)s received at %(when)s, SHA-256 %(sha256)s.", name=document.display_name,
            when=utc_text(document.uploaded_at), sha256=document.sha256), "success")
    return redirect(url_for("portal.tender", tender_id=bid.tender_id, _anchor="documents"))


@bp.route("/bids/<int:bid_id>/documents/<int:document_id>")
@roles(BIDDER)
def document(bid_id: int, document_id: int):
    """One of the organisation's own documents, as the committee gets one: an attachment, never a page."""
    return served_document(service.own_document(bid_id, document_id, current_user))


@bp.route("/bids/<int:bid_id>/documents/<int:document_id>/remove", methods=["POST"])
@roles(BIDDER)
def remove_document(bid_id: int, document_id: int):
    bid = service.own_bid(bid_id, current_user)
    back = url_for("portal.tender", tender_id=bid.tender_id, _anchor="documents")
    if RemoveDocumentForm().validate_on_submit():
        document = perform(service.remove_bid_document, bid_id, document_id, current_user, back=back)
        flash(_("Document %(name)s removed.", name=document.display_name), "success")
    return redirect(back)


def _tender_page(tender: Tender, form: UploadForm | None = None, document_form: DocumentForm | None = None):
    page = service.tender_page(tender, current_user)
    return render_template("portal/tender.html", page=page, form=form or _fresh_form(page),
                           problems=form.problems if form else (), withdraw_form=WithdrawForm(),
                           checked_form=_checked_form(page), document_form=document_form or DocumentForm(formdata=None),
                           remove_form=RemoveDocumentForm())


def _fresh_form(page: service.TenderPage) -> UploadForm:
    """An empty upload form that knows which version is live now."""
    form = UploadForm(formdata=None)
    form.live_version.data = page.live.version_no if page.live else 0
    return form


def _checked_form(page: service.TenderPage) -> SubmitCheckedForm:
    """The "Submit the checked workbook" button's form, knowing which version is live now."""
    form = SubmitCheckedForm(formdata=None)
    form.live_version.data = page.live.version_no if page.live else 0
    return form


from app.portal import verification_views  # noqa: E402,F401  (its routes join bp)
