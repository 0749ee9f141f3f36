"""The officers' blueprint and what all its views share: the refusal and conflict pages, perform()."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, flash, render_template, request, url_for
from flask_wtf import FlaskForm
from werkzeug.exceptions import Forbidden

from app.auth.access import deny
from app.errors import Refused, StaleEdit, UserError
from app.extensions import db

bp = Blueprint("tenders", __name__, url_prefix="/tenders")


@bp.app_errorhandler(Refused)
def refused(error: Refused):
    """What the tender's state forbids (in any area): recorded like every denied access, and the page says why."""
    try:
        deny(error.message)  # rolls back, records the attempt (Annex IV (g)) and aborts with 403
    except Forbidden:
        return render_template("errors/error.html", status=403, title="Not allowed", text=error.message), 403


@bp.errorhandler(StaleEdit)
def stale(error: StaleEdit):
    """Someone else saved first: nothing is overwritten, and the officer reloads to see their change."""
    db.session.rollback()
    return render_template("tenders/conflict.html", message=error.message, reload_url=_reload_url()), 409


def _reload_url() -> str:
    """The page to reload: this one if it can be fetched, else the tree (criterion buttons) or the tender page."""
    if "GET" in request.url_rule.methods:
        return request.path
    tender_id = request.view_args["tender_id"]
    return url_for("tenders.criteria" if "criterion_id" in request.view_args else "tenders.show", tender_id=tender_id)


def perform(form: FlaskForm | None, verb: Callable[..., Any], *args: Any) -> Any:
    """Run one service verb: commit and return its result, or roll back and show its message (None).

    A message naming a field of the form goes under that field; any other goes at the top of the page.
    """
    try:
        result = verb(*args)
    except UserError as error:
        db.session.rollback()
        if form is not None and error.place in form:
            form[error.place].errors.append(error.message)
        else:
            flash(str(error), "error")
        return None
    db.session.commit()
    return result
