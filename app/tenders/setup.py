"""Setting up a draft tender: create it, edit its details and rules, import and export tender.yaml.

Each verb checks what the database must decide (a free reference, the draft state, the row
version), writes, and records one audit event in the same transaction; the view commits.
"""
from __future__ import annotations

import tempfile
from copy import deepcopy
from pathlib import Path
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from app import audit
from app.clock import utcnow
from app.directory import check_reference_free
from app.errors import UserError
from app.extensions import db
from app.models import Criterion, Organisation, Tender
from app.models.tender import DRAFT
from app.records import definition
from app.records.exporting import yaml_text
from app.tenders.editing import check_version, flush, lock_draft
from app.workbook_words import wording
from scoring.definition import Tender as TenderDefinition
from scoring.document_rules import parse_document_rules
from scoring.problems import InvalidInput
from tender_files.bids import tender_info
from tender_files.folder import FolderInvalid, load_tender_definition, read_yaml
from tender_files.metadata import TenderMeta


def create_tender(meta: TenderMeta, authority: Organisation) -> Tender:
    """A new draft of the officer's authority: its details, scoring's default rules and no criteria yet."""
    check_reference_free(meta.reference, "reference")
    tender = Tender(status=DRAFT)
    definition.store(tender, meta, TenderDefinition(meta.reference, meta.title, criteria=()), authority)
    db.session.add(tender)
    flush()
    audit.record("tender.create", tender, tender_id=tender.id, details={"reference": tender.reference})
    return tender


def update_details(tender: Tender, meta: TenderMeta, version: int) -> Tender:
    """Change a draft's details (dates included: before publication no corrigendum is needed)."""
    lock_draft(tender)
    check_version(tender, version)
    check_reference_free(meta.reference, "reference", tender)
    definition.store_meta(tender, meta, tender.authority)
    flush()
    audit.record("tender.update", tender, tender_id=tender.id, details={"part": "details"})
    return tender


def update_materials(tender: Tender, bill: dict[str, float], version: int) -> Tender:
    """Replace a draft's bill of materials (material code -> kg per unit of the product)."""
    lock_draft(tender)
    check_version(tender, version)
    tender.bill_of_materials = bill
    flush()
    audit.record("tender.update", tender, tender_id=tender.id, details={"part": "bill_of_materials",
                                                                         "materials": sorted(bill)})
    return tender


def update_award_rules(tender: Tender, rules: dict[str, Any], version: int) -> Tender:
    """Replace a draft's weighting, award method, tie-break chain, abnormally-low triggers, eligibility and document
    rules."""
    lock_draft(tender)
    check_version(tender, version)
    tender.weighting = rules["weighting"]
    tender.award_method = rules["award_method"]
    tender.tie_break = rules["tie_break"]
    tender.abnormally_low = rules["abnormally_low"]
    tender.eligibility = rules["eligibility"]
    tender.partner_group = rules.get("partner_group")
    tender.document_rules = parse_document_rules(rules["documents"])[0].to_dict() or None  # the form checked them
    flush()
    audit.record("tender.update", tender, tender_id=tender.id, details={"part": "award_rules"})
    return tender


def import_tender_yaml(data: bytes, authority: Organisation) -> Tender:
    """A new draft of the officer's authority from an uploaded tender.yaml; FolderInvalid lists every problem,
    UserError refuses a reference in use."""
    with tempfile.TemporaryDirectory() as folder:  # read_yaml reads a file: size limit, UTF-8 and YAML errors
        path = Path(folder) / "tender.yaml"
        path.write_bytes(data)
        raw, problems = read_yaml(path)
    if problems:
        raise FolderInvalid(problems)
    meta, scoring_definition = load_tender_definition(raw)
    check_reference_free(meta.reference, "tender.yaml: reference")
    tender = Tender(status=DRAFT)
    definition.store(tender, meta, scoring_definition, authority)
    db.session.add(tender)
    flush()
    audit.record("tender.import", tender, tender_id=tender.id,
                 details={"reference": tender.reference, "source": "tender.yaml upload",
                          "authority_in_file": meta.authority_name})
    return tender


