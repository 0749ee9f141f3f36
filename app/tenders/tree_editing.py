"""Editing a draft's criteria tree row by row: add, change, nest, reorder and remove criteria.

Each verb locks the draft (publication freezes the tree for good), checks the row version the
form carried, writes, and records one audit event in the same transaction. A draft's tree may be
incomplete; the problem list on the page says what publication still needs.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from flask_babel import gettext as _

from app import audit
from app.errors import UserError
from app.models import Criterion, Tender
from app.tenders.editing import check_version, flush, lock_draft
from app.tenders.outline import Outline

UP, DOWN = "up", "down"


@dataclass(frozen=True)
class CriterionFields:
    """A node's own fields as the criterion form gives them, already validated on their own."""

    parent_id: int | None
    code: str
    name: str
    description: str
    eforms_type: str
    size: Decimal | None  # the weight in percent weighting, the maximum points in points weighting
    size_is_share: bool  # percent weighting: the size is the share of the whole tender, not of the level
    min_score: Decimal | None
    rule_kind: str | None
    rule_params: dict[str, Any]
    source: dict[str, Any] | None
    # The texts in each language the tender publishes in, the procedure language's included; empty: one language.
    names: dict[str, str] = field(default_factory=dict)
    descriptions: dict[str, str] = field(default_factory=dict)


def add_criterion(tender: Tender, fields: CriterionFields) -> Criterion:
    """Append a criterion (a group while it has no rule) at the end of its parent's children."""
    lock_draft(tender)
    outline = Outline(tender)
    _check_place(tender, outline, fields, None)
    row = Criterion(position=len(outline.siblings(fields.parent_id)))
    _write(row, fields, tender.weighting)
    tender.criteria.append(row)
    flush()
    audit.record("criterion.create", row, tender_id=tender.id, details={"code": row.code, "parent_id": row.parent_id})
    return row


def update_criterion(tender: Tender, row: Criterion, fields: CriterionFields, version: int) -> Criterion:
    """Change a criterion's fields; a new parent nests it (with its subtree) at the end of that group."""
    lock_draft(tender)
    check_version(row, version)
    outline = Outline(tender)
    _check_place(tender, outline, fields, row)
    old_parent = row.parent_id
    if fields.parent_id != old_parent:
        row.position = len(outline.siblings(fields.parent_id))
    _write(row, fields, tender.weighting)
    _renumber([sibling for sibling in outline.siblings(old_parent) if sibling.parent_id == old_parent])
    flush()
    audit.record("criterion.update", row, tender_id=tender.id,
                 details={"code": row.code, "parent_id": row.parent_id, "moved": old_parent != row.parent_id})
    return row


def move_criterion(tender: Tender, row: Criterion, direction: str, version: int) -> Criterion:
    """Swap a criterion with its previous (up) or next (down) sibling."""
    lock_draft(tender)
    check_version(row, version)
    siblings = Outline(tender).siblings(row.parent_id)
    index = siblings.index(row)
    target = index - 1 if direction == UP else index + 1
    if not 0 <= target < len(siblings):
        raise UserError(f"{row.name} is already the {'first' if direction == UP else 'last'} of its level.")
    siblings[index], siblings[target] = siblings[target], siblings[index]
    _renumber(siblings)
    flush()
    audit.record("criterion.move", row, tender_id=tender.id, details={"code": row.code, "direction": direction})
    return row


def remove_criterion(tender: Tender, row: Criterion, version: int) -> Criterion:
    """Remove a criterion and everything below it; the siblings close the gap."""
    lock_draft(tender)
    check_version(row, version)
    outline = Outline(tender)
    removed = outline.subtree(row.id)
    for node in removed:
        tender.criteria.remove(node)
        flush()  # deepest first, so no row is left pointing at a deleted parent
    _renumber([sibling for sibling in outline.siblings(row.parent_id) if sibling is not row])
    flush()
    audit.record("criterion.remove", row, tender_id=tender.id,
                 details={"code": row.code, "codes": [node.code for node in removed]})
    return row


def _check_place(tender: Tender, outline: Outline, fields: CriterionFields, row: Criterion | None) -> None:
    """Codes are unique within the tender; a parent is a rule-less node of the same tender, outside the subtree."""
    if any(other.code == fields.code and other is not row for other in tender.criteria):
        raise UserError(_("another criterion of this tender already has the code %(code)s", code=fields.code),
                        place="code")
    _check_weight_form(outline, fields, row)
    if fields.parent_id is None:
        return
    allowed = {int(choice.value) for choice in outline.parent_choices(row.id if row else None) if choice.value}
    if fields.parent_id not in allowed:
        raise UserError(_("choose the top level or a group outside this criterion"), place="parent")


def _check_weight_form(outline: Outline, fields: CriterionFields, row: Criterion | None) -> None:
    """A level's weights are all given in one form, so each level reads (and exports) one way."""
    if fields.size is None:
        return
    others = [sibling for sibling in outline.siblings(fields.parent_id) if sibling is not row
              and (sibling.weight is not None or sibling.share_of_total is not None)]
    if any((sibling.share_of_total is not None) != fields.size_is_share for sibling in others):
        if fields.size_is_share:
            message = _("the other criteria at this place give their weight as a percentage of their level: enter "
                        "this one the same way (to switch the whole level, first empty the others' weights)")
        else:
            message = _("the other criteria at this place give their weight as a share of the whole tender: enter "
                        "this one the same way (to switch the whole level, first empty the others' weights)")
        raise UserError(message, place="size_form")


def _write(row: Criterion, fields: CriterionFields, weighting: str) -> None:
    row.parent_id = fields.parent_id
    row.code = fields.code
    row.name = fields.name
    row.description = fields.description
    row.names = fields.names or None
    row.descriptions = {code: text for code, text in fields.descriptions.items() if text} or None
    row.eforms_type = fields.eforms_type
    row.weight, row.share_of_total, row.max_points = (
        (None, None, fields.size) if weighting == "points" else
        (None, fields.size, None) if fields.size_is_share else (fields.size, None, None))
    row.min_score = fields.min_score
    row.rule_kind = fields.rule_kind
    row.rule_params = fields.rule_params
    row.source = fields.source


def _renumber(siblings: list[Criterion]) -> None:
    for position, sibling in enumerate(siblings):
        sibling.position = position
