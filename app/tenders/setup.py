"""Setting up a draft tender: create it, edit its details and rules, import and export tender.yaml.

Each verb checks what the database must decide (a free reference, the draft state, the row
version), writes, and records one audit event in the same transaction; the view commits.
"""
from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from app import audit
from app.directory import check_reference_free
from app.errors import UserError
from app.extensions import db
from app.models import Organisation, Tender
from app.models.tender import DRAFT
from app.records import definition
from app.records.exporting import yaml_text
from app.tenders.editing import check_version, flush, lock_draft
from scoring.definition import Tender as TenderDefinition
from scoring.problems import InvalidInput
from tender_files.bids import tender_info
from tender_files.folder import FolderInvalid, load_tender_definition, read_yaml
from tender_files.metadata import TenderMeta
from workbooks import build_template


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
    """Replace a draft's weighting, award method, tie-break chain, abnormally-low triggers and eligibility."""
    lock_draft(tender)
    check_version(tender, version)
    tender.weighting = rules["weighting"]
    tender.award_method = rules["award_method"]
    tender.tie_break = rules["tie_break"]
    tender.abnormally_low = rules["abnormally_low"]
    tender.eligibility = rules["eligibility"]
    tender.partner_group = rules.get("partner_group")
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
        workbook = build_template(definition.scoring_tender(tender), tender_info(definition.meta_of(tender)))
    except InvalidInput as error:
        raise UserError("The bidder workbook can be previewed once the definition has no problems left.") from error
    audit.record("tender.preview_workbook", tender, tender_id=tender.id)
    return workbook