def export_tender_yaml(tender: Tender) -> str:
    """The tender's definition as tender.yaml text (metadata, criteria and rules), recorded as an export."""
    audit.record("tender.export", tender, tender_id=tender.id, details={"file": "tender.yaml"})
    return yaml_text(definition.tender_yaml_of(tender))


def preview_workbook(tender: Tender) -> bytes:
    """The bidder workbook this tender would hand out; refused while its definition has problems (the tender
    page lists them)."""
    try:
        from workbooks import build_template  # imported where used: it loads openpyxl (0.15 s)
        workbook = build_template(definition.scoring_tender(tender), tender_info(definition.meta_of(tender)),
                                  wording(tender.language))
    except InvalidInput as error:
        raise UserError(_("The bidder workbook can be previewed once the definition has no problems left.")) from error
    audit.record("tender.preview_workbook", tender, tender_id=tender.id)
    return workbook


COPY_SUFFIX = "-COPY"


def _free_copy_reference(reference: str) -> str:
    """The original reference with -COPY (then -COPY-2, -COPY-3 ...), within the 64 characters of a reference."""
    for number in range(1, 1000):
        suffix = COPY_SUFFIX if number == 1 else f"{COPY_SUFFIX}-{number}"
        candidate = reference[:64 - len(suffix)] + suffix
        if db.session.scalar(select(Tender.id).where(Tender.reference == candidate)) is None:
            return candidate
    raise UserError(_("Too many copies of this tender already: rename one before copying again."))


def duplicate_tender(tender: Tender) -> Tender:
    """A new draft with the same details, bill of materials, award rules and criteria tree (the draft may be
    unfinished: rows are copied as they are, not through the scoring library)."""
    lock_draft(tender)
    twin = Tender(**{column: deepcopy(getattr(tender, column)) for column in _COPIED_TENDER_COLUMNS},
                  reference=_free_copy_reference(tender.reference), status=DRAFT)
    db.session.add(twin)
    flush()
    new_ids: dict[int, Criterion] = {}
    pending = list(tender.criteria)
    while pending:  # parents before their children
        row = next(row for row in pending if row.parent_id is None or row.parent_id in new_ids)
        pending.remove(row)
        parent = new_ids.get(row.parent_id) if row.parent_id else None
        clone = Criterion(**{column: deepcopy(getattr(row, column)) for column in _COPIED_CRITERION_COLUMNS},
                          tender=twin, parent_id=parent.id if parent else None)
        db.session.add(clone)
        flush()
        new_ids[row.id] = clone
    audit.record("tender.duplicate", twin, tender_id=twin.id,
                 details={"reference": twin.reference, "copied_from": tender.reference})
    return twin


def delete_draft(tender: Tender, version: int) -> str:
    """Delete a draft: no page shows it any more and its reference is free again. The row stays, because its
    audit events (append-only) refer to it; it keeps a reference of its own id."""
    lock_draft(tender)
    check_version(tender, version)
    reference = tender.reference
    tender.deleted_at = utcnow()
    tender.reference = f"deleted-{tender.id}"
    flush()
    audit.record("tender.delete", tender, tender_id=tender.id, details={"reference": reference})
    return reference


_COPIED_TENDER_COLUMNS = ("authority_id", "title", "subject", "cpv_code", "cn_code", "estimated_value", "currency",
                          "time_zone", "submission_deadline_at", "opening_at", "weighting", "bill_of_materials",
                          "partner_group", "tie_break", "abnormally_low", "eligibility", "award_method",
                          "contract_performance", "is_two_envelope", "language", "languages", "titles",
                          "document_rules", "plausibility_rules")
_COPIED_CRITERION_COLUMNS = ("position", "code", "name", "names", "description", "descriptions", "eforms_type",
                             "weight", "share_of_total", "max_points", "min_score", "rule_kind", "rule_params",
                             "source")
