"""The project's user errors and their mapping to responses, in one place."""
from __future__ import annotations

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from app.extensions import db


class UserError(Exception):
    """Bad input the user can fix; `place` names where (a field, "Sheet!C14", a YAML path)."""

    def __init__(self, message: str, place: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.place = place

    def __str__(self) -> str:
        return f"{self.place}: {self.message}" if self.place else self.message


STALE_MESSAGE = ("Changed by someone else since you opened this page: reload it to see their change, "
                 "then make yours again.")


class StaleEdit(Exception):
    """The form was loaded before someone else saved the same row (mapped to a 409 page)."""

    message = STALE_MESSAGE


class Refused(Exception):
    """The tender's state does not allow this change or view (mapped to a recorded 403 page saying why)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


ERROR_TEXT = {
    400: ("Bad request",
          "The request could not be understood. If you submitted a form, reload the page and try again."),
    403: ("Not allowed", "Your account does not have access to this page. The attempt has been recorded."),
    404: ("Not found", "There is nothing at this address."),
    405: ("Method not allowed", "This address does not accept that kind of request."),
    413: ("File too large", "The upload is larger than the limit this service accepts."),
    500: ("Something went wrong", "The error has been logged and nothing was saved. Please try again."),
}


def register_error_handlers(app: Flask) -> None:
    """Answer every error with a page in the product's look; roll back whatever the request had begun."""

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        db.session.rollback()
        return _page(400, "The form had expired or was not sent from this site (missing security token). "
                          "Reload the page and submit it again.")

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code and error.code >= 500:
            db.session.rollback()
        detail = error.description if error.description != type(error).description else None  # a message of ours
        if error.code == 413:
            limit_mb = app.config["MAX_CONTENT_LENGTH"] / (1024 * 1024)
            detail = f"The upload is larger than the {limit_mb:g} MB this service accepts."
        return _page(error.code or 500, detail)

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        db.session.rollback()
        app.logger.exception("unhandled error")
        return _page(500)


def _page(status: int, detail: str | None = None):
    title, text = ERROR_TEXT.get(status, (f"Error {status}", ""))
    return render_template("errors/error.html", status=status, title=title, text=detail or text), status
