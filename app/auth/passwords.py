"""Password hashing with argon2id (OWASP's first choice; werkzeug's scrypt default is below its minimum)."""
from __future__ import annotations

import secrets
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()  # argon2id with the library's RFC 9106 low-memory profile

MIN_PASSWORD_LENGTH = 12


def hash_password(password: str) -> str:
    """Hash a new password."""
    return _hasher.hash(password)


def check_password(stored_hash: str | None, password: str) -> bool:
    """True when the password matches; a corrupt stored hash simply does not match.

    With no stored hash (no such account) the password is checked against a throwaway hash anyway and fails, so
    an unknown email takes as long to refuse as a wrong password and the time does not tell which emails exist.
    """
    try:
        return _hasher.verify(stored_hash or _unmatchable_hash(), password) and stored_hash is not None
    except (VerificationError, InvalidHashError):
        return False


@cache
def _unmatchable_hash() -> str:
    """A hash of a random secret made with today's parameters (so it costs what a real check costs)."""
    return _hasher.hash(secrets.token_urlsafe(32))


def needs_rehash(stored_hash: str) -> bool:
    """True when the hash was made with weaker parameters than today's; rehash at the next login."""
    return _hasher.check_needs_rehash(stored_hash)


def password_problem(password: str) -> str | None:
    """A reason to refuse a new password, or None."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"the password must have at least {MIN_PASSWORD_LENGTH} characters"
    return None
