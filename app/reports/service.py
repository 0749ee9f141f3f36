"""Verbs the views and the CLI call: the report of a stored tender, a bidder's debrief letter."""
from __future__ import annotations

from app.models import Bid, RenderedDocument, Tender
from app.models.report import DEBRIEF, REPORT
from app.reports.debrief import debrief_context
from app.reports.jobs import request_document
from app.reports.sources import stored_report_context


def request_report(tender: Tender, wait: bool = False) -> tuple[RenderedDocument, dict]:
    """The evaluation report for the tender's current data (rendering it if needed), and its context."""
    context = stored_report_context(tender)
    return request_document(REPORT, tender, context, wait=wait), context


def request_debrief(tender: Tender, bid: Bid) -> RenderedDocument:
    """The debrief letter of one bid (rendering it if needed)."""
    context = debrief_context(stored_report_context(tender), bid.label)
    return request_document(DEBRIEF, tender, context, organisation_id=bid.organisation_id)
