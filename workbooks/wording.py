"""The workbook's words in one language: labels in the procedure language, problem messages in the reader's.

The library stays pure (it imports nothing from the app): the caller passes a Wording built on its own catalogue
(the app's: app/workbook_words.py), and without one every text is the English message itself. Texts are marked
`_("...")` (or `N_` where they are translated later) so that Babel extracts them into the app's catalogues
(babel.cfg lists workbooks/); a local `_ = words` names the Wording a function writes with.

Only labels change with the language: sheet names, cell positions and the codes the reader takes (criterion codes,
material codes in Metadata) are the same in every language, so a workbook filled in German is read like an
English one. What a bidder types in a drop-down column is read back through the lists of the workbook's language,
with the English names, ISO codes and material codes accepted as well.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache

from scoring.messages import Listing, Percent

ENGLISH = "en"


def N_(message: str) -> str:
    """Mark a message for the catalogues where it is translated later, when written (Babel extracts N_ too)."""
    return message


def _as_is(message: str) -> str:
    return message


@dataclass(frozen=True)
class Wording:
    """The messages and number formats of one language ("en", "de", "fr"); `gettext` looks a message up in the
    caller's catalogue (the message itself for English)."""

    language: str = ENGLISH
    gettext: Callable[[str], str] = _as_is  # part of equality: the cached drop-down lists are per catalogue

    def __call__(self, message: str, **values: object) -> str:
        """The message in this language with its %(name)s placeholders filled."""
        text = self.gettext(message)
        return text % values if values else text

    def country_names(self) -> dict[str, str]:
        """ISO 3166-1 alpha-2 code -> the country's name in this language (Babel's CLDR territory names)."""
        return _country_names(self.language)

    def money_format(self, currency: str) -> str:
        """The Excel number format of an amount in `currency`, the currency code placed as this language writes
        it (before the number in English, after it in German and French: CLDR's currency pattern).

        Excel format codes always spell the separators "," (thousands) and "." (decimals); Excel and LibreOffice
        show them with the separators of the reader's system locale (1.234,50 on a German system), so the format
        carries only what is text: the currency's place and the space beside it."""
        from babel import Locale
        pattern = Locale.parse(self.language).currency_formats["standard"].pattern.split(";")[0]
        code = f'"{_format_text(currency)}"'
        before, _, after = pattern.partition("¤") if "¤" in pattern else (pattern, "", "")
        if after and not before:  # "¤#,##0.00": the code first, a space before the number
            return f"{code} {_digits(after)}"
        return f"{_digits(before)} {code}"

    def percent_format(self) -> str:
        """The Excel number format of a cell holding a percentage as 0-100 (not a fraction: no scaling), with the
        percent sign as this language writes it ("50%" in English, "50 %" in German and French)."""
        return f'General"{self.percent_sign()}"'

    def percent_sign(self) -> str:
        """The percent sign with the space this language puts before it."""
        from babel import Locale
        pattern = Locale.parse(self.language).percent_formats[None].pattern
        return " %" if "\xa0%" in pattern or " %" in pattern or "\u202f%" in pattern else "%"

    def number(self, value: float, decimals: int = 2) -> str:
        """A number as text in this language (decimal comma in German and French), at most `decimals` decimals;
        the exact weights of scoring/exact.py (fractions) too."""
        from babel.numbers import format_decimal
        return format_decimal(round(float(value), decimals), locale=self.language, decimal_quantization=False)

    def money(self, value: float, currency: str) -> str:
        """An amount with its currency code, as this language writes it."""
        return _money(value, currency, self.language)

    def message(self, message: str) -> str:
        """A scoring library's Message (scoring/messages.py) in this language, its numbers and percentages in this
        language's form (a template's texts written by the library); other text as it is."""
        msgid = getattr(message, "msgid", None)
        if msgid is None:
            return str(message)
        return self(msgid, **{key: self._parameter(value) for key, value in message.params.items()})

    def _parameter(self, value: object) -> str:
        if isinstance(value, Percent):
            return self.number(value, 6) + self.percent_sign()
        if isinstance(value, Listing):
            return value.joined(self._parameter, self(value.joiner().msgid))
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return self.number(value, 6)
        return self.message(value)


def _money(value: float, currency: str, language: str) -> str:
    """An amount written "1,234.50 EUR" (English) or "1.234,50 EUR" / "1 234,50 EUR" (German, French)."""
    from babel.numbers import format_decimal
    return f"{format_decimal(value, format='#,##0.##', locale=language)} {currency}"


def _digits(pattern: str) -> str:
    """The digits part of a CLDR pattern, without the spaces around the currency sign."""
    return pattern.replace("\xa0", "").replace("\u202f", "").strip()


def _format_text(text: str) -> str:
    """Text quoted safely inside an Excel number format."""
    return "".join(char for char in text if char.isalnum())


@cache
def _country_names(language: str) -> dict[str, str]:
    from babel import Locale

    from scoring import countries
    territories = Locale.parse(language).territories
    return {code: territories.get(code) or countries.country_name(code) or code
            for code in sorted(countries.country_codes())}


ENGLISH_WORDING = Wording()
_messages: ContextVar[Wording] = ContextVar("resbid_workbook_messages", default=ENGLISH_WORDING)


@contextmanager
def messages_in(wording: Wording) -> Iterator[None]:
    """Problem messages in `wording`'s language inside the block (the reader's interface language)."""
    token = _messages.set(wording)
    try:
        yield
    finally:
        _messages.reset(token)


def say(message: str, **values: object) -> str:
    """A problem message in the reader's language (messages_in), placeholders filled. Import it as `_`."""
    return _messages.get()(message, **values)


def say_number(value: float, decimals: int = 0, shown: int = 0) -> str:
    """A number in a problem message, as the reader's language writes it ("32,767", "32.767", "32 767"), with at
    most `decimals` decimals and at least `shown` ("10.0 MB": just over the limit)."""
    if not shown:
        return _messages.get().number(value, decimals)
    from babel.numbers import format_decimal
    return format_decimal(round(float(value), decimals), format="#,##0." + "0" * shown, locale=_messages.get().language)


def said(message: str) -> str:
    """A scoring library's Message (scoring/messages.py) in the reader's language, its numbers and percentages in
    the reader's form; other text as it is. The problems travel back from the reading process as text, so the
    library's messages are written here, where the reader's language is known."""
    return _messages.get().message(message)
