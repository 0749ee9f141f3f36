"""Setting a draft's plausibility figures (tender.yaml `plausibility`): the verb the plausibility page calls.

Like the neighbouring set-up verbs (app/tenders/setup.py) it checks the draft state and the row version, writes,
and records one audit event in the same transaction; the view commits.
"""
from __future__ import annotations

from typing import Any

from app import audit
from app.models import Tender
from app.tenders.editing import check_version, flush, lock_draft


def update_plausibility(tender: Tender, section: dict[str, Any] | None, version: int) -> Tender:
    """Replace a draft's published rates, margin and facility shares (None: it publishes none), as the form checked
    them with the scoring library's reader."""
    lock_draft(tender)
    check_version(tender, version)
    tender.plausibility_rules = section
    flush()
    section = section or {}
    audit.record("tender.update", tender, tender_id=tender.id, details={
        "part": "plausibility", "recycled_input_rates": sorted(section.get("recycled_input_rates", {})),
        "recycled_margin": section.get("recycled_margin"), "facilities": sorted(section.get("facility_shares", {}))})
    return tender
