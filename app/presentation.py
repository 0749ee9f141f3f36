"""Display text: the one place that turns times, numbers, points, shares, money and answers into words.

Pages, receipts, the CLI and the PDF documents all format through these functions, registered under
their own names as filters in both Jinja environments (the web app's and the PDF worker's), and Excel
exports take their number formats from here, so the same value reads the same everywhere.

Numbers, money, percentages and dates are written by Babel (CLDR) in the current locale: "1,234,567.89 EUR" in
English, "1.234.567,89 EUR" in German, "1\u202f234\u202f567,89 EUR" in French (CLDR's French group separator is a
narrow no-break space). Values are first rounded by Python exactly as before and Babel only lays out the digits, so
English output is what it always was. The current locale is the one `formatting_in` forces (documents in the
procedure's language), else what the installed source says (the web app installs Flask-Babel's `get_locale`),
else English. Times are stored in UTC and shown in the tender's time zone, named by the tz database's abbreviation
in every language; the zone itself by its country and city in the reader's language (zone_text). It imports
neither Flask nor the models: the PDF worker renders with it outside any app.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterator, MutableMapping
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime, timezone
from decimal import Decimal
from functools import cache, lru_cache
from gettext import NullTranslations
from pathlib import Path
from zoneinfo import ZoneInfo

from babel import Locale
from babel.core import get_global
from babel.dates import format_date, format_time, get_timezone_location
from babel.numbers import format_currency, format_decimal, format_percent, parse_pattern
from babel.support import Translations
from markupsafe import Markup, escape

from scoring.countries import country_name
from scoring.messages import Country, Listing, Message, Percent, use_renderer
from scoring.reference import reference
from scoring.rules.base import number_text as plain_number

DASH = "—"
UTC = "UTC"
POINTS_DECIMALS = 2  # the precision ranks are read at
SHARE_DECIMALS = 1
MONEY_DECIMALS = 2
DEFAULT_LOCALE = "en"
# How a day is written. English keeps the form resbid always used ("05 Mar 2027"); other languages take CLDR's
# medium date ("05.03.2027", "5 mars 2027").
DAY_PATTERNS = {"en": "dd MMM yyyy"}
TRANSLATIONS = Path(__file__).resolve().parent / "translations"


def N_(message: str) -> str:
    """Mark a message for the catalogues where it is translated later, when written (Babel extracts N_ too)."""
    return message


# Codes the scoring library stores, in words (scoring/result.py CriterionResult.status, scoring/criteria.py types,
# scoring/abnormal.py decisions).
CODE_WORDS = {
    "scored": N_("scored"), "resolved": N_("resolved"), "incomplete": N_("incomplete"), "excluded": N_("excluded"),
    "missing": N_("missing"), "invalid": N_("invalid"), "not_scored": N_("not scored"),
    "price": N_("price"), "cost": N_("cost"), "quality": N_("quality"),
    "accepted": N_("explanation accepted"), "rejected": N_("rejected"),
}

_forced_locale: ContextVar[str | None] = ContextVar("resbid_forced_locale", default=None)
_locale_source: list[Callable[[], object]] = []


def use_locale_source(source: Callable[[], object]) -> None:
    """Where the current locale comes from when none is forced (the web app: Flask-Babel's get_locale)."""
    _locale_source[:] = [source]


@contextmanager
def formatting_in(code: str) -> Iterator[None]:
    """Format in `code` ("de", "fr") inside the block, whatever the source says (a document in its procedure's
    language, the PDF worker outside any app)."""
    token = _forced_locale.set(code)
    try:
        yield
    finally:
        _forced_locale.reset(token)


def current_locale() -> Locale:
    """The locale numbers and dates are written in now."""
    code = _forced_locale.get()
    if code is None and _locale_source:
        found = _locale_source[0]()
        if isinstance(found, Locale):  # Flask-Babel's, parsed once a request: a page asks for it at every number
            return found
        code = None if found is None else str(found)
    return _locale(code or DEFAULT_LOCALE)


@lru_cache(maxsize=32)
def _locale(code: str) -> Locale:
    return Locale.parse(code)


@lru_cache(maxsize=64)
def _pattern(text: str):
    return parse_pattern(text)


def _fixed(value: float, decimals: int) -> Decimal:
    """The value rounded as Python rounds it ("2.675" -> 2.67, binary half-even), for Babel to lay out unchanged."""
    return Decimal(f"{value:.{decimals}f}")


def _decimals_pattern(decimals: int, optional: bool = False) -> str:
    return "#,##0" + ("." + ("#" if optional else "0") * decimals if decimals else "")


def _percent_pattern(locale: Locale, decimals: int, optional: bool) -> str:
    """The locale's percent pattern ("#,##0%", "#,##0\u00a0%") with the decimals asked for."""
    return locale.percent_formats[None].pattern.replace("#,##0", _decimals_pattern(decimals, optional), 1)


def _digits(value: Decimal, decimals: int, optional: bool = False) -> str:
    return _laid_out(value, decimals, optional, current_locale())


@lru_cache(maxsize=8192)
def _laid_out(value: Decimal, decimals: int, optional: bool, locale: Locale) -> str:
    """Babel lays a number out in about 80 microseconds, and a page of a stored result shows the same figures at
    every request: a 50-bid ranking would spend milliseconds on it."""
    return format_decimal(value, format=_pattern(_decimals_pattern(decimals, optional)), locale=locale)


def _day(day: date, locale: Locale) -> str:
    return format_date(day, DAY_PATTERNS.get(locale.language, "medium"), locale=locale)


def time_text(at: datetime | None, zone: str, seconds: bool = False) -> str:
    """An aware instant in a time zone, named: "15 Mar 2027 12:00 CET" (seconds for records, never microseconds)."""
    if at is None:
        return DASH
    local = at.astimezone(ZoneInfo(zone))
    return f"{wall_time_text(local, seconds)} {local.strftime('%Z')}"


def wall_time_text(local: datetime, seconds: bool = False) -> str:
    """A wall-clock time as typed into a form, before it is placed in a zone: "28 Mar 2027 02:30"."""
    return _wall_time(local.replace(tzinfo=None), seconds, current_locale())


@lru_cache(maxsize=4096)
def _wall_time(wall: datetime, seconds: bool, locale: Locale) -> str:
    """Babel writes a date and a time in about 150 microseconds, and pages show the same deadlines at every request.
    Keyed by the naive wall-clock time: aware times of different zones at the same instant compare equal."""
    clock = format_time(wall.time(), "HH:mm:ss" if seconds else "HH:mm", locale=locale)
    return f"{_day(wall.date(), locale)} {clock}"


def utc_text(at: datetime | None) -> str:
    """An instant in UTC to the second, as receipts give it beside the tender's time: "13 Jan 2027 13:00:00 UTC"
    (the microseconds the server recorded stay in the database and the audit log, not in what people read)."""
    return DASH if at is None else f"{wall_time_text(at.astimezone(timezone.utc), seconds=True)} UTC"


def number_text(value: float | None, decimals: int = POINTS_DECIMALS) -> str:
    """A number in a table: fixed decimals and thousands separators, 1234.5 -> "1,234.50"."""
    return DASH if value is None else _digits(_fixed(value, decimals), decimals)


def points_text(value: float | None, decimals: int = POINTS_DECIMALS) -> str:
    """Points or a total: two decimals, the precision ranks are read at ("39.99999999999999" -> "40.00")."""
    return number_text(value, decimals)


def points_count(value: float, decimals: int = POINTS_DECIMALS) -> int:
    """The count ngettext chooses the plural form of points_text's figure by: as shown, 1.00 takes the singular
    and 0.00 the zero form; every other figure (0.50, 2.00) the plural."""
    shown = _fixed(value, decimals)
    return 1 if shown == 1 else 0 if shown == 0 else 2


def share_text(value: float | None, decimals: int = SHARE_DECIMALS) -> str:
    """A percentage in a table, with fixed decimals: 41.26 -> "41.3%"."""
    if value is None:
        return DASH
    pattern = _pattern(_percent_pattern(current_locale(), decimals, optional=False))
    return format_percent(_fixed(value, decimals) / 100, format=pattern, locale=current_locale())


def plain_text(value: float | None, decimals: int | None = None) -> str:
    """A number as people write it in a sentence, rounded to `decimals` if given: 40, 0.25, 1,200 (no "40.00")."""
    if value is None:
        return DASH
    digits = plain_number(value if decimals is None else round(value, decimals)).replace(",", "")
    if "e" in digits:  # beyond twelve significant digits: written as the scoring library writes it
        return digits
    number = Decimal(digits)
    return _digits(number, max(0, -number.as_tuple().exponent), optional=True)


def plain_share_text(value: float | None, decimals: int | None = SHARE_DECIMALS) -> str:
    """A percentage in a sentence, rounded, without trailing zeros: 40 -> "40%", 12.345 -> "12.3%"."""
    if value is None:
        return DASH
    digits = Decimal(plain_number(value if decimals is None else round(value, decimals)).replace(",", ""))
    pattern = _pattern(_percent_pattern(current_locale(), max(0, -digits.as_tuple().exponent), optional=True))
    return format_percent(digits / 100, format=pattern, locale=current_locale())


def money_text(amount: float | None, currency: str | None = None, decimals: int = MONEY_DECIMALS) -> str:
    """An amount with thousands separators and its currency: "1,234,567.50 EUR" (an estimate is shown whole)."""
    if amount is None:
        return DASH
    if not currency:
        return _digits(_fixed(amount, decimals), decimals)
    pattern = _pattern(_decimals_pattern(decimals) + " ¤¤")
    return format_currency(_fixed(amount, decimals), currency, format=pattern, currency_digits=False,
                           locale=current_locale())


def hhi_text(value: float | None) -> str:
    """A Herfindahl-Hirschman index (0 to 10,000) as a whole number: "3,400"."""
    return DASH if value is None else _digits(Decimal(round(value)), 0)


def length_text(value: float, decimals: int) -> str:
    """A length or coordinate in an SVG attribute: fixed decimals and no separator (a comma would break it)."""
    return f"{value:.{decimals}f}"


def count_text(count: int) -> str:
    """A count with thousands separators: 10000 -> "10,000"."""
    return _digits(Decimal(count), 0)


def value_text(value: bool | float | str | None) -> str:
    """A raw answer or measured value as people write it: yes/no, a plain number to two decimals at most
    (40, not 39.99999999999999; 46.75, not 46.754617), the text itself, or a dash."""
    if value is None:
        return DASH
    if isinstance(value, bool):
        return catalogue(current_locale().language).gettext(N_("yes") if value else N_("no"))
    return value if isinstance(value, str) else plain_text(value, 2)


def date_text(day: date | datetime, zone: str | None = None) -> str:
    """A calendar day: "15 Mar 2027"; an aware instant is first placed in `zone` (UTC if none is given)."""
    if isinstance(day, datetime):
        day = day.astimezone(ZoneInfo(zone or UTC)).date()
    return _day(day, current_locale())


def zone_text(zone: str) -> str:
    """A time zone as the tender form lists it, in the current language ("Belgium · Brussels"): never its tz
    database id ("Europe/Brussels"), which names no place in a German or French reader's words."""
    return zone_label(zone, current_locale())


def zone_label(zone: str, locale: Locale) -> str:
    """The zone as the locale names its place: the country and the city ("Deutschland · Berlin"), the city alone
    where it names the country too ("Monaco"), and "UTC" for UTC."""
    if zone == UTC:
        return UTC
    place = get_global("zone_aliases").get(zone, zone)  # an alias (US/Eastern) is named as its zone
    city = get_timezone_location(place, locale=locale, return_city=True)
    country = locale.territories.get(get_global("zone_territories").get(place, ""))
    return f"{country} · {city}" if country and country != city else city


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


@cache
def catalogue(code: str) -> NullTranslations:
    """The compiled catalogue of `code` (app/translations; English is the messages themselves): the one Flask-Babel
    reads, loaded with Babel so that documents rendered outside any app read it too."""
    return NullTranslations() if code == DEFAULT_LOCALE else Translations.load(str(TRANSLATIONS), [code])


def message_text(message: object) -> str:
    """A library's text in the current locale: a scoring Message's msgid looked up in the catalogue and filled with
    its parameters written here (numbers and percentages in the locale's form, nested messages translated too);
    any other value as it is. A message whose msgid has no translation stays English."""
    if not isinstance(message, Message):
        return "" if message is None else str(message)
    text = catalogue(current_locale().language).gettext(message.msgid)
    return text % {key: _parameter_text(value) for key, value in message.params.items()} if message.params else text


def _parameter_text(value: object) -> str:
    if isinstance(value, Percent):
        return plain_share_text(value, None)
    if isinstance(value, Country):
        return country_text(value)
    if isinstance(value, Listing):
        return value.joined(_parameter_text, catalogue(current_locale().language).gettext(value.joiner().msgid))
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return plain_text(value)
    return message_text(value)


def listing_text(parts) -> str:
    """Texts or Messages joined as the current locale joins a list's parts ("a; b", French "a ; b")."""
    return _parameter_text(Listing(parts))


def code_text(code: str | None) -> str:
    """A stored code in words in the current locale (a page's, or a document's procedure language); an unknown code
    as it is."""
    if code not in CODE_WORDS:
        return code or ""
    return catalogue(current_locale().language).gettext(CODE_WORDS[code])


def material_text(code: str) -> str:
    """A material code's name in the current locale ("Nd": "Neodymium", "Neodym", "Néodyme"): the library's name
    (scoring/reference/materials.csv) looked up in the catalogue, where it is a msgid; else the code."""
    name = reference.material_name(code)
    return catalogue(current_locale().language).gettext(name) if reference.material(code) else name


def country_text(code: str | None) -> str:
    """A country's name in the current locale: the library's short name in English ("DR Congo"), CLDR's territory
    name in the other languages ("Demokratische Republik Kongo"); the code itself when neither knows it."""
    if not code:
        return ""
    locale = current_locale()
    if locale.language == DEFAULT_LOCALE:
        return country_name(code) or code
    return locale.territories.get(code) or country_name(code) or code


use_renderer(message_text)  # a template printing a scoring Message writes it in the page's or document's language


def sentence_text(message: str) -> str:
    """A library's message as a sentence for people: the libraries write "expected a number" to be embedded
    after a place; shown on its own it starts with a capital and ends with a full stop."""
    message = message_text(message).strip()
    if not message:
        return message
    if re.match(r"[a-z]+[ ,]", message):  # a word, not a path such as "criteria[0].rule: ..."
        message = message[0].upper() + message[1:]
    return message if message[-1] in ".!?)" else f"{message}."


def problem_text(problem) -> str:
    """A placed problem ("criteria[0].weight: expected a number") as "criteria[0].weight: Expected a number."."""
    return placed_text(problem, sentence_text)


def placed_text(problem, write: Callable[[object], str] = message_text) -> str:
    """A problem (or a UserError) with its place, both in the current locale ("Los 2: erscheint zweimal"): the
    libraries' places and messages may be Messages; the message is written by `write`."""
    message = write(problem.message)
    if not problem.place:
        return message
    return message_text(Message("%(place)s: %(message)s", place=problem.place, message=message))


_ADDRESS_BREAK = re.compile(r"(?<=[@.])(?=[^\W\d_])")  # after an "@" or a "." that a letter follows


def breakable_text(text: str) -> Markup:
    """The text escaped, with a line-break opportunity (<wbr>) after each "@" and "." that a letter follows: an
    e-mail address in a table cell then wraps at its parts ("auditor@" / "resbid.example") instead of widening the
    table past its frame (the audit log's, in German, at 1024 px), and is still copied whole."""
    return Markup("<wbr>").join(escape(part) for part in _ADDRESS_BREAK.split(text))


FILTERS: dict[str, Callable[..., str | int]] = {function.__name__: function for function in (
    time_text, wall_time_text, utc_text, number_text, points_text, points_count, share_text, plain_text,
    plain_share_text, money_text, hhi_text, length_text, count_text, value_text, date_text, plural_text, counted_text,
    sentence_text, problem_text, message_text, code_text, material_text, country_text, breakable_text, zone_text)}


def register_filters(filters: MutableMapping[str, Callable]) -> None:
    """Make every display function a filter of a Jinja environment (`app.jinja_env.filters`, the PDF worker's)."""
    filters.update(FILTERS)
