"""Template filters: times are stored in UTC and shown in the tender's time zone."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import Flask

from app.models.tender import DEFAULT_TIME_ZONE
from scoring.rules.base import number_text


def local_time(value: datetime | None, time_zone: str | None = None) -> str:
    """Format an aware UTC datetime in a time zone (Europe/Brussels unless the tender says otherwise)."""
    if value is None:
        return "—"
    local = value.astimezone(ZoneInfo(time_zone or DEFAULT_TIME_ZONE))
    return local.strftime("%d %b %Y %H:%M %Z")


def value_text(value: bool | float | str | None) -> str:
    """A criterion's raw value as people write it: yes/no, a plain number (40, not 39.99999999999999), or a dash."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value if isinstance(value, str) else number_text(value)


def register_filters(app: Flask) -> None:
    """Make the filters available to every template."""
    app.add_template_filter(local_time, "local_time")
    app.add_template_filter(value_text, "value_text")
