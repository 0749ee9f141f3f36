"""The eForms award-criterion fields of each criterion (eForms SDK code lists).

BT-539 type, BT-734 name, BT-540 description; BT-541 numbers, each qualified by BT-5421 (weight:
per-exa for percent weights, poi-exa for points) or BT-5423 (threshold: min-score for a gate).
"""

from __future__ import annotations

from typing import Any

from scoring.criteria import effective_weights, is_weighted, path_text, walk
from scoring.definition import Tender
from scoring.exact import plain_number


def eforms_fields(tender: Tender) -> tuple[dict[str, Any], ...]:
    """One mapping per criterion, groups included, in definition order."""
    sizes = effective_weights(tender.criteria, tender.weighting)
    fields = []
    for path, node in walk(tender.criteria):
        numbers = []
        if is_weighted(node, tender.weighting):
            if tender.weighting == "percent":
                numbers.append({"BT-541": plain_number(node.weight), "BT-5421": "per-exa"})
            else:
                numbers.append({"BT-541": plain_number(sizes[node.code]), "BT-5421": "poi-exa"})
        if node.min_score is not None:
            numbers.append({"BT-541": node.min_score, "BT-5423": "min-score"})
        description = node.description or (node.rule.describe() if node.rule is not None else "")
        fields.append({"code": node.code, "path": path_text(path), "BT-539": node.type, "BT-734": node.name,
                       "BT-540": description, "numbers": numbers,
                       "effective_weight": plain_number(sizes[node.code])})
    return tuple(fields)
