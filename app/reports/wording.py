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

from app.presentation import N_, catalogue, formatting_in  # noqa: F401 (N_: the documents' marker too)

ENGLISH = "en"

_language: ContextVar[str] = ContextVar("resbid_document_language", default=ENGLISH)


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
