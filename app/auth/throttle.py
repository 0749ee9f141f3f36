"""Sign-in throttling: growing delays per account and per network address, never a hard lock.

Written with two users of one address in mind: an attacker guessing passwords, and a busy authority whose staff
all reach the service through one proxy or NAT address.

- Account: once an account has LOGIN_MAX_FAILURES_PER_ACCOUNT failures, the next attempt must wait one minute
  after the latest failure; each further failure doubles the wait, up to LOGIN_MAX_DELAY_MINUTES. A successful
  sign-in resets the count.
- Address: the same from LOGIN_MAX_FAILURES_PER_ADDRESS failures from one address, whatever the accounts; this
  slows one password tried against many accounts.
- Known address: an address the account has signed in from in the last 90 days is known for it. There the
  address delay does not apply, and the account delay counts only the failures from that address. So an admin
  at a noisy office still gets in with the right password, and an attacker elsewhere cannot keep them out by
  failing on purpose; the attacker's own guesses are still slowed by both delays. The price: someone who shares
  the address can tell that an account is known there (its attempts are not held back by the address).
- Failures older than a day are forgotten.
- A refused attempt is answered at once with the time to wait (no sleeping, so it ties up no worker). The
  password is not checked and the attempt is not counted, so the answer is the same whatever was typed and
  whether or not the account exists.

Failures and sign-ins are rows in the database, so every worker sees the same counts; times come from the shared
clock (app.clock) so tests can move it.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import ngettext
from sqlalchemy import delete, func, select

from app.clock import utcnow
from app.extensions import db
from app.models import LoginFailure, LoginSuccess

FIRST_DELAY = timedelta(minutes=1)
FAILURE_MEMORY = timedelta(days=1)
KNOWN_ADDRESS_MEMORY = timedelta(days=90)
MAX_DOUBLINGS = 32  # far beyond any sensible cap; keeps the arithmetic small however many failures pile up
ACCOUNT, ADDRESS = "account", "address"  # whose failures hold an attempt back


@dataclass(frozen=True)
class Refusal:
    """An attempt that must wait: whose failures hold it back, and for how long."""

    reason: str
    wait: timedelta

    @property
    def seconds(self) -> int:
        return math.ceil(self.wait.total_seconds())

    @property
    def message(self) -> str:
        minutes = math.ceil(self.seconds / 60)
        if self.reason == ACCOUNT:
            return ngettext("Too many failed sign-in attempts for this account. Try again in %(num)s minute.",
                            "Too many failed sign-in attempts for this account. Try again in %(num)s minutes.",
                            minutes)
        return ngettext("Too many failed sign-in attempts from your network address. Try again in %(num)s minute.",
                        "Too many failed sign-in attempts from your network address. Try again in %(num)s minutes.",
                        minutes)


def refusal(email: str, address: str) -> Refusal | None:
    """The wait imposed on a sign-in attempt for `email` from `address`, or None when it may go ahead."""
    config = current_app.config
    now = utcnow()
    known = _known_address(email, address, now)
    account = LoginFailure.email == email
    if known:
        account &= LoginFailure.address == address
    forgotten_before = now - FAILURE_MEMORY
    last_success = _last_success(email)
    since_success = max(forgotten_before, last_success) if last_success else forgotten_before
    refusals = [Refusal(ACCOUNT,
                        _wait(account, since_success, config["LOGIN_MAX_FAILURES_PER_ACCOUNT"], now))]
    if not known:
        refusals.append(Refusal(ADDRESS, _wait(
            LoginFailure.address == address, forgotten_before, config["LOGIN_MAX_FAILURES_PER_ADDRESS"], now)))
    longest = max(refusals, key=lambda refused: refused.wait)
    return longest if longest.wait > timedelta(0) else None


def record_failure(email: str, address: str) -> None:
    """Count one failed attempt."""
    db.session.add(LoginFailure(email=email, address=address, at=utcnow()))


def record_success(email: str, address: str) -> None:
    """Reset the account's count and remember the address as known for it (one row per account and address)."""
    db.session.execute(delete(LoginSuccess).where(LoginSuccess.email == email, LoginSuccess.address == address))
    db.session.add(LoginSuccess(email=email, address=address, at=utcnow()))


def _wait(condition, since: datetime, free_failures: int, now: datetime) -> timedelta:
    """How long after `now` the next attempt must wait, given the failures matching `condition` since `since`."""
    count, latest = db.session.execute(
        select(func.count(), func.max(LoginFailure.at)).where(condition, LoginFailure.at >= since)
    ).one()
    if count < free_failures:
        return timedelta(0)
    cap = timedelta(minutes=current_app.config["LOGIN_MAX_DELAY_MINUTES"])
    delay = min(FIRST_DELAY * 2 ** min(count - free_failures, MAX_DOUBLINGS), cap)
    return max(latest + delay - now, timedelta(0))


def _known_address(email: str, address: str, now: datetime) -> bool:
    return db.session.scalar(select(func.count()).select_from(LoginSuccess).where(
        LoginSuccess.email == email, LoginSuccess.address == address,
        LoginSuccess.at >= now - KNOWN_ADDRESS_MEMORY)) > 0


def _last_success(email: str) -> datetime | None:
    return db.session.scalar(select(func.max(LoginSuccess.at)).where(LoginSuccess.email == email))
