"""Every kind of document the render worker can produce, by name."""
from __future__ import annotations

from app.models.report import DEBRIEF, REPORT
from app.reports.debrief import render_debrief
from app.reports.document import render_report

RENDERERS = {REPORT: render_report, DEBRIEF: render_debrief}
