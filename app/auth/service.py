"""Signing in and out: the verbs the auth views call."""
from __future__ import annotations

from flask_babel import gettext as _

from app import audit
from app.auth import throttle
from app.auth.passwords import check_password, hash_password, needs_rehash
from app.directory import find_user, normalise_email
from app.errors import UserError
from app.languages import N_
from app.models import User

GENERIC_FAILURE = N_("Unknown email address or wrong password.")
MAX_ADDRESS_LENGTH = 64  # an IPv6 address with a zone fits; the column holds no more


class Throttled(UserError):
    """A sign-in attempt refused unchecked until `retry_after` seconds have passed (see app.auth.throttle)."""

    def __init__(self, refusal: throttle.Refusal) -> None:
        super().__init__(refusal.message, place="password")
        self.retry_after = refusal.seconds


def authenticate(email: str, password: str, address: str) -> User:
    """Check the credentials under the throttle; raise UserError with a message the user can act on."""
    email, address = normalise_email(email), address[:MAX_ADDRESS_LENGTH]
    refused = throttle.refusal(email, address)
    if refused:
        audit.record("auth.login_locked", object_type="account", object_id=email,
                     details={"address": address, "wait_seconds": refused.seconds})
        raise Throttled(refused)
    user = find_user(email)
    if not check_password(user.password_hash if user else None, password) or not user.is_enabled:
        throttle.record_failure(email, address)
        audit.record("auth.login_failed", object_type="account", object_id=email, details={"address": address})
        raise UserError(_(GENERIC_FAILURE), place="password")
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    throttle.record_success(email, address)
    audit.record("auth.login", user, actor=user, details={"address": address})
    return user


def end_sessions(user: User, action: str) -> None:
    """Invalidate every session of the user (logout, password change, deactivation)."""
    user.session_version += 1
    audit.record(action, user)


def choose_language(user: User, language: str) -> None:
    """Save the interface language the user chose (app/languages.py reads it on every request)."""
    user.language = language
