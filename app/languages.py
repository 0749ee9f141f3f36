"""Languages: which one a request is answered in, and the context manager documents use for their procedure's.

The interface language is the user's choice (`User.language`), else what an anonymous visitor chose on the sign-in
page (kept in the session), else the best of the browser's Accept-Language among the languages resbid speaks,
else English. A tender has a procedure language of its own (`Tender.language`): its documents are written in it
whatever the reader's interface language, inside `in_language(code)`.
Messages come from the catalogues in app/translations (compiled by `make setup`, see babel.cfg); numbers and dates
are written by app.presentation in the same locale.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flask import Flask, current_app, has_request_context, request, session
from flask_babel import Babel, force_locale, get_locale, get_translations
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from app import presentation

DEFAULT = "en"
# Each language by its own name (a reader looking for theirs finds it whatever the page's language).
LANGUAGES = {"en": "English", "de": "Deutsch", "fr": "Français"}
SESSION_KEY = "language"
TRANSLATIONS = Path(__file__).resolve().parent / "translations"


def language_choices() -> list[SelectChoice]:
    """The languages as the options of a select (the interface switch, a tender's procedure language)."""
    return [SelectChoice(code, name) for code, name in LANGUAGES.items()]


def N_(message: str) -> str:
    """Mark a message for the catalogues where it is translated later, when shown (Babel extracts N_ too)."""
    return message


def is_language(code: object) -> bool:
    return isinstance(code, str) and code in LANGUAGES


def chosen_language() -> str | None:
    """What the reader chose: a signed-in user's saved language, else the anonymous visitor's choice."""
    if current_user.is_authenticated and is_language(current_user.language):
        return current_user.language
    chosen = session.get(SESSION_KEY)
    return chosen if is_language(chosen) else None


def select_locale() -> str:
    """The request's interface language (Flask-Babel's locale selector)."""
    if not has_request_context():
        return DEFAULT
    return chosen_language() or request.accept_languages.best_match(LANGUAGES) or DEFAULT


def interface_language() -> str:
    """The language the current page is written in ("en", "de", "fr")."""
    return str(get_locale() or DEFAULT)


@contextmanager
def in_language(code: str) -> Iterator[None]:
    """Messages, numbers and dates in `code` inside the block: a document in its procedure's language."""
    if not is_language(code):
        raise ValueError(f"resbid does not speak {code!r}; it speaks {', '.join(LANGUAGES)}")
    with force_locale(code), presentation.formatting_in(code):
        yield


def translations():
    """Flask-Babel's translations for the current locale, kept per app and locale: its get_translations walks its
    request state a dozen times, 7 microseconds for each message a template writes (31 on a bidder's front page)."""
    locale = get_locale()
    if locale is None:  # outside any app
        return get_translations()
    kept = current_app.extensions["resbid.translations"]
    found = kept.get(locale)
    if found is None:
        found = kept[locale] = get_translations()
    return found


def init_app(app: Flask) -> None:
    Babel(app, locale_selector=select_locale, default_translation_directories=str(TRANSLATIONS))
    app.extensions["resbid.translations"] = {}  # at most one entry per language
    app.jinja_env.install_gettext_callables(  # as Flask-Babel installs them, with its translations found faster
        gettext=lambda text: translations().ugettext(text),
        ngettext=lambda singular, plural, number: translations().ungettext(singular, plural, number),
        newstyle=True)
    presentation.use_locale_source(get_locale)
    app.jinja_env.globals.update(LANGUAGES=LANGUAGES, interface_language=interface_language)
