"""The standstill period a debrief letter states (Directive 89/665/EEC, as amended by Directive 2007/66/EC, Art. 2a(2)).

The contract may not be concluded before at least 10 calendar days have run from the day following the date the
award decision is sent to the tenderers concerned, when it is sent by fax or electronic means, or at least 15
calendar days otherwise. Counting follows Regulation (EEC, Euratom) No 1182/71 Art. 3(1) and 3(2)(b): the day of
sending does not count, and the period ends with the last hour of its last day. The day of sending is the
calendar day in the tender's time zone. Member States may prolong the period (national rules on public holidays
included); the letter states the Directive's minimum.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from app.presentation import date_text

ELECTRONIC_DAYS = 10  # Art. 2a(2), first subparagraph: fax or electronic means
OTHER_MEANS_DAYS = 15  # Art. 2a(2), first subparagraph: other means of communication


def standstill(sent_at: datetime, time_zone: str, electronic: bool = True) -> dict:
    """The period after a decision sent at `sent_at`: its length, the day of sending and its last day, as text."""
    days = ELECTRONIC_DAYS if electronic else OTHER_MEANS_DAYS
    sent_day = sent_at.astimezone(ZoneInfo(time_zone)).date()
    last_day = sent_day + timedelta(days=days)  # day 1 is the day after sending, so day `days` is sent_day + days
    return {"days": days, "is_electronic": electronic, "sent": date_text(sent_day), "ends": date_text(last_day),
            "concluded_from": date_text(last_day + timedelta(days=1))}
