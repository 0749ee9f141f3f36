"""Setting a draft's contract performance conditions (Directive 2014/24/EU Art. 70): the one verb the
conditions form calls, like the other set-up verbs in app/tenders/setup.py."""
from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from app import audit
from app.errors import UserError
from app.models import Tender
from app.records.performance_terms import metric_criteria
from app.tenders.editing import check_version, flush, lock_draft
from scoring.performance_conditions import parse_performance


def update_performance(tender: Tender, raw: dict[str, Any] | None, version: int) -> Tender:
    """Replace a draft's conditions (None: it publishes none), as tender.yaml writes them. The form checked them;
    they are read again here against the criteria as they are now, which another officer may have changed since
    the form was shown (a criterion's edit does not change the tender's version)."""
    lock_draft(tender)
    check_version(tender, version)
    conditions, problems = parse_performance(raw, {row.code for row in metric_criteria(tender)})
    if problems:
        raise UserError(_("The criteria changed while you edited: tick the binding criteria again."), "binding")
    tender.contract_performance = conditions.to_dict() if conditions else None
    flush()
    audit.record("tender.update", tender, tender_id=tender.id,
                 details={"part": "contract_performance", "binding": list(conditions.binding) if conditions else []})
    return tender
