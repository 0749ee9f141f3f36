"""The officer's page for a draft's contract performance conditions (Directive 2014/24/EU Art. 70), a set-up page
like its neighbours in app/tenders/setup_views.py: the form, one service verb through perform(), Post/Redirect/Get."""
from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from app.auth.access import roles
from app.errors import perform
from app.models.user import OFFICER
from app.records.access import draft_tender
from app.tenders.blueprint import bp
from app.tenders.performance_forms import PerformanceForm
from app.tenders.performance_setup import update_performance


@bp.route("/<int:tender_id>/performance", methods=["GET", "POST"])
@roles(OFFICER)
def performance(tender_id: int):
    tender = draft_tender(tender_id)
    form = PerformanceForm(tender, data=PerformanceForm.values_of(tender))
    if form.validate_on_submit() and perform(update_performance, tender, form.conditions(), form.version.data,
                                             form=form):
        flash(_("Contract performance conditions saved."), "success")
        return redirect(url_for("tenders.show", tender_id=tender.id))
    return render_template("tenders/performance.html", form=form, tender=tender)
