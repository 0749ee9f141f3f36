"""Tender status as time passes: published until the deadline, then closed until two members open it."""
from __future__ import annotations

from datetime import datetime

from app.models.tender import CLOSED, PUBLISHED


def status_by_clock(now: datetime, deadline: datetime) -> str:
    """The status a published tender has at `now`, before anyone opens its bids."""
    return PUBLISHED if now < deadline else CLOSED
