"""The contract performance report's layout (its context: app/contracts/pdf.py), for the render worker."""
from __future__ import annotations

from app.reports import templating
from app.reports.document import Progress, document_meta, furniture, tell
from app.reports.pdf import PdfAssembler
from app.reports.wording import gettext as _
from app.reports.wording import writing_in

KIND = "performance"


def render_performance(context: dict, progress: Progress | None = None, processes: int = 1) -> bytes:
    """The PDF/A-3b bytes: one part (the renderers share `processes`)."""
    with writing_in(context["language"]):
        meta = document_meta(context, _("Contract performance report"))
        title = _("Contract performance report · %(contractor)s", contractor=context["contractor"])
        with PdfAssembler(templating.stylesheet_text()) as assembler:
            assembler.add_parts([templating.render("reports/performance.html", report=context, meta=meta)])
            pdf = assembler.finish(None, furniture(context, meta, title, plain_first=False), [])
    tell(progress, 1, 1)
    return pdf
