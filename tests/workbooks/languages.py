"""The workbook's words in German and French for the workbook tests, read from the app's catalogues without the
app (the library takes a Wording; the app builds the same one from the compiled catalogues)."""
from __future__ import annotations

from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

from workbooks.wording import ENGLISH_WORDING, Wording

TRANSLATIONS = Path(__file__).resolve().parents[2] / "app" / "translations"
LANGUAGES = ("en", "de", "fr")


@cache
def wording(code: str) -> Wording:
    """The Wording of `code` over its messages.po (a message without a translation stays English)."""
    if code == "en":
        return ENGLISH_WORDING
    with open(TRANSLATIONS / code / "LC_MESSAGES" / "messages.po", "rb") as file:
        catalogue = read_po(file, locale=code)
    texts = {message.id: message.string for message in catalogue if message.id and message.string}
    return Wording(code, lambda message: texts.get(message, message))
