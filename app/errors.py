"""The project's user errors and the web's answer to each, in one place (the command line's is app/cli/errors.py).

Views raise and do not catch: a view runs its service verb through `perform`, which commits, or rolls back
and shows the error as ANSWERS says. What a view raises outside `perform` reaches the handlers registered
here. Every answer to an error rolls the request's transaction back first (app/transactions.py).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Flask, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import Forbidden, HTTPException

from app.auth.access import deny
from app.extensions import db
from app.forms import PageForm
from app.presentation import placed_text
from scoring.problems import InvalidInput


class UserError(Exception):
    """Bad input the user can fix; `place` names where (a field, "Sheet!C14", a YAML path)."""

    def __init__(self, message: str, place: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.place = place

    def __str__(self) -> str:
        return f"{self.place}: {self.message}" if self.place else self.message


STALE_MESSAGE = _l("Changed by someone else since you opened this page: reload it to see their change, "
                   "then make yours again.")


class StaleEdit(Exception):
    """The form was loaded before someone else saved the same row (mapped to a 409 page)."""

    message = STALE_MESSAGE


class Refused(Exception):
    """The tender's state does not allow this change or view (mapped to a recorded 403 page saying why)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotYet(Exception):
    """A step this user will be able to take, not reached yet: answered with a page saying what opens and when
    (200, not 403: 403 stays for roles that may never take the step), with a link to what comes first."""

    def __init__(self, message: str, link_text: str = "", link: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.link_text = link_text
        self.link = link


# Where an error's message goes.
ERROR_PAGE = "a page of its own saying why"
PROBLEM_LIST = "the form's page again, every problem listed with its place (file, sheet and cell, field)"
AT_FIELD = "the form's page again, under the field the error names, else at the top of the page"


@dataclass(frozen=True)
class Answer:
    """The status and the place of an error's message; `alone` is the status of the error page it gets when
    raised outside any form."""

    status: int
    shown: str
    alone: int | None = None


# The one table of user-facing errors on the web (FolderInvalid and WorkbookRejected are InvalidInput).
# A view that posts and redirects (Post/Redirect/Get) shows the messages of the errors it has no form place for
# at the top of the page it redirects to.
ANSWERS: dict[type[Exception], Answer] = {
    Refused: Answer(403, ERROR_PAGE),  # the attempt is recorded like every denied access
    NotYet: Answer(200, ERROR_PAGE),  # a page saying what opens when; the request itself was fine
    StaleEdit: Answer(409, ERROR_PAGE),  # with a button that reloads the page to see the other change
    InvalidInput: Answer(422, PROBLEM_LIST, alone=422),  # the upload or file was read and refused
    UserError: Answer(200, AT_FIELD, alone=400),  # the form is shown again to be corrected
}
# A refused upload, by its form's checks or by the service, is answered like the InvalidInput it mostly is.
REFUSED_UPLOAD = ANSWERS[InvalidInput].status


def answer_to(error: BaseException) -> Answer | None:
    """The table's answer to this error (or to the nearest of its base classes); None if it is not the user's."""
    return next((ANSWERS[kind] for kind in type(error).__mro__ if kind in ANSWERS), None)


def perform(verb: Callable[..., Any], *args: Any, form: PageForm | None = None, back: str | None = None) -> Any:
    """Run one service verb in the request's transaction: commit and return its result.

    Any error rolls the transaction back. A user error is then shown as ANSWERS says: placed on `form`
    (perform returns None and the view renders the form again with `form.status`), or flashed at the top of
    the page `back` (the answer is a redirect there). Everything else propagates to the handlers below.
    """
    try:
        result = verb(*args)
        db.session.commit()
    except StaleDataError as error:  # another transaction changed a row this one wrote
        db.session.rollback()
        raise StaleEdit() from error
    except Exception as error:
        db.session.rollback()
        answer = answer_to(error)
        if answer is None or answer.shown == ERROR_PAGE or (form is None and back is None):
            raise
        _show(error, answer, form, back)
        return None
    return result


def _show(error: UserError | InvalidInput, answer: Answer, form: PageForm | None, back: str | None) -> None:
    if form is not None and answer.shown == AT_FIELD and error.place in form:
        form[error.place].errors.append(error.message)
    elif form is not None and answer.shown == PROBLEM_LIST:
        form.problems = error.problems
    elif back is not None:
        for message in _messages(error):
            flash(message, "error")
        abort(redirect(back))  # the redirect is the answer (Post/Redirect/Get)
    else:
        flash(placed_text(error), "error")
    form.status = answer.status


def _messages(error: UserError | InvalidInput) -> list[str]:
    """The error's messages with their places, in the reader's language (the libraries write Messages)."""
    return [placed_text(problem) for problem in error.problems] if isinstance(error, InvalidInput) \
        else [placed_text(error)]


ERROR_TEXT = {
    400: (_l("Bad request"),
          _l("The request could not be understood. If you submitted a form, reload the page and try again.")),
    403: (_l("Not allowed"), _l("Your account does not have access to this page. The attempt has been recorded.")),
    404: (_l("Not found"), _l("There is nothing at this address.")),
    405: (_l("Method not allowed"), _l("This address does not accept that kind of request.")),
    413: (_l("File too large"), _l("The upload is larger than the limit this service accepts.")),
    422: (_l("Not accepted"), _l("The file or form was read and refused.")),
    500: (_l("Something went wrong"), _l("The error has been logged and nothing was saved. Please try again.")),
}


def register_error_handlers(app: Flask) -> None:
    """Answer every error with a page in the product's look; roll back whatever the request had begun."""

    @app.errorhandler(Refused)
    def refused(error: Refused):
        """What the tender's state forbids: recorded like every denied access, and the page says why."""
        try:
            deny(error.message)  # rolls back, records the attempt (Annex IV (g)) and aborts with 403
        except Forbidden:
            return _page(ANSWERS[Refused].status, error.message)

    @app.errorhandler(NotYet)
    def not_yet(error: NotYet):
        """A step not reached yet: what opens, when, and the way there."""
        db.session.rollback()
        return render_template("errors/not_yet.html", message=error.message, link=error.link,
                               link_text=error.link_text), ANSWERS[NotYet].status

    @app.errorhandler(StaleEdit)
    def stale(error: StaleEdit):
        """Someone else saved first: nothing is overwritten, and the user reloads to see their change."""
        db.session.rollback()
        return render_template("tenders/conflict.html", message=error.message,
                               reload_url=_reload_url()), ANSWERS[StaleEdit].status

    @app.errorhandler(UserError)
    @app.errorhandler(InvalidInput)
    def outside_a_form(error: UserError | InvalidInput):
        db.session.rollback()
        return _page(answer_to(error).alone, " ".join(_messages(error)))

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        db.session.rollback()
        return _page(400, _("The form had expired or was not sent from this site (missing security token). "
                            "Reload the page and submit it again."))

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code and error.code >= 500:
            db.session.rollback()
        detail = error.description if error.description != type(error).description else None  # a message of ours
        if error.code == 413:
            limit_mb = app.config["MAX_CONTENT_LENGTH"] / (1024 * 1024)
            detail = _("The upload is larger than the %(size)s MB this service accepts.", size=f"{limit_mb:g}")
        return _page(error.code or 500, detail)

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        db.session.rollback()
        app.logger.exception("unhandled error")
        return _page(500)


def _reload_url() -> str:
    """The page to reload: this one if it can be fetched, else the tree (criterion buttons) or the tender page."""
    if "GET" in request.url_rule.methods:
        return request.path
    place = request.view_args or {}
    if "tender_id" not in place:
        return url_for("main.dashboard")
    return url_for("tenders.criteria" if "criterion_id" in place else "tenders.show", tender_id=place["tender_id"])


def _page(status: int, detail: str | None = None):
    title, text = ERROR_TEXT.get(status, (_("Error %(status)s", status=status), ""))
    return render_template("errors/error.html", status=status, title=title, text=detail or text), status
