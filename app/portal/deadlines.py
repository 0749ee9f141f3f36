"""Deadlines as bidders read them: in the tender's time zone with UTC beside it, and the time left in words.

Everything is computed on the server from app.clock (no script in the page, no client clock).
"""
from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import gettext as _
from flask_babel import ngettext

from app.models import Tender
from app.models.tender import PUBLISHED
from app.presentation import UTC, time_text


def is_open(tender: Tender, now: datetime) -> bool:
    """Whether bids are accepted: a published tender before its submission deadline (server time, UTC)."""
    deadline = tender.submission_deadline_at
    return tender.status == PUBLISHED and deadline is not None and now < deadline


def deadline_text(tender: Tender) -> str:
    """The deadline in the tender's time zone with UTC beside it, e.g. "15 Mar 2027 12:00 CET (11:00 UTC)"."""
    deadline = tender.submission_deadline_at
    if deadline is None:
        return _("no deadline set")
    return f"{time_text(deadline, tender.time_zone)} ({time_text(deadline, UTC)})"


def countdown(deadline: datetime | None, now: datetime) -> str:
    """Time left in words, the two largest units: "closes in 3 days 4 hours", "closes in 2 hours 5 minutes"."""
    if deadline is None or deadline <= now:
        return _("closed")
    minutes = (deadline - now) // timedelta(minutes=1)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        parts = ((days, _days), (hours, _hours))
    elif hours:
        parts = ((hours, _hours), (minutes, _minutes))
    elif minutes:
        parts = ((minutes, _minutes),)
    else:
        return _("closes in less than a minute")
    return _("closes in %(time)s", time=" ".join(unit(count) for count, unit in parts if count))


def _days(count: int) -> str:
    return ngettext("%(num)s day", "%(num)s days", count)


def _hours(count: int) -> str:
    return ngettext("%(num)s hour", "%(num)s hours", count)


def _minutes(count: int) -> str:
    return ngettext("%(num)s minute", "%(num)s minutes", count)
