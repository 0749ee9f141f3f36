"""The results page's body, rendered once per stored result, view and language and kept in the worker's memory.

The body (ranking page, side by side, score matrix, sensitivity) shows nothing that depends on who reads it: the
view checks per request that the reader may see prices before it asks for the body. It is keyed by the tender's
row version (its status, times, currency), the name the result is stored under (which changes with any input:
bids, scores, decisions) and the result's SHA-256, the view (sort, page, compared bids) and the language, so
a key never names stale HTML. Within a body, the score matrix of one page of bids (hundreds of cells) and a
compared bid's resilience charts are kept on their own, so another view of the same result reuses them: after
the opening a bid's supply chain (what its charts show) can no longer change.
"""
from __future__ import annotations

import re

from flask import render_template, url_for
from markupsafe import Markup

from app.charts import resilience_comparisons
from app.evaluation.results_table import TablePage
from app.languages import interface_language
from app.models import Tender
from app.records.definition import scoring_tender
from app.records.evaluation import live_bid_ids, supply_of_bids
from app.records.memo import app_memo
from app.records.stored_results import Evaluation
from app.records.texts import criterion_name
from app.scoring_words import readable_result, readable_sensitivity
from scoring.criteria import walk
from scoring.definition import Tender as TenderDefinition
from scoring.resilience import compute_profile

KEPT = 512  # rendered parts each worker keeps
INDENTATION = re.compile(r"\n\s+")
BODIES_KEPT = 64  # rendered bodies each worker keeps (40 KB for 50 rows, 85 KB with three bids compared)
_BODY = "resbid-results-body"  # stands for the kept body in the page rendered around it


def results_page(template: str, body: bytes, **context) -> bytes:
    """The page `template` renders around the kept `body` (its {{ body }}), in UTF-8. The body is kept encoded: it is
    most of the page (85 KB with three bids compared), and a bidder's name outside ASCII made encoding it again a
    twentieth of every request."""
    around = render_template(template, body=Markup(_BODY), **context).encode()
    head, _, tail = around.partition(_BODY.encode())
    return b"".join((head, body, tail))


def results_body(tender: Tender, evaluation: Evaluation, page: TablePage, chosen: list[str],
                 lot: int | None = None) -> bytes:
    """The body of the results page for this view; `chosen`: the compared bids' labels, sorted; `lot`: the lot
    whose result `evaluation` holds, in a tender divided into lots (Directive 2014/24/EU Art. 46).

    While the sensitivity analysis is pending the body links back to the address it was asked for, and is
    rendered for each request until the analysis is stored."""
    if evaluation.sensitivity is None:
        return _rendered_body(tender, evaluation, page, chosen, lot)
    kept = app_memo("resbid.results_bodies", BODIES_KEPT)
    key = (tender.id, tender.version, evaluation.stored_as, evaluation.result_sha256, page.sort, page.number,
           page.size, tuple(chosen), interface_language(), lot)
    return kept.get_or_build(key, lambda: _rendered_body(tender, evaluation, page, chosen, lot))


def _rendered_body(tender: Tender, evaluation: Evaluation, page: TablePage, chosen: list[str],
                   lot: int | None) -> bytes:
    """The body with the templates' indentation left out: a third of a 50-row page's bytes, sent at every request
    (a run of white space beginning with a line break reads as that line break; the body has no preformatted text)."""
    definition = scoring_tender(tender)
    definition = definition if lot is None else definition.lot_view(lot)
    result = readable_result(evaluation.result, definition)  # words only: the figures are the stored result's
    names = {c.code: criterion_name(c) for _, c in walk(definition.criteria)}
    sensitivity = evaluation.sensitivity and readable_sensitivity(evaluation.sensitivity, result, definition)
    return INDENTATION.sub("\n", render_template(
        "evaluation/_results_body.html", tender=tender, result=result, page=page, names=names, chosen=set(chosen),
        lot=lot, sensitivity=sensitivity, compared=[bid for bid in result.bids if bid.bid_id in chosen],
        charts=resilience_charts(tender, evaluation, definition, chosen, lot),
        matrix=score_matrix(tender, evaluation, page, names, lot),
        bid_pages=_bid_pages(tender, [bid.bid_id for bid in page.bids]))).encode()


def _bid_pages(tender: Tender, labels: list[str]) -> dict[str, str]:
    """The pages of the live bids of these labels (the evaluation's bid ids), for the lists that name bids."""
    return {label: url_for("evaluation.bid_page", tender_id=tender.id, bid_id=bid_id)
            for label, bid_id in live_bid_ids(tender, labels).items()}


def score_matrix(tender: Tender, evaluation: Evaluation, page: TablePage, names: dict[str, str],
                 lot: int | None = None) -> Markup:
    """The weighted points of the page's bids (of one lot), criterion by criterion, in the reader's language (its
    headings and number formats)."""
    kept = app_memo("resbid.results_fragments", KEPT)
    key = ("matrix", tender.id, evaluation.result_sha256, page.sort, page.number, page.size, lot,
           interface_language())
    return kept.get_or_build(key, lambda: Markup(render_template(
        "evaluation/_score_matrix.html", result=evaluation.result, page=page, names=names)))


def resilience_charts(tender: Tender, evaluation: Evaluation, definition: TenderDefinition,
                      labels: list[str], lot: int | None = None) -> dict[str, Markup]:
    """Each compared bid's supply resilience (for one lot: its supply chain and bill of materials there) against
    the world baseline, by bid label (none without a supply chain); the supply chains not yet rendered are read
    in one statement."""
    kept = app_memo("resbid.results_fragments", KEPT)
    keys = {label: ("charts", tender.id, evaluation.result_sha256, label, lot, interface_language())
            for label in labels}
    charts = {label: kept.get(key) for label, key in keys.items()}
    missing = [label for label, html in charts.items() if html is None]
    for label, supply in (supply_of_bids(tender, missing, lot) if missing else {}).items():
        comparisons = resilience_comparisons(compute_profile(supply, definition.bill_of_materials,
                                                             definition.partner_group), definition) if supply else []
        charts[label] = Markup(render_template("evaluation/_bid_charts.html", bid=evaluation.result.bid(label),
                                               comparisons=comparisons))
        kept.put(keys[label], charts[label])
    return {label: html for label, html in charts.items() if html}
