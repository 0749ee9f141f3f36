"""Template filters: times are stored in UTC and shown in the tender's time zone."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import Flask

from app.models.tender import DEFAULT_TIME_ZONE


def local_time(value: datetime | None, time_zone: str | None = None) -> str:
    """Format an aware UTC datetime in a time zone (Europe/Brussels unless the tender says otherwise)."""
    if value is None:
        return "—"
    local = value.astimezone(ZoneInfo(time_zone or DEFAULT_TIME_ZONE))
    return local.strftime("%d %b %Y %H:%M %Z")


def register_filters(app: Flask) -> None:
    """Make the filters available to every template."""
    app.add_template_filter(local_time, "local_time")
