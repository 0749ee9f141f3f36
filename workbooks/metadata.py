"""The hidden Metadata sheet: which tender and template a workbook was made for, so a wrong upload is recognised."""
from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping

from scoring.definition import Tender
from scoring.problems import Problem
from workbooks.choices import answer_specs
from workbooks.layout import METADATA_ROWS, REPORT_VERSION, TEMPLATE_VERSION
from workbooks.model import TenderInfo
from workbooks.wording import say as _

PLACE = "workbook"
SIZE_KEYS = ("weight", "share_of_total", "max_points", "min_score")


def criteria_hash(tender: Tender) -> str:
    """SHA-256 of the canonical JSON of the tender definition: any change to the criteria changes it. The rules
    for bid documents, the contract performance conditions and the rates the plausibility flags check against are
    left out: the workbook carries nothing of them (they bind the documents and the contract, or prompt the
    committee, not the bidder's answers), so a template stays current whatever the tender asks there
    (scoring/document_rules.py, scoring/performance_conditions.py, scoring/plausibility_rules.py)."""
    definition = tender.to_dict()
    definition.pop("documents", None)
    definition.pop("contract_performance", None)
    definition.pop("plausibility", None)
    data = {**definition, "criteria": _sizes_as_floats(definition["criteria"])}
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _sizes_as_floats(criteria: list[dict]) -> list[dict]:
    """Weights written as floats (40.0), the way templates were fingerprinted before weights were held exactly
    (and written 40): templates already handed out to bidders stay current."""
    return [{**node, **{key: float(node[key]) for key in SIZE_KEYS if key in node},
             **({"children": _sizes_as_floats(node["children"])} if "children" in node else {})}
            for node in criteria]


def metadata_rows(tender: Tender, info: TenderInfo | None = None) -> dict[str, int]:
    """The Metadata sheet's row of each key: for a tender divided into lots, then the lot numbers and each lot's
    criteria codes in the order of its answers sheet (the reader takes the rows by these codes); for a performance
    report (made for one lot's view, never for several lots), then its period."""
    if info is not None and info.report_period:
        return {**METADATA_ROWS, "period": len(METADATA_ROWS) + 1}
    if not tender.lots:
        return METADATA_ROWS
    keys = [*METADATA_ROWS, "lots", *(f"lot {number} criteria" for number in tender.lot_numbers())]
    return {key: row for row, key in enumerate(keys, start=1)}


def metadata_values(tender: Tender, info: TenderInfo) -> dict[str, str]:
    """What the Metadata sheet holds, key by key (in metadata_rows order)."""
    values = {"reference": info.reference, "template_version": info.template_version,
              "criteria_sha256": criteria_hash(tender), "period": info.report_period}
    if tender.lots:
        values["lots"] = ",".join(str(number) for number in tender.lot_numbers())
        values.update({f"lot {number} criteria": ",".join(spec.code for spec in answer_specs(tender.lot_view(number)))
                       for number in tender.lot_numbers()})
    return {key: values[key] for key in metadata_rows(tender, info)}


def template_problem(found: Mapping[str, object], tender: Tender, info: TenderInfo) -> Problem | None:
    """One clear problem if the workbook is not the current template of this tender, else None."""
    expected = metadata_values(tender, info)
    mode = _mode_problem(found, info)
    if mode:
        return mode
    download = _("download the current template of tender %(reference)s and enter your bid in it",
                 reference=info.reference)
    if info.report_period:
        download = _("download the performance report workbook for %(period)s and enter the supply chain in it",
                     period=info.report_period_text)
    if not any(found.get(key) for key in expected):
        return Problem(PLACE, _("this is not a resbid bidder workbook (its template information is missing): "
                                "%(download)s", download=download))
    if found.get("reference") != expected["reference"]:
        return Problem(PLACE, _("this workbook is for tender %(found)s, not %(reference)s: %(download)s",
                                found=repr(str(found.get("reference"))[:60]), reference=info.reference,
                                download=download))
    if found != expected:
        return Problem(PLACE, _("this workbook was made from an outdated template (the tender's criteria or the "
                                "template have changed since): %(download)s", download=download))
    return None


def _mode_problem(found: Mapping[str, object], info: TenderInfo) -> Problem | None:
    """A bid workbook uploaded as a performance report, the reverse, or a report for another period."""
    version = str(found.get("template_version") or "")
    is_report = version.startswith(REPORT_VERSION.rsplit("-", 1)[0])
    is_bid = version.startswith(TEMPLATE_VERSION.rsplit("-", 1)[0])
    if info.report_period and is_bid:
        return Problem(PLACE, _("this is a bid workbook, not a contract performance report: download the performance "
                                "report workbook for %(period)s and enter the supply chain used in it",
                                period=info.report_period_text))
    if not info.report_period and is_report:
        return Problem(PLACE, _("this is a contract performance report, not a bid workbook: upload it on the "
                                "contract's page, and upload the bid workbook here"))
    if info.report_period and is_report and found.get("period") != info.report_period:
        return Problem(PLACE, _("this performance report was made for another reporting period: download the "
                                "performance report workbook for %(period)s", period=info.report_period_text))
    return None
