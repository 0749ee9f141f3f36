"""The message catalogues as the tests read them: compiled from the .po files, and the messages the source marks."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from babel.messages.extract import extract_from_file
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "app" / "translations"
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None, "N_": None,
            "Message": None}  # scoring/messages.py
METHODS = {".py": "python", ".html": "jinja2"}


def catalogue(code: str):
    with open(TRANSLATIONS / code / "LC_MESSAGES" / "messages.po", "rb") as file:
        return read_po(file, locale=code)


def compile_catalogues() -> None:
    """What `make setup` does with pybabel compile: each messages.po written as the messages.mo Flask-Babel reads.

    Each worker of a parallel run (pytest-xdist) compiles at its start, perhaps while another already reads the
    catalogues: the new file is written beside the old one and renamed over it, so a reader sees one whole file."""
    for po in sorted(TRANSLATIONS.glob("*/LC_MESSAGES/messages.po")):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            with open(po, "rb") as source:
                compiled = read_po(source)
            handle, partial = tempfile.mkstemp(dir=mo.parent, prefix=".messages-", suffix=".mo")
            try:
                os.chmod(partial, 0o644)  # as pybabel leaves it, not mkstemp's owner-only mode
                with os.fdopen(handle, "wb") as target:
                    write_mo(target, compiled)
                os.replace(partial, mo)
            except BaseException:
                Path(partial).unlink(missing_ok=True)
                raise


def marked_messages(paths: list[Path]) -> dict[str | tuple[str, ...], str]:
    """Every message the files mark for translation, with the place it is marked."""
    found = {}
    for path in paths:
        for line, message, _comments, _context in extract_from_file(
                METHODS[path.suffix], str(path), keywords=KEYWORDS, options={"extensions": "jinja2.ext.i18n"}):
            found[message] = f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name}:{line}"
    return found


def untranslated(messages: dict[str | tuple[str, ...], str], code: str) -> dict[str, str | tuple[str, ...]]:
    """The messages (marked_messages) without a text in the `code` catalogue, by the place each is marked."""
    translated = {message.id if isinstance(message.id, str) else message.id[0]
                  for message in catalogue(code) if message.id and message.string and all(message.string)}
    return {place: message for message, place in messages.items()
            if (message if isinstance(message, str) else message[0]) not in translated}


def translator(code: str):
    """The text a reader of `code` sees for a message, read from its catalogue: a browser test walks the German
    pages by the same labels a German officer reads (a message missing from the catalogue fails the test)."""
    strings = {} if code == "en" else {message.id: message.string for message in catalogue(code) if message.id}

    def say(message: str, **params) -> str:
        text = strings[message] if strings else message
        return text % params if params else text
    return say
