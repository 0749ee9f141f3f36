"""The words of documents in their procedure's language, read from the catalogues without Flask.

A tender's report and debrief letters are written in its procedure language (Tender.language) whatever the
reader's, and they are rendered in the worker process (app/reports/worker.py), which has no app and so no
Flask-Babel: this module reads the same compiled catalogues (app.presentation.catalogue, with Babel) and, inside
`writing_in(code)`, gives the messages and the number and date formats (app.presentation) of that language.
The context builder writes in it too (the dates and words it stores), so context and document agree.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from app.presentation import catalogue, formatting_in

ENGLISH = "en"

_language: ContextVar[str] = ContextVar("resbid_document_language", default=ENGLISH)


def N_(message: str) -> str:
    """Mark a message for the catalogues where it is translated later, when written (Babel extracts N_ too)."""
    return message


@contextmanager
def writing_in(code: str) -> Iterator[None]:
    """Messages, numbers and dates in the procedure language `code` ("en", "de", "fr") inside the block."""
    token = _language.set(code)
    try:
        with formatting_in(code):
            yield
    finally:
        _language.reset(token)


def language() -> str:
    """The language documents are written in now (the lang attribute of their HTML, so of the PDF)."""
    return _language.get()


def translated(message: str) -> str:
    """A message in the current language, unformatted (Jinja's i18n extension formats it)."""
    return catalogue(_language.get()).gettext(message)


def translated_plural(singular: str, plural: str, count: float) -> str:
    return catalogue(_language.get()).ngettext(singular, plural, count)


def gettext(message: str, **variables: object) -> str:
    """A message in the current language with its %(name)s placeholders filled."""
    text = translated(message)
    return text % variables if variables else text


def ngettext(singular: str, plural: str, count: float, **variables: object) -> str:
    """The form of a message that goes with `count` (placeholders: %(num)s and the variables)."""
    return translated_plural(singular, plural, count) % {"num": count, **variables}


# Codes the scoring library stores, in words (scoring/result.py CriterionResult.status, scoring/criteria.py types,
# scoring/abnormal.py decisions).
CODE_WORDS = {
    "scored": N_("scored"), "resolved": N_("resolved"), "incomplete": N_("incomplete"), "excluded": N_("excluded"),
    "missing": N_("missing"), "invalid": N_("invalid"), "not_scored": N_("not scored"),
    "price": N_("price"), "cost": N_("cost"), "quality": N_("quality"),
    "accepted": N_("explanation accepted"), "rejected": N_("rejected"),
}


def code_text(code: str | None) -> str:
    """A stored code in words in the current language; an unknown code as it is."""
    return gettext(CODE_WORDS[code]) if code in CODE_WORDS else (code or "")
