"""Officer pages that set a tender up: details, materials, award rules, tender.yaml, preview, publication, corrigenda.

Each view parses its form, calls one service verb through perform(), flashes and redirects
(Post/Redirect/Get); drafts are reached through draft_tender(), which refuses once published.
"""
from __future__ import annotations

import re
from io import BytesIO

from flask import Response, flash, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.access import roles
from app.errors import REFUSED_UPLOAD, perform
from app.extensions import db
from app.models.user import OFFICER
from app.presentation import message_text
from app.records.access import authority_tender, draft_tender, own_authority
from app.tenders import corrigenda, publishing, setup
from app.tenders.blueprint import bp
from app.tenders.forms import CorrigendumForm, ImportForm, PublishForm, TenderEditForm, TenderForm, VersionForm
from app.tenders.rules_forms import AwardRulesForm, MaterialsForm
from workbooks import XLSX_MEDIA_TYPE


def _show(tender_id: int):
    return redirect(url_for("tenders.show", tender_id=tender_id))


def _file_name(reference: str, suffix: str) -> str:
    """A download name from the reference: anything but letters, digits, dot and dash becomes _."""
    return re.sub(r"[^A-Za-z0-9.-]", "_", reference) + suffix


@bp.route("/new", methods=["GET", "POST"])
@roles(OFFICER)
def new():
    form = TenderForm()
    if form.validate_on_submit():
        authority = own_authority()
        tender = perform(setup.create_tender, form.tender_meta(authority), authority, form=form)
        if tender:
            flash(_("Draft %(reference)s created. Add its criteria next.", reference=tender.reference), "success")
            return redirect(url_for("tenders.criteria", tender_id=tender.id))
    return render_template("tenders/details.html", form=form, tender=None)


@bp.route("/<int:tender_id>/details", methods=["GET", "POST"])
@roles(OFFICER)
def details(tender_id: int):
    tender = draft_tender(tender_id)
    form = TenderEditForm(data=TenderEditForm.values_of(tender))
    if form.validate_on_submit() and perform(setup.update_details, tender, form.tender_meta(tender.authority),
                                             form.version.data, form=form):
        flash(_("Details saved."), "success")
        return _show(tender.id)
    return render_template("tenders/details.html", form=form, tender=tender)


@bp.route("/<int:tender_id>/materials", methods=["GET", "POST"])
@roles(OFFICER)
def materials(tender_id: int):
    tender = draft_tender(tender_id)
    form = MaterialsForm(data=MaterialsForm.values_of(tender))
    if form.validate_on_submit() and perform(setup.update_materials, tender, form.bill(), form.version.data, form=form):
        flash(_("Bill of materials saved."), "success")
        return redirect(url_for("tenders.materials", tender_id=tender.id))
    return render_template("tenders/materials.html", form=form, tender=tender)


@bp.route("/<int:tender_id>/rules", methods=["GET", "POST"])
@roles(OFFICER)
def rules(tender_id: int):
    tender = draft_tender(tender_id)
    form = AwardRulesForm(data=AwardRulesForm.values_of(tender))
    if form.validate_on_submit() and perform(setup.update_award_rules, tender, form.rules(), form.version.data,
                                             form=form):
        flash(_("Award rules saved."), "success")
        return _show(tender.id)
    return render_template("tenders/rules.html", form=form, tender=tender)


@bp.route("/import", methods=["GET", "POST"])
@roles(OFFICER)
def import_yaml():
    form = ImportForm()
    tender = form.validate_on_submit() and perform(setup.import_tender_yaml, form.file.data.read(), own_authority(),
                                                   form=form)
    if tender:
        flash(_("Draft %(reference)s imported from the tender file.", reference=tender.reference), "success")
        return _show(tender.id)
    return (render_template("tenders/import.html", form=form, problems=form.problems),
            REFUSED_UPLOAD if form.is_submitted() else 200)


