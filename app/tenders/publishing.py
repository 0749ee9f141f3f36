"""Publishing a draft: only a complete, valid definition with a future deadline, and then it is frozen for good.

Directive 2014/24/EU Art. 67(5): the weightings are published in advance; after publication the
criteria, weights and rules never change (every edit verb refuses anything but a draft).
"""
from __future__ import annotations

import hashlib

from app import audit
from app.audit.chain import canonical_json
from app.clock import utcnow
from app.errors import StaleEdit, UserError
from app.models import Tender
from app.models.tender import PUBLISHED
from app.records.definition import scoring_tender, tender_yaml_of
from app.tenders.editing import check_version, flush, lock_draft
from scoring.problems import InvalidInput, Problem
from tender_files.folder import load_tender_definition

YAML_PLACE = "tender.yaml: "


def definition_sha256(tender: Tender) -> str:
    """The fingerprint of everything a publication fixes: details, criteria and rules."""
    return hashlib.sha256(canonical_json(tender_yaml_of(tender)).encode("utf-8")).hexdigest()


def publication_problems(tender: Tender) -> list[Problem]:
    """Everything that stops publication, each placed (criteria by their path); [] when it may be published."""
    problems = []
    try:
        scoring_tender(tender)
    except InvalidInput as error:
        problems += error.problems
    if not tender.bill_of_materials:
        problems.append(Problem("bill of materials", "add at least one material: bidders declare their supply "
                                                     "chain for each"))
    if tender.submission_deadline_at <= utcnow():
        problems.append(Problem("submission deadline", "has passed: move it into the future before publishing"))
    if not problems:  # the exported tender.yaml must read back: its schema and dates checked too
        try:
            load_tender_definition(tender_yaml_of(tender))
        except InvalidInput as error:
            problems = [Problem(p.place.removeprefix(YAML_PLACE), p.message) for p in error.problems]
    return problems


def publish_tender(tender: Tender, version: int, reviewed_sha256: str) -> Tender:
    """Publish exactly the definition the officer reviewed; from now on bidders see it and it cannot change."""
    lock_draft(tender)
    check_version(tender, version)
    fingerprint = definition_sha256(tender)
    if fingerprint != reviewed_sha256:
        raise StaleEdit()
    problems = publication_problems(tender)
    if problems:
        raise UserError(f"Not published: {len(problems)} problem{'s' if len(problems) > 1 else ''} to fix first.")
    tender.status = PUBLISHED
    tender.published_at = utcnow()
    flush()
    audit.record("tender.publish", tender, tender_id=tender.id,
                 details={"definition_sha256": fingerprint,
                          "submission_deadline": tender.submission_deadline_at.isoformat(),
                          "opening": tender.opening_at.isoformat()})
    return tender
