"""The bidder's verification pages: a request of the committee and the answer form (Post/Redirect/Get)."""
from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.access import roles
from app.errors import REFUSED_UPLOAD, perform
from app.extensions import db
from app.models import Tender
from app.models.user import BIDDER
from app.portal import verification
from app.portal.forms import AnswerForm
from app.portal.views import bp
from app.presentation import utc_text
from app.records.verification import ARTICLE_56_3


@bp.route("/verification/<int:request_id>")
@roles(BIDDER)
def verification_request(request_id: int):
    return _page(verification.own_request(request_id, current_user))


@bp.route("/verification/<int:request_id>", methods=["POST"])
@roles(BIDDER)
def answer_request(request_id: int):
    row = verification.own_request(request_id, current_user)
    form = AnswerForm()
    answer = form.validate_on_submit() and perform(verification.answer, request_id, current_user, form.text.data,
                                                   form.files(), form=form)
    if not answer:
        return _page(row, form), REFUSED_UPLOAD
    flash(_("Answer received at %(when)s, SHA-256 %(sha256)s.", when=utc_text(answer.answered_at),
            sha256=answer.sha256), "success")
    return redirect(url_for("portal.verification_request", request_id=request_id))


def _page(row, form: AnswerForm | None = None):
    tender = db.session.get(Tender, row.request.tender_id)
    return render_template("portal/verification.html", row=row, tender=tender, article=ARTICLE_56_3,
                           form=form or AnswerForm(formdata=None))