@bp.route("/<int:tender_id>/tender.yaml")
@roles(OFFICER)
def export_yaml(tender_id: int):
    tender = authority_tender(tender_id)
    text = setup.export_tender_yaml(tender)
    db.session.commit()
    return Response(text, mimetype="application/yaml", headers={
        "Content-Disposition": f"attachment; filename={_file_name(tender.reference, '.tender.yaml')}"})


@bp.route("/<int:tender_id>/workbook.xlsx")
@roles(OFFICER)
def preview_workbook(tender_id: int):
    tender = authority_tender(tender_id)
    workbook = perform(setup.preview_workbook, tender, back=url_for("tenders.show", tender_id=tender.id))
    return send_file(BytesIO(workbook), mimetype=XLSX_MEDIA_TYPE, as_attachment=True,
                     download_name=_file_name(tender.reference, "-workbook-preview.xlsx"))


@bp.route("/<int:tender_id>/publish", methods=["GET", "POST"])
@roles(OFFICER)
def publish(tender_id: int):
    """A confirmation page: what publishing does, what can no longer change, and the time limit bidders get."""
    tender = draft_tender(tender_id)
    form = PublishForm(data={"version": tender.version, "definition_sha256": publishing.definition_sha256(tender)})
    if form.is_submitted() and not form.validate():
        flash(_("The publication form was incomplete: reload the page and publish again."), "error")
    elif form.is_submitted() and perform(publishing.publish_tender, tender, form.version.data,
                                         form.definition_sha256.data, form.ground.data or None,
                                         form.reason.data or "", form=form,
                                         back=url_for("tenders.show", tender_id=tender.id)):
        flash(_("Tender %(reference)s is published: its criteria and weights are now fixed.",
                reference=tender.reference), "success")
        return _show(tender.id)
    return render_template("tenders/publish.html", tender=tender, form=form,
                           problems=publishing.publication_problems(tender),
                           limit=publishing.time_limit_now(tender), grounds=publishing.GROUNDS,
                           standing_article=message_text(publishing.STANDING_ARTICLE))


@bp.route("/<int:tender_id>/duplicate", methods=["POST"])
@roles(OFFICER)
def duplicate(tender_id: int):
    tender = draft_tender(tender_id)
    form = VersionForm(data={"version": tender.version})
    twin = form.validate_on_submit() and perform(setup.duplicate_tender, tender,
                                                 back=url_for("tenders.show", tender_id=tender.id))
    if not twin:
        return _show(tender.id)
    flash(_("Draft %(copy)s created as a copy of %(reference)s: change its reference and details.",
            copy=twin.reference, reference=tender.reference), "success")
    return redirect(url_for("tenders.details", tender_id=twin.id))


@bp.route("/<int:tender_id>/delete", methods=["GET", "POST"])
@roles(OFFICER)
def delete(tender_id: int):
    """A confirmation page, then the draft is gone from every list (drafts only)."""
    tender = draft_tender(tender_id)
    form = VersionForm(data={"version": tender.version})
    if form.validate_on_submit():
        reference = perform(setup.delete_draft, tender, form.version.data,
                            back=url_for("tenders.show", tender_id=tender.id))
        if reference:
            flash(_("Draft %(reference)s deleted.", reference=reference), "success")
            return redirect(url_for("tenders.index"))
    return render_template("tenders/delete.html", tender=tender, form=form)


@bp.route("/<int:tender_id>/corrigendum", methods=["GET", "POST"])
@roles(OFFICER)
def corrigendum(tender_id: int):
    tender = authority_tender(tender_id)
    corrigenda.check_open(tender)
    form = CorrigendumForm(tender=tender)
    if form.validate_on_submit() and perform(corrigenda.issue_corrigendum, tender, current_user,
                                             form.deadline_utc(), form.opening_utc(), form.reason.data,
                                             form.version.data, form=form):
        flash(_("Corrigendum recorded: the new deadline and opening time apply."), "success")
        return _show(tender.id)
    return render_template("tenders/corrigendum.html", form=form, tender=tender)
