"""What a reader sees of a page: its text without markup, and which English words are left in a translated one."""
from __future__ import annotations

import re
from html.parser import HTMLParser

GERMAN_BROWSER = {"Accept-Language": "de-DE,de;q=0.9,en;q=0.5"}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def page_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(parser.parts)


def english_in(text: str, words: list[str], own_texts: tuple[str, ...] = ()) -> list[str]:
    """The words of `words` left in `text` once what the authority or bidder wrote (`own_texts`) is taken out."""
    for own in sorted(own_texts, key=len, reverse=True):  # the longest first: a name may contain a shorter one
        text = text.replace(own, "")
    return [word for word in words if re.search(rf"\b{re.escape(word)}\b", text)]
