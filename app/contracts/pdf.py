"""The contract performance report PDF: commitments against delivery, period by period, with a chart per binding
criterion (Directive 2014/24/EU Art. 70), rendered by the reports machinery (app/reports: WeasyPrint in a
sandboxed worker, PDF/A-3b) in the procedure language.

The context is built here, in the request, with every figure already written in the procedure language; the
worker lays it out from the JSON alone, as it does the evaluation report.
"""
from __future__ import annotations

from flask import current_app

from app import audit
from app.clock import utcnow
from app.contracts import words
from app.contracts.service import contract_page, delivery_charts
from app.languages import in_language
from app.models import Contract
from app.portal.names import slug
from app.presentation import date_text, money_text, points_text
from app.reports.jobs import render_limits
from app.reports.performance import KIND
from app.reports.sandbox import render_isolated


def performance_pdf(contract: Contract) -> tuple[str, bytes]:
    """The PDF and its download name; the production is audited."""
    context = performance_context(contract)
    data = render_isolated(KIND, context, render_limits(current_app))
    audit.record("contract.pdf", contract, tender_id=contract.tender_id,
                 details={"periods": [period["label"] for period in context["periods"]]})
    return f"{slug(contract.tender.reference) or 'contract'}-performance.pdf", data


def performance_context(contract: Contract) -> dict:
    """Everything the PDF shows, as JSON, written in the procedure language."""
    tender = contract.tender
    with in_language(tender.language):
        page = contract_page(contract)
        conditions = page.conditions
        currency = tender.currency
        periods = []
        for period in page.periods:
            lines = page.reports.get(period.number)
            rows = []
            for delivery in lines.assessment.deliveries if lines else ():
                commitment, response = delivery.commitment, lines.responses.get(delivery.commitment.code)
                rows.append({"criterion": commitment.path, "committed": words.value_words(commitment, commitment.value),
                             "delivered": words.value_words(commitment, delivery.value),
                             "shortfall": words.shortfall_words(conditions, delivery),
                             "beyond": delivery.is_beyond_tolerance,
                             "amount": money_text(delivery.amount, currency) if delivery.amount is not None else "",
                             "response": words.response_words(response.kind) if response else "",
                             "reason": response.reason if response else "",
                             "deadline": date_text(response.deadline) if response and response.deadline else ""})
            periods.append({"label": words.period_words(period), "state": words.state_words(period.state),
                            "due": date_text(period.due) if period.due else "",
                            "rows": rows, "received": date_text(lines.report.submitted_at) if lines else ""})
        charts = [{"title": chart.title, "height": chart.chart_height, "track": chart.track_path,
                   "committed": chart.committed_path, "delivered": chart.delivered_path,
                   "shortfall": chart.shortfall_path,
                   "rows": [{"label": row.label, "y": row.y, "committed": row.committed_text,
                             "delivered": row.delivered_text} for row in chart.rows]}
                  for chart in delivery_charts(page)]
        return {
            "language": tender.language,
            "tender": {"reference": tender.reference, "title": tender.title, "authority": tender.authority.name},
            "status": {"is_final": True, "date": {"iso": utcnow().isoformat()}},
            "contractor": contract.organisation.name, "lot": contract.lot_number,
            "starts_on": date_text(contract.starts_on),
            "commitments": [{"criterion": c.path, "metric": words.metric_words(c),
                             "value": words.value_words(c, c.value), "points": points_text(c.points)}
                            for c in page.commitments],
            "tolerance": words.tolerance_words(conditions), "reporting": words.reporting_words(conditions),
            "consequences": words.consequence_words(conditions, currency),
            "termination": words.termination_words(page.termination, page.periods),
            "termination_open": page.termination.is_open, "periods": periods, "charts": charts,
        }
