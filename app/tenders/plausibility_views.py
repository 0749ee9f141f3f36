"""The officer's page for a draft's plausibility figures: a thin view over app/tenders/plausibility_setup.py
(Post/Redirect/Get); drafts only, reached through draft_tender(), which refuses once published."""
from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from app.auth.access import roles
from app.errors import perform
from app.models.user import OFFICER
from app.records.access import draft_tender
from app.tenders.blueprint import bp
from app.tenders.plausibility_forms import PlausibilityForm
from app.tenders.plausibility_setup import update_plausibility


@bp.route("/<int:tender_id>/plausibility", methods=["GET", "POST"])
@roles(OFFICER)
def plausibility(tender_id: int):
    tender = draft_tender(tender_id)
    form = PlausibilityForm(data=PlausibilityForm.values_of(tender))
    if form.validate_on_submit() and perform(update_plausibility, tender, form.section(), form.version.data,
                                             form=form):
        flash(_("Plausibility figures saved."), "success")
        return redirect(url_for("tenders.plausibility", tender_id=tender.id))
    return render_template("tenders/plausibility.html", form=form, tender=tender)
