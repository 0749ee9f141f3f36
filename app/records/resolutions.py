"""Missing-answer resolutions between their stored rows and the scoring library, both ways, in one place."""
from __future__ import annotations

from datetime import datetime

from app.models import Resolution as ResolutionRow
from scoring.bids import CLARIFIED, Clarification, Resolution


def scoring_resolution(row: ResolutionRow) -> Resolution:
    """The stored row as the scoring library sees it (a clarification only for kind clarified)."""
    if row.kind != CLARIFIED:
        return Resolution(row.kind, row.reason)
    return Resolution(row.kind, row.reason, Clarification(
        request=row.clarification_request or "", requested_on=row.requested_on, answer=row.answer,
        evidence=row.evidence or "", is_bid_unchanged=row.is_bid_unchanged))


def resolution_row(code: str, resolution: Resolution, decided_at: datetime, decided_by_id: int | None = None
                   ) -> ResolutionRow:
    """A row recording a (validated) resolution of the missing answer to criterion `code`."""
    row = ResolutionRow(criterion_code=code, kind=resolution.kind, reason=resolution.reason.strip(),
                        decided_by_id=decided_by_id, decided_at=decided_at, is_bid_unchanged=False)
    clarification = resolution.clarification
    if clarification is not None:
        row.clarification_request = clarification.request.strip()
        row.requested_on = clarification.requested_on
        row.answer = clarification.answer
        row.evidence = clarification.evidence.strip()
        row.is_bid_unchanged = clarification.is_bid_unchanged
    return row
