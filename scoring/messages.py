"""Texts the library writes for people, as values an application can translate: a msgid and named parameters.

A `Message` is the English text itself (a str: the CLI, JSON and library users read it unchanged) and also
carries its msgid ("%(value)s or less gets %(points)s") and the parameters that fill it, so an application can
look the msgid up in its catalogue and write the parameters in the reader's locale. Parameters are numbers
(written with number_text in English), `Percent` (a percentage), `Listing` (parts joined with "; "), `Country` (an
ISO code, written as the country's name in the reader's language), nested Messages, or plain text that is not
translated (a bidder's name, a descriptor the authority wrote).

Babel extracts the msgids: the keyword `Message` (see app/translations/README.md); it misses a Message written
inside another Message's arguments, so a nested message is made on a statement of its own. The library translates
nothing and imports nothing from an application; an application that renders HTML may install a renderer
(`use_renderer`) that `__html__` calls, so a template printing a rule's description shows it in the page's
language without a filter.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from html import escape
from typing import Any

from scoring.countries import country_name


class Percent(float):
    """A percentage (50.0 reads "50%"), written in the reader's locale by an application ("50 %" in German)."""


class Country(str):
    """An ISO 3166-1 alpha-2 code ("CN") standing for the country's name: "China" in English (the library's short
    name), the name in the reader's language in an application; the code itself when no name is known."""


class Listing(tuple):
    """Parts of a sentence joined with "; " (each a Message or text), or with "and" when `conjunction` is set."""

    conjunction: bool

    def __new__(cls, parts: Iterable[Any], conjunction: bool = False) -> Listing:
        listing = super().__new__(cls, tuple(parts))
        listing.conjunction = conjunction
        return listing

    def __reduce__(self):
        return (Listing, (tuple(self), self.conjunction))

    def joiner(self) -> Message:
        """The message that joins two parts ("%(part)s; %(next)s" or "%(part)s and %(next)s")."""
        return conjunction() if self.conjunction else separator()

    def joined(self, write: Callable[[Any], str], joiner: str) -> str:
        """The parts written by `write` and joined, left to right, by the `joiner` text (a joiner's msgid
        translated)."""
        text = write(self[0]) if self else ""
        for part in self[1:]:
            text = joiner % {"part": text, "next": write(part)}
        return text


def separator() -> Message:
    """How a Listing joins two parts, as a message (French writes a space before the semicolon)."""
    return Message("%(part)s; %(next)s", part="", next="")


def conjunction() -> Message:
    """How a Listing with `conjunction` joins two parts."""
    return Message("%(part)s and %(next)s", part="", next="")


def english(value: Any) -> str:
    """A parameter as the English text writes it."""
    from scoring.rules.base import number_text  # base imports this module
    if isinstance(value, Percent):
        return f"{number_text(value)}%"
    if isinstance(value, Country):
        return country_name(value) or str(value)
    if isinstance(value, Listing):
        return value.joined(english, value.joiner().msgid)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return number_text(value)
    return str(value)


_renderer: list[Callable[[Message], str]] = []


def use_renderer(render: Callable[[Message], str]) -> None:
    """How `__html__` writes a message (an application's translation into the reader's language)."""
    _renderer[:] = [render]


class Message(str):
    """The English text, with the msgid and parameters it was written from."""

    msgid: str
    params: dict[str, Any]

    def __new__(cls, msgid: str, **params: Any) -> Message:
        text = msgid % {key: english(value) for key, value in params.items()} if params else msgid
        message = super().__new__(cls, text)
        message.msgid, message.params = msgid, params
        return message

    def __reduce__(self):
        # pickle (e.g. a problem sent from a worker process) keeps the msgid and parameters
        return (_rebuild, (self.msgid, self.params))

    def __html__(self) -> str:
        """The message in HTML: through the installed renderer (the reader's language), else in English."""
        return escape(_renderer[0](self) if _renderer else str(self))


def _rebuild(msgid: str, params: dict[str, Any]) -> Message:
    return Message(msgid, **params)
