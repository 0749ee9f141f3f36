"""The authority's own texts as a page shows them: in the reader's interface language when the tender publishes
in it, else in the procedure language.

A tender may publish in several languages (`Tender.languages`, the procedure language first); its title, its lots'
titles and its criteria's names and descriptions are then written by the authority in each (`Tender.titles`,
`TenderLot.titles`, `Criterion.names`, `Criterion.descriptions`; eForms repeats such a text once per languageID:
Commission Implementing Regulation (EU) 2019/1780). The plain columns hold the procedure language's text, which
documents written in the procedure language (workbook, report, letters) keep using. Pages use the functions below
and nothing else, so every page agrees.
"""
from __future__ import annotations

from collections.abc import Mapping

from babel import Locale
from flask import Flask, has_request_context
from flask_babel import get_locale

from app.languages import LANGUAGES, interface_language
from app.models import Criterion, Tender, TenderLot
from scoring.criteria import Criterion as CriterionDefinition
from scoring.lot_definition import Lot as LotDefinition


def language_name(code: str) -> str:
    """The language's name in the reader's language ("allemand" on a French page), from Babel's CLDR data."""
    return Locale.parse(code).get_display_name(get_locale() or "en")


def published_languages(tender: Tender) -> tuple[str, ...]:
    """The languages the tender publishes in, the procedure language first."""
    others = tender.languages or ()
    return (tender.language, *[code for code in LANGUAGES if code in others and code != tender.language])


def shown_text(plain: str, texts: Mapping[str, str] | None) -> str:
    """`plain` (the procedure language's text) or the authority's text in the reader's language, when it wrote
    one. The maps hold only the languages the tender publishes in (app.records.definition.store_meta keeps them
    so), so a text in the reader's language is one the tender publishes."""
    if not texts or not has_request_context():  # a document, the CLI: the procedure language's text
        return plain
    return texts.get(interface_language()) or plain


def tender_title(tender: Tender) -> str:
    """The tender's title as the reader's page shows it."""
    return shown_text(tender.title, tender.titles)


def lot_title(lot: TenderLot | LotDefinition) -> str:
    """A lot's title as the reader's page shows it: a stored row or a lot of the parsed definition."""
    return shown_text(lot.title, lot.titles)


def lot_titles(tender: Tender) -> dict[int, str]:
    """The titles of the tender's lots as the reader's page shows them, by lot number."""
    return {lot.number: lot_title(lot) for lot in tender.lots}


def criterion_name(criterion: Criterion | CriterionDefinition) -> str:
    """A criterion's name as the reader's page shows it: a stored row or a node of the parsed definition."""
    return shown_text(criterion.name, criterion.names)


def criterion_description(criterion: Criterion | CriterionDefinition) -> str:
    """A criterion's description as the reader's page shows it."""
    return shown_text(criterion.description, criterion.descriptions)


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(language_name=language_name, tender_title=tender_title, lot_title=lot_title,
                                 lot_titles=lot_titles,
                                 criterion_name=criterion_name,
                                 criterion_description=criterion_description)
