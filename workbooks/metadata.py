"""The hidden Metadata sheet: which tender and template a workbook was made for, so a wrong upload is recognised."""
from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping

from scoring.definition import Tender
from scoring.problems import Problem
from workbooks.layout import METADATA_ROWS
from workbooks.model import TenderInfo

PLACE = "workbook"
SIZE_KEYS = ("weight", "share_of_total", "max_points", "min_score")


def criteria_hash(tender: Tender) -> str:
    """SHA-256 of the canonical JSON of the tender definition: any change to the criteria changes it."""
    data = {**tender.to_dict(), "criteria": _sizes_as_floats(tender.to_dict()["criteria"])}
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _sizes_as_floats(criteria: list[dict]) -> list[dict]:
    """Weights written as floats (40.0), the way templates were fingerprinted before weights were held exactly
    (and written 40): templates already handed out to bidders stay current."""
    return [{**node, **{key: float(node[key]) for key in SIZE_KEYS if key in node},
             **({"children": _sizes_as_floats(node["children"])} if "children" in node else {})}
            for node in criteria]


def metadata_values(tender: Tender, info: TenderInfo) -> dict[str, str]:
    """What the Metadata sheet holds, key by key (in METADATA_ROWS order)."""
    values = {"reference": info.reference, "template_version": info.template_version,
              "criteria_sha256": criteria_hash(tender)}
    return {key: values[key] for key in METADATA_ROWS}


def template_problem(found: Mapping[str, object], tender: Tender, info: TenderInfo) -> Problem | None:
    """One clear problem if the workbook is not the current template of this tender, else None."""
    expected = metadata_values(tender, info)
    download = f"download the current template of tender {info.reference} and enter your bid in it"
    if not any(found.get(key) for key in expected):
        return Problem(PLACE, f"this is not a resbid bidder workbook (its template information is missing): {download}")
    if found.get("reference") != expected["reference"]:
        return Problem(PLACE, f"this workbook is for tender {str(found.get('reference'))[:60]!r}, "
                              f"not {info.reference}: {download}")
    if found != expected:
        return Problem(PLACE, "this workbook was made from an outdated template (the tender's criteria or the "
                              f"template have changed since): {download}")
    return None
