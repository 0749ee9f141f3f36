"""Every kind of document the render worker can produce, by name; a tender divided into lots has its own layout
of the report and of the letters (its context holds "lots")."""
from __future__ import annotations

from app.models.report import DEBRIEF, REPORT
from app.reports.debrief import render_debrief
from app.reports.document import Progress, render_report
from app.reports.lot_debrief import render_lots_debrief
from app.reports.lot_document import render_lots_report
from app.reports.performance import KIND as PERFORMANCE
from app.reports.performance import render_performance


def _report(context: dict, progress: Progress | None = None, processes: int = 1) -> bytes:
    return (render_lots_report if "lots" in context else render_report)(context, progress, processes)


def _debrief(context: dict, progress: Progress | None = None, processes: int = 1) -> bytes:
    return (render_lots_debrief if "lots" in context else render_debrief)(context, progress, processes)


RENDERERS = {REPORT: _report, DEBRIEF: _debrief, PERFORMANCE: render_performance}
