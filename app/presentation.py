"""Display text: the one place that turns times, numbers, points, shares, money and answers into words.

Pages, receipts, the CLI and the PDF documents all format through these functions, registered under
their own names as filters in both Jinja environments (the web app's and the PDF worker's), and Excel
exports take their number formats from here, so the same value reads the same everywhere;
locale-aware formatting belongs here too. Times are stored in
UTC and shown in the tender's time zone, named. It imports neither Flask nor the models: the PDF worker
renders with it outside any app.
"""
from __future__ import annotations

import re
from collections.abc import Callable, MutableMapping
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from scoring.rules.base import number_text as plain_number

DASH = "—"
UTC = "UTC"
POINTS_DECIMALS = 2  # the precision ranks are read at
SHARE_DECIMALS = 1
MONEY_DECIMALS = 2


def time_text(at: datetime | None, zone: str, seconds: bool = False) -> str:
    """An aware instant in a time zone, named: "15 Mar 2027 12:00 CET" (seconds for records, never microseconds)."""
    if at is None:
        return DASH
    pattern = "%d %b %Y %H:%M:%S %Z" if seconds else "%d %b %Y %H:%M %Z"
    return at.astimezone(ZoneInfo(zone)).strftime(pattern)


def wall_time_text(local: datetime) -> str:
    """A wall-clock time as typed into a form, before it is placed in a zone: "28 Mar 2027 02:30"."""
    return local.strftime("%d %b %Y %H:%M")


def utc_text(at: datetime | None) -> str:
    """An instant in UTC to the second, as receipts give it beside the tender's time: "13 Jan 2027 13:00:00 UTC"
    (the microseconds the server recorded stay in the database and the audit log, not in what people read)."""
    return DASH if at is None else at.astimezone(timezone.utc).strftime("%d %b %Y %H:%M:%S UTC")


def number_text(value: float | None, decimals: int = POINTS_DECIMALS) -> str:
    """A number in a table: fixed decimals and thousands separators, 1234.5 -> "1,234.50"."""
    return DASH if value is None else f"{value:,.{decimals}f}"


def points_text(value: float | None, decimals: int = POINTS_DECIMALS) -> str:
    """Points or a total: two decimals, the precision ranks are read at ("39.99999999999999" -> "40.00")."""
    return number_text(value, decimals)


def share_text(value: float | None, decimals: int = SHARE_DECIMALS) -> str:
    """A percentage in a table, with fixed decimals: 41.26 -> "41.3%"."""
    return DASH if value is None else f"{value:,.{decimals}f}%"


def plain_text(value: float | None, decimals: int | None = None) -> str:
    """A number as people write it in a sentence, rounded to `decimals` if given: 40, 0.25, 1,200 (no "40.00")."""
    if value is None:
        return DASH
    return plain_number(value if decimals is None else round(value, decimals))


def plain_share_text(value: float | None, decimals: int | None = SHARE_DECIMALS) -> str:
    """A percentage in a sentence, rounded, without trailing zeros: 40 -> "40%", 12.345 -> "12.3%"."""
    return DASH if value is None else f"{plain_text(value, decimals)}%"


def money_text(amount: float | None, currency: str | None = None, decimals: int = MONEY_DECIMALS) -> str:
    """An amount with thousands separators and its currency: "1,234,567.50 EUR" (an estimate is shown whole)."""
    if amount is None:
        return DASH
    text = f"{amount:,.{decimals}f}"
    return f"{text} {currency}" if currency else text


def hhi_text(value: float | None) -> str:
    """A Herfindahl-Hirschman index (0 to 10,000) as a whole number: "3,400"."""
    return DASH if value is None else f"{round(value):,}"


def length_text(value: float, decimals: int) -> str:
    """A length or coordinate in an SVG attribute: fixed decimals and no separator (a comma would break it)."""
    return f"{value:.{decimals}f}"


def count_text(count: int) -> str:
    """A count with thousands separators: 10000 -> "10,000"."""
    return f"{count:,}"


def value_text(value: bool | float | str | None) -> str:
    """A raw answer or measured value as people write it: yes/no, a plain number to two decimals at most
    (40, not 39.99999999999999; 46.75, not 46.754617), the text itself, or a dash."""
    if value is None:
        return DASH
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value if isinstance(value, str) else plain_text(value, 2)


def date_text(day: date | datetime, zone: str | None = None) -> str:
    """A calendar day: "15 Mar 2027"; an aware instant is first placed in `zone` (UTC if none is given)."""
    if isinstance(day, datetime):
        day = day.astimezone(ZoneInfo(zone or UTC)).date()
    return day.strftime("%d %b %Y")


def plural_text(count: float, singular: str, plural: str | None = None) -> str:
    """The noun that goes with a count as shown: "point" for 1 (or 1.00 after rounding), else "points"."""
    return singular if round(count, 2) == 1 else (plural or f"{singular}s")


def counted_text(count: int, singular: str, plural: str | None = None) -> str:
    """A count and its noun: "1 bid", "2 bids", "1,200 bids"."""
    return f"{count_text(count)} {plural_text(count, singular, plural)}"


def _excel_decimals(decimals: int) -> str:
    return "0." + "0" * decimals if decimals else "0"


# Excel number formats of the same figures: the cell keeps the exact value, Excel shows it as the text above.
EXCEL_POINTS = _excel_decimals(POINTS_DECIMALS)


def excel_money_format(currency: str | None) -> str:
    """The Excel number format of an amount in `currency`, as money_text writes it: '#,##0.00 "EUR"'."""
    number = "#,##" + _excel_decimals(MONEY_DECIMALS)
    return f'{number} "{currency}"' if currency else number


def sentence_text(message: str) -> str:
    """A library's message as a sentence for people: the libraries write "expected a number" to be embedded
    after a place; shown on its own it starts with a capital and ends with a full stop."""
    message = message.strip()
    if not message:
        return message
    if re.match(r"[a-z]+[ ,]", message):  # a word, not a path such as "criteria[0].rule: ..."
        message = message[0].upper() + message[1:]
    return message if message[-1] in ".!?)" else f"{message}."


def problem_text(problem) -> str:
    """A placed problem ("criteria[0].weight: expected a number") as "criteria[0].weight: Expected a number."."""
    return f"{problem.place}: {sentence_text(problem.message)}" if problem.place else sentence_text(problem.message)


FILTERS: dict[str, Callable[..., str]] = {function.__name__: function for function in (
    time_text, wall_time_text, utc_text, number_text, points_text, share_text, plain_text, plain_share_text,
    money_text, hhi_text, length_text, count_text, value_text, date_text, plural_text, counted_text,
    sentence_text, problem_text)}


def register_filters(filters: MutableMapping[str, Callable]) -> None:
    """Make every display function a filter of a Jinja environment (`app.jinja_env.filters`, the PDF worker's)."""
    filters.update(FILTERS)
