"""The published award criteria as bidders read them (Art. 67(5) Directive 2014/24/EU: weights known in advance)."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from app.presentation import plain_share_text, plain_text
from app.records.texts import criterion_description, criterion_name
from scoring.criteria import Criterion, effective_weights, is_weighted, walk
from scoring.definition import Tender


@dataclass(frozen=True)
class CriterionLine:
    """One row of the criteria table: the node, its weight in its level and in the total, and its rule in words."""

    code: str
    name: str
    depth: int  # 1 for top-level criteria (the .depth-N classes indent the rest)
    weight: str
    share: str
    rule: str
    description: str
    is_group: bool


def criteria_lines(tender: Tender) -> list[CriterionLine]:
    """Every criterion depth-first, with the words each rule publishes (rule.describe())."""
    shares = effective_weights(tender.criteria, tender.weighting)
    total = sum(shares[node.code] for node in tender.criteria)
    return [CriterionLine(node.code, criterion_name(node), len(path), _weight(node, tender.weighting),
                          _share(node, tender.weighting, shares[node.code], total), _rule(node),
                          criterion_description(node), node.is_group)
            for path, node in walk(tender.criteria)]


def _weight(node: Criterion, weighting: str) -> str:
    if not is_weighted(node, weighting):
        return _("pass/fail, no weight") if node.rule is not None and node.rule.is_gate else _("no weight")
    if weighting == "percent":
        return _("%(share)s of its level", share=plain_share_text(node.weight, None))
    return "" if node.is_group else _("%(points)s points", points=plain_text(node.max_points))


def _share(node: Criterion, weighting: str, share: float, total: float) -> str:
    if not share:
        return ""
    if weighting == "percent":
        return _("%(share)s of the total", share=plain_share_text(share, 2))
    return _("%(points)s of %(total)s points", points=plain_text(share), total=plain_text(total))


def _rule(node: Criterion) -> str:
    if node.rule is not None:
        return node.rule.describe()
    if node.min_score is not None:
        minimum = plain_share_text(node.min_score, None)
        return _("Group of the criteria below; together they must score at least %(minimum)s of the group's "
                 "points.", minimum=minimum)
    return _("Group of the criteria below.")
