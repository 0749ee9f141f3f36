"""Verbs the views and the CLI call: the report of a stored tender, its evidence bundle, a bidder's debrief letter."""
from __future__ import annotations

from app.models import Bid, RenderedDocument, Tender
from app.models.report import BUNDLE, DEBRIEF, REPORT
from app.reports.debrief import debrief_context
from app.reports.jobs import known_document, request_document
from app.reports.lot_debrief import lots_debrief_context
from app.reports.sources import report_data_version, stored_report_context


def request_report(tender: Tender, wait: bool = False) -> tuple[RenderedDocument, dict]:
    """The evaluation report for the tender's current data (rendering it if needed), and its context."""
    version = report_data_version(tender)
    context = stored_report_context(tender)
    return request_document(REPORT, tender, version, context, wait=wait), context


def current_report(tender: Tender) -> RenderedDocument:
    """As request_report, but evaluating nothing when this version of the data already has its document (the
    status page reloads itself every 2 seconds while the report renders)."""
    return known_document(REPORT, report_data_version(tender)) or request_report(tender)[0]


def current_bundle(tender: Tender) -> RenderedDocument:
    """The evidence bundle for the tender's current data, built once its report is rendered (it includes the
    report's PDF): until then the report, whose progress the bundle's status page shows. Evaluates nothing for
    data whose bundle, or whose report still rendering, this app already knows."""
    version = report_data_version(tender)
    bundle = known_document(BUNDLE, version)
    if bundle is not None:
        return bundle
    report, context = known_document(REPORT, version), None
    if report is None:
        report, context = request_report(tender)
    if not report.is_done:
        return report
    evaluation_json = (context or stored_report_context(tender))["evaluation_json"]
    return request_document(BUNDLE, tender, version, {"report": report.key, "evaluation_json": evaluation_json})


def request_debrief(tender: Tender, bid: Bid) -> RenderedDocument:
    """The debrief letter of one bid (rendering it if needed; evaluating nothing for data it already has)."""
    version = (*report_data_version(tender), bid.label)
    known = known_document(DEBRIEF, version)
    if known is not None:
        return known
    report = stored_report_context(tender)
    letter = (lots_debrief_context if "lots" in report else debrief_context)(report, bid.label)
    return request_document(DEBRIEF, tender, version, letter, organisation_id=bid.organisation_id)
