"""The authority's own texts in each language a tender publishes in: its title, its lots' titles, its criteria's
names and descriptions (eForms repeats a text field once per languageID; Commission Implementing Regulation (EU)
2019/1780).

tender.yaml may give `languages` (the published languages), `titles` (of the tender and of each lot) and, per
criterion, `names` and `descriptions`: {language: text}. The plain `title`, `name` and `description` are the
procedure language's text; either may be left out when the map gives it (a lot's `title` the schema requires). This
module checks the maps against the procedure language and fills the plain fields from them, so the scoring library
reads a definition of one language as before.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from scoring.messages import Message
from scoring.problems import Problem

LANGUAGES = ("en", "de", "fr")  # as tender_files.metadata
TEXT_MAPS = (("titles", "title"), ("names", "name"), ("descriptions", "description"))


def published_languages(data: Mapping[str, Any], language: str) -> tuple[str, ...]:
    """The procedure language first, then the others the file names (`languages`, else the keys of `titles`)."""
    named = data.get("languages") or list(data.get("titles") or {})
    return (language, *[code for code in LANGUAGES if code in named and code != language])


def with_texts(data: Mapping[str, Any], file: str = "tender.yaml") -> tuple[dict[str, Any], list[Problem]]:
    """The schema-valid mapping with each plain text filled from its map, and every problem with the maps."""
    language = data.get("language") or "en"
    published = published_languages(data, language)
    problems: list[Problem] = []
    if data.get("languages") and language not in data["languages"]:
        problems.append(Problem(f"{file}: languages", Message(
            "add the procedure language (%(language)s): the tender publishes in it", language=language)))
    filled = _filled(data, "titles", "title", f"{file}: ", language, published, problems)
    if "title" not in filled and not data.get("titles"):
        problems.append(Problem(f"{file}: title", Message("missing")))
    filled["criteria"] = _criteria(data.get("criteria"), f"{file}: criteria", language, published, problems)
    if isinstance(data.get("lots"), list):
        filled["lots"] = [_lot(lot, f"{file}: lots[{index}]", language, published, problems)
                          for index, lot in enumerate(data["lots"])]
    return filled, problems


def _lot(raw: Mapping[str, Any], place: str, language: str, published: tuple[str, ...], problems: list[Problem]
         ) -> dict[str, Any]:
    lot = _filled(raw, "titles", "title", f"{place}.", language, published, problems)
    if "criteria" in lot:
        lot["criteria"] = _criteria(lot["criteria"], f"{place}.criteria", language, published, problems)
    return lot


def _criteria(raw: Any, place: str, language: str, published: tuple[str, ...], problems: list[Problem]) -> Any:
    if not isinstance(raw, list):
        return raw
    nodes = []
    for index, node in enumerate(raw):
        here = f"{place}[{index}]"
        node = _filled(node, "names", "name", f"{here}.", language, published, problems)
        node = _filled(node, "descriptions", "description", f"{here}.", language, published, problems)
        if "children" in node:
            node["children"] = _criteria(node["children"], f"{here}.children", language, published, problems)
        nodes.append(node)
    return nodes


def _filled(raw: Mapping[str, Any], key: str, plain: str, place: str, language: str, published: tuple[str, ...],
            problems: list[Problem]) -> dict[str, Any]:
    """The mapping with `plain` taken from the map `key` when left out; the map's problems added."""
    node = dict(raw)
    texts = node.get(key)
    if not texts:
        return node
    for code in texts:
        if code not in published:
            problems.append(Problem(f"{place}{key}.{code}", Message(
                "the tender does not publish in %(language)s; it publishes in %(languages)s (add it to languages)",
                language=code, languages=", ".join(published))))
    own = texts.get(language)
    if own is None and node.get(plain) is None:
        if plain != "description":
            problems.append(Problem(f"{place}{key}", Message(
                "give the text in the procedure language (%(language)s) too", language=language)))
    elif own is None:
        node[key] = {language: node[plain], **texts}
    elif node.get(plain) is None:
        node[plain] = own
    elif node[plain] != own:
        problems.append(Problem(f"{place}{key}.{language}", Message(
            "differs from %(field)s: both are the text in the procedure language (%(language)s); give it once",
            field=plain, language=language)))
    return node
