"""The bidder workbook's words: its labels in the tender's procedure language, its problems in the reader's.

The workbooks library takes its texts from a Wording passed in (workbooks/wording.py); this builds one from the same
compiled catalogues as the pages (app/translations, which list workbooks/ texts too, see babel.cfg). Babel reads
them directly rather than through Flask-Babel's force_locale, so the command line and the render worker, which
have no request, write the same workbook as the portal.
"""
from __future__ import annotations

from functools import cache

from babel.support import Translations

from app.languages import DEFAULT, TRANSLATIONS, interface_language, is_language
from workbooks.wording import ENGLISH_WORDING, Wording


@cache
def wording(code: str) -> Wording:
    """The workbook's words in `code` ("en", "de", "fr"); English for any other code."""
    if code == DEFAULT or not is_language(code):
        return ENGLISH_WORDING
    return Wording(code, Translations.load(str(TRANSLATIONS), [code]).gettext)


def reader_wording() -> Wording:
    """The current page's language, for the problems of a workbook the reader uploaded."""
    return wording(interface_language())
