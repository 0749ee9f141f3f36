"""The results page's heavy parts, rendered once per stored result and kept in the worker's memory.

The score matrix of one page of bids (hundreds of cells) and a compared bid's resilience charts are most of the
page's rendering. A stored result's SHA-256 changes with anything the matrix shows, and after the opening a bid's
supply chain (what its charts show) can no longer change, so these keys never name stale HTML.
"""
from __future__ import annotations

from flask import render_template
from markupsafe import Markup

from app.charts import resilience_comparisons
from app.evaluation.results_table import TablePage
from app.models import Tender
from app.records.evaluation import supply_of_bids
from app.records.memo import app_memo
from app.records.stored_results import Evaluation
from scoring.definition import Tender as TenderDefinition
from scoring.resilience import compute_profile

KEPT = 512  # rendered parts each worker keeps


def score_matrix(tender: Tender, evaluation: Evaluation, page: TablePage, names: dict[str, str]) -> Markup:
    """The weighted points of the page's bids, criterion by criterion."""
    kept = app_memo("resbid.results_fragments", KEPT)
    key = ("matrix", tender.id, evaluation.result_sha256, page.sort, page.number, page.size)
    html = kept.get(key)
    if html is None:
        html = Markup(render_template("evaluation/_score_matrix.html", result=evaluation.result, page=page,
                                      names=names))
        kept.put(key, html)
    return html


def resilience_charts(tender: Tender, evaluation: Evaluation, definition: TenderDefinition,
                      labels: list[str]) -> dict[str, Markup]:
    """Each compared bid's supply resilience against the world baseline, by bid label (none without a supply
    chain); the supply chains not yet rendered are read in one statement."""
    kept = app_memo("resbid.results_fragments", KEPT)
    keys = {label: ("charts", tender.id, evaluation.result_sha256, label) for label in labels}
    charts = {label: kept.get(key) for label, key in keys.items()}
    missing = [label for label, html in charts.items() if html is None]
    for label, supply in (supply_of_bids(tender, missing) if missing else {}).items():
        comparisons = resilience_comparisons(compute_profile(supply, definition.bill_of_materials,
                                                             definition.partner_group), definition) if supply else []
        charts[label] = Markup(render_template("evaluation/_bid_charts.html", bid=evaluation.result.bid(label),
                                               comparisons=comparisons))
        kept.put(keys[label], charts[label])
    return {label: html for label, html in charts.items() if html}
