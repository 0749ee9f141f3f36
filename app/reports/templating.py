"""Jinja for PDF templates: the same autoescaping as the web pages, without needing a Flask app.

Documents are rendered in a separate worker process (app/reports/worker.py), so the templates
see only the JSON context, the display filters of app.presentation, the ones below and the messages of the
document's language (`_`, `ngettext`: app.reports.wording).
"""
from __future__ import annotations

from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from app.presentation import register_filters
from app.reports import wording

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
STYLESHEET = TEMPLATES / "reports" / "report.css"


def justification_groups(criterion) -> list[dict]:
    """A criterion's justifications, each text once with who wrote it (evaluators, then the consensus).

    Identical texts (an evaluator adopting the consensus wording, say) print once, naming everyone who gave them.
    """
    entries = [(f"{e['name']} ({e['points']})", e["justification"]) for e in criterion["evaluators"]]
    if criterion["consensus"]:
        entries.append((wording.gettext("consensus (%(points)s)", points=criterion["consensus"]["points"]),
                        criterion["consensus"]["justification"]))
    groups: dict[str, list[str]] = {}
    for who, text in entries:
        groups.setdefault(text, []).append(who)
    return [{"who": ", ".join(whos), "text": text} for text, whos in groups.items()]


@cache
def environment() -> Environment:
    """One environment per process: autoescape on for .html, unknown variables are errors."""
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(("html",)),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, extensions=["jinja2.ext.i18n"])
    env.install_gettext_callables(wording.translated, wording.translated_plural, newstyle=True)
    register_filters(env.filters)
    env.filters["justification_groups"] = justification_groups
    return env


def render(template: str, **context) -> str:
    """Render one template under templates/ to a string, in the language documents are written in now."""
    return environment().get_template(template).render(language=wording.language(), **context)


def stylesheet_text() -> str:
    """The report stylesheet (no URLs in it: WeasyPrint gets it as a parsed CSS object)."""
    return STYLESHEET.read_text("utf-8")
