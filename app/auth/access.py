"""Who may call which view: every endpoint declares its roles, and one hook enforces them.

An endpoint without a declaration is refused (fail closed); a test walks `app.url_map`
to prove every view declares one.
"""
from __future__ import annotations

from collections.abc import Callable

from flask import abort, current_app, redirect, request, url_for
from flask_login import current_user

from app import audit
from app.extensions import db

PUBLIC = "public"
ANY_ROLE = "any"


def roles(*allowed: str) -> Callable:
    """Declare the roles that may call a view (or ANY_ROLE for every logged-in user)."""

    def mark(view: Callable) -> Callable:
        view.allowed_roles = frozenset(allowed)
        return view

    return mark


def public(view: Callable) -> Callable:
    """Declare a view reachable without logging in (login page, static files)."""
    view.allowed_roles = frozenset({PUBLIC})
    return view


def allowed_roles(endpoint: str | None) -> frozenset[str] | None:
    """The roles declared for an endpoint, or None when it declares none."""
    if endpoint is None:
        return None
    if endpoint == "static":
        return frozenset({PUBLIC})
    view = current_app.view_functions.get(endpoint)
    return getattr(view, "allowed_roles", None)


def enforce_roles():
    """before_request hook: redirect anonymous users to login, answer 403 to the wrong role."""
    if request.endpoint is None:  # 404 and 405 are answered by routing itself
        return None
    allowed = allowed_roles(request.endpoint)
    if allowed is not None and PUBLIC in allowed:
        return None
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login", next=request.full_path))
    if allowed is None or not (ANY_ROLE in allowed or current_user.role in allowed):
        deny(f"role {current_user.role} may not call {request.endpoint}")
    return None


def deny(reason: str, status: int = 403):
    """Refuse a request and leave a trace of the attempt in the audit log (Annex IV (g))."""
    db.session.rollback()
    audit.record("access.denied", object_type="endpoint", object_id=request.endpoint or request.path,
                 details={"method": request.method, "path": request.path, "reason": reason})
    db.session.commit()
    abort(status)
