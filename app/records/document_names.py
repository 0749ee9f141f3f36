"""A document's name as the browser sent it, made safe to show and to offer as a download name.

The name is hostile input: it is never used as a path (the bytes live in the database), only shown. Path parts,
control characters (NUL included) and leading dots go, and it is cut to a readable length.
"""
from __future__ import annotations

import re
import unicodedata

MAX_DISPLAY = 120
MAX_DOWNLOAD_STEM = 80


def display_name(sent: str) -> str:
    """The last path part of the sent name, without control or format characters, spaces collapsed, at most
    MAX_DISPLAY characters keeping its extension; "" when nothing is left."""
    text = unicodedata.normalize("NFKC", sent)
    text = re.split(r"[/\\]", text)[-1]
    text = "".join(" " if unicodedata.category(char).startswith(("C", "Z")) else char for char in text)
    text = re.sub(r" +", " ", text).strip().lstrip(".").strip()
    if len(text) <= MAX_DISPLAY:
        return text
    stem, dot, extension = text.rpartition(".")
    if dot and 0 < len(extension) <= 10:
        return stem[:MAX_DISPLAY - len(extension) - 1].rstrip() + "." + extension
    return text[:MAX_DISPLAY].rstrip()


def download_name(shown: str, extension: str, fallback: str) -> str:
    """An ASCII download name: the shown name's stem (anything but letters, digits, dot, dash and space becomes _)
    and the extension of the format found in the content, never the one sent."""
    stem = shown.rpartition(".")[0] or shown
    plain = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii")
    safe = re.sub(r"[^\w.\- ]", "_", plain, flags=re.ASCII).strip(" ._")[:MAX_DOWNLOAD_STEM].strip(" ._")
    return f"{safe or fallback}.{extension}"
