"""Stored documents (evaluation reports, debrief letters, evidence bundles): one row per version of their data.

`key` is the SHA-256 of the canonical JSON of the document's context, so a document is rendered
once per version of its data and served from here afterwards. A row is created when rendering
starts, so its progress can be shown while a background job renders or builds it. The file itself is in
`pdf` (with its SHA-256 in `pdf_sha256`): a PDF for reports and letters, a zip for evidence bundles.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.types import UTCDateTime

REPORT, DEBRIEF, BUNDLE = "report", "debrief", "bundle"
RENDERING, DONE, FAILED = "rendering", "done", "failed"


class RenderedDocument(db.Model):
    __tablename__ = "rendered_document"
    __table_args__ = (
        CheckConstraint("kind IN ('report', 'debrief', 'bundle')", name="kind"),
        CheckConstraint("status IN ('rendering', 'done', 'failed')", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    tender_id: Mapped[int] = mapped_column(ForeignKey("tender.id"), index=True)
    # The bidder a debrief letter is addressed to; None for reports.
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"), index=True)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    status: Mapped[str] = mapped_column(String(20), default=RENDERING)
    progress_done: Mapped[int] = mapped_column(default=0)
    progress_total: Mapped[int] = mapped_column(default=0)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The large columns are read only when used (a download, the render job), not by the status page's polls.
    pdf: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    pdf_sha256: Mapped[str | None] = mapped_column(String(64))
    error: Mapped[str | None] = mapped_column(Text)
    # The context (JSON) the background job renders, stored with the request and cleared once rendered: the job
    # itself carries only the row's id (app/jobs).
    context_json: Mapped[str | None] = mapped_column(Text, deferred=True)

    @property
    def is_done(self) -> bool:
        return self.status == DONE
