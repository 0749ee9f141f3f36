"""Verbs the views and the CLI call: the report of a stored tender, a bidder's debrief letter."""
from __future__ import annotations

from app.models import Bid, RenderedDocument, Tender
from app.models.report import DEBRIEF, REPORT
from app.reports.debrief import debrief_context
from app.reports.jobs import known_document, request_document
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


def request_debrief(tender: Tender, bid: Bid) -> RenderedDocument:
    """The debrief letter of one bid (rendering it if needed; evaluating nothing for data it already has)."""
    version = (*report_data_version(tender), bid.label)
    return known_document(DEBRIEF, version) or request_document(
        DEBRIEF, tender, version, debrief_context(stored_report_context(tender), bid.label),
        organisation_id=bid.organisation_id)
