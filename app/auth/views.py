"""Sign-in and sign-out pages."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from app.auth import service
from app.auth.access import ANY_ROLE, public, roles
from app.auth.forms import LanguageForm, LoginForm, LogoutForm
from app.errors import UserError
from app.extensions import db
from app.languages import SESSION_KEY, chosen_language

bp = Blueprint("auth", __name__)


@bp.route("/login", methods=["GET", "POST"])
@public
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.dashboard"))
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = service.authenticate(form.email.data, form.password.data, request.remote_addr or "unknown")
        except service.Throttled as refused:
            db.session.commit()  # keep its audit event
            form.password.errors.append(refused.message)
            return render_template("auth/login.html", form=form), 429, {"Retry-After": str(refused.retry_after)}
        except UserError as error:
            db.session.commit()  # keep the failure count and its audit event
            form.password.errors.append(error.message)
        else:
            db.session.commit()
            language = session.get(SESSION_KEY)
            session.clear()  # a fresh session on every sign-in (no fixation)
            if language:
                session[SESSION_KEY] = language  # the language chosen on this page stays (the account's wins)
            login_user(user)
            return redirect(_safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@roles(ANY_ROLE)
def logout():
    if LogoutForm().validate_on_submit():
        service.end_sessions(current_user, "auth.logout")
        db.session.commit()
        logout_user()
        language = chosen_language()
        session.clear()
        if language:
            session[SESSION_KEY] = language
        flash(_("You are signed out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/language", methods=["POST"])
@public
def choose_language():
    """The footer's language switch: a signed-in user's choice is saved on the account, a visitor's in the session."""
    form = LanguageForm()
    if form.validate_on_submit():
        if current_user.is_authenticated:
            service.choose_language(current_user, form.language.data)
            db.session.commit()
        else:
            session[SESSION_KEY] = form.language.data
    return redirect(_safe_next(form.next.data))


def _safe_next(target: str | None) -> str:
    """Follow ?next= only to a path on this site, never to another host."""
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/") and not target.startswith("//"):
            return target
    return url_for("main.dashboard")
