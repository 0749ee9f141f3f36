"""Sign-in and sign-out pages."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user

from app.auth import service
from app.auth.access import ANY_ROLE, public, roles
from app.auth.forms import LoginForm, LogoutForm
from app.errors import UserError
from app.extensions import db

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
            session.clear()  # a fresh session on every sign-in (no fixation)
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
        session.clear()
        flash("You are signed out.", "info")
    return redirect(url_for("auth.login"))


def _safe_next(target: str | None) -> str:
    """Follow ?next= only to a path on this site, never to another host."""
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/") and not target.startswith("//"):
            return target
    return url_for("main.dashboard")
