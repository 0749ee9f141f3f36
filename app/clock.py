"""The one clock every deadline check reads; tests move it instead of sleeping."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo


class Clock:
    """Real UTC time, optionally frozen at or shifted to another instant by tests."""

    def __init__(self) -> None:
        self._frozen_at: datetime | None = None
        self._offset = timedelta(0)

    def now(self) -> datetime:
        if self._frozen_at is not None:
            return self._frozen_at
        return datetime.now(timezone.utc) + self._offset

    def freeze(self, at: datetime) -> None:
        if at.tzinfo is None:
            raise ValueError("freeze the clock at an aware datetime")
        self._frozen_at = at.astimezone(timezone.utc)

    def advance(self, delta: timedelta) -> None:
        if self._frozen_at is not None:
            self._frozen_at += delta
        else:
            self._offset += delta

    def reset(self) -> None:
        self._frozen_at = None
        self._offset = timedelta(0)


clock = Clock()


def utcnow() -> datetime:
    """Current UTC time from the shared clock."""
    return clock.now()


def today_in(time_zone: str) -> date:
    """Today's date where a tender's dates are read (its time zone): the day a date typed on its pages is checked
    against."""
    return clock.now().astimezone(ZoneInfo(time_zone)).date()
