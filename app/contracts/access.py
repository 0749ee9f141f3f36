"""Who may see a contract: decided here for every contract page and file.

The contractor is the organisation whose bid won: its accounts see its own contracts and no other (another
organisation's answers 404 like a missing one, and the attempt is recorded). Officers see the contracts of
their authority's tenders; auditors too, read-only (they are finalised tenders: Annex IV (e)).
"""
from __future__ import annotations

from flask import abort
from flask_login import current_user

from app.auth.access import deny
from app.models import Contract
from app.models.user import AUDITOR, BIDDER, OFFICER
from app.records.contracts import contract_by_id


def contractors_contract(contract_id: int) -> Contract:
    """The contract if the signed-in bidder's organisation holds it."""
    contract = contract_by_id(contract_id)
    if contract is None:
        abort(404)
    if current_user.role != BIDDER or current_user.organisation_id != contract.organisation_id:
        deny(f"contract {contract_id} is held by another organisation", 404)
    return contract


def authoritys_contract(contract_id: int) -> Contract:
    """The contract if it belongs to a tender of the signed-in officer's or auditor's authority."""
    contract = contract_by_id(contract_id)
    if contract is None:
        abort(404)
    if current_user.role not in (OFFICER, AUDITOR) or contract.tender.authority_id != current_user.organisation_id:
        deny(f"contract {contract_id} belongs to another authority", 404)
    return contract


def may_respond() -> bool:
    """Officers record responses; auditors read."""
    return current_user.role == OFFICER
