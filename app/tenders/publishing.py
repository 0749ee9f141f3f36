"""Publishing a draft: only a complete, valid definition with a future deadline, and then it is frozen for good.

Directive 2014/24/EU Art. 67(5): the weightings are published in advance; after publication the
criteria, weights and rules never change (every edit verb refuses anything but a draft).
"""
from __future__ import annotations

import hashlib

from flask_babel import gettext as _
from flask_babel import ngettext

from app import audit
from app.audit.chain import canonical_json
from app.clock import utcnow
from app.errors import StaleEdit, UserError
from app.models import Tender
from app.models.tender import PUBLISHED
from app.presentation import message_text
from app.records.definition import scoring_tender, tender_yaml_of
from app.tenders.editing import check_version, flush, lock_draft
from scoring.problems import InvalidInput, Problem
from tender_files.folder import load_tender_definition
from tender_files.time_limits import GROUNDS, STANDING_ARTICLE, TimeLimit, ground_problem, time_limit

YAML_PLACE = "tender.yaml: "
__all__ = ["GROUNDS", "STANDING_ARTICLE", "definition_sha256", "publication_problems", "publish_tender",
           "time_limit_now"]


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
        problems.append(Problem(_("bill of materials"), _("add at least one material: bidders declare their "
                                                          "supply chain for each")))
    if tender.submission_deadline_at <= utcnow():
        problems.append(Problem(_("submission deadline"),
                                _("has passed: move it into the future before publishing")))
    if not problems:  # the exported tender.yaml must read back: its schema and dates checked too
        try:
            load_tender_definition(tender_yaml_of(tender))
        except InvalidInput as error:
            problems = [Problem(p.place.removeprefix(YAML_PLACE), p.message) for p in error.problems]
    return problems


def time_limit_now(tender: Tender) -> TimeLimit:
    """The time limit bidders get if the tender is published now (Directive 2014/24/EU Art. 27)."""
    return time_limit(utcnow(), tender.submission_deadline_at)


def publish_tender(tender: Tender, version: int, reviewed_sha256: str, ground: str | None = None,
                   reason: str = "") -> Tender:
    """Publish exactly the definition the officer reviewed; from now on bidders see it and it cannot change.

    A deadline shorter than the minimum of Directive 2014/24/EU Art. 27(1) and (4) needs a recorded ground."""
    lock_draft(tender)
    check_version(tender, version)
    fingerprint = definition_sha256(tender)
    if fingerprint != reviewed_sha256:
        raise StaleEdit()
    problems = publication_problems(tender)
    if problems:
        raise UserError(ngettext("Not published: %(num)s problem to fix first.",
                                 "Not published: %(num)s problems to fix first.", len(problems)))
    limit = time_limit_now(tender)
    problem = ground_problem(limit, ground, reason)
    if problem:
        raise UserError(_("Not published: %(problem)s.", problem=message_text(problem)), "ground")
    tender.status = PUBLISHED
    tender.published_at = utcnow()
    short = {"time_limit_days": limit.whole_days, "ground": ground, "ground_article": GROUNDS[ground].article,
             "reason": reason.strip()} if limit.is_short else {}
    tender.publish_ground = ground if limit.is_short else None
    tender.publish_reason = reason.strip() if limit.is_short else None
    flush()
    audit.record("tender.publish", tender, tender_id=tender.id,
                 details={"definition_sha256": fingerprint,
                          "submission_deadline": tender.submission_deadline_at.isoformat(),
                          "opening": tender.opening_at.isoformat(), **short})
    return tender
