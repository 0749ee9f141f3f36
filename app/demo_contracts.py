"""The sample contract `make run` shows: the finalised magnet tender's framework agreement with two yearly
performance reports, one on target and one with a shortfall in recycled feedstock and a remedy requested
(sample_tenders/_sources/ndfeb-magnets/performance.yaml). The reports go through the same verbs as the
contractor's and the officer's pages; the contract's start is moved back two years and a month, so both years
have ended (demo data).
"""
from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import yaml

from app.clock import utcnow
from app.contracts.service import record_response, report_workbook, submit_report
from app.directory import find_user
from app.extensions import db
from app.models import Tender
from app.portal.service import Upload
from app.records.contracts import contracts_of_tender
from app.records.evaluation import supply_of
from scoring.resilience import SupplyLine
from workbooks import BidFilling, CompanyDetails, fill_workbook

SOURCES = "_sources/ndfeb-magnets/performance.yaml"
CONTRACTOR_EMAIL = "contractor@resbid.example"
STARTED_DAYS_AGO = 2 * 365 + 30  # two contract years ended, the second's report within its 90 days


def load_sample_contract(tender: Tender, samples_dir) -> None:
    """The sample reports and responses for the tender's contract (committed)."""
    contracts = contracts_of_tender(tender.id)
    if not contracts:
        return
    contract = contracts[0]
    contract.starts_on = utcnow().date() - timedelta(days=STARTED_DAYS_AGO)
    db.session.commit()
    contractor, officer = find_user(CONTRACTOR_EMAIL), find_user("officer@resbid.example")
    organisation = contract.organisation
    company = CompanyDetails(name=organisation.name, country=organisation.country,
                             controlling_entity=organisation.controlling_entity or organisation.name,
                             controlling_country=organisation.controlling_country or organisation.country)
    bid_lines = [replace(line, place="") for line in supply_of([contract.bid_id])[contract.bid_id]]
    for period in yaml.safe_load((samples_dir / SOURCES).read_text("utf-8"))["periods"]:
        lines = _with(bid_lines, [SupplyLine(**line) for line in period["lines"]])
        _, template = report_workbook(contract, period["period"])
        db.session.commit()
        workbook = fill_workbook(template, BidFilling(company=company, supply=lines))
        report = submit_report(contract.id, contractor, period["period"], Upload("performance-report.xlsx", workbook))
        db.session.commit()
        for response in period.get("responses", ()):
            record_response(contract.id, report.id, response["criterion"], response["kind"], response["reason"],
                            utcnow().date() + timedelta(days=contract.conditions["consequences"]["remedy_plan_days"]),
                            officer)
            db.session.commit()


def _with(lines: list[SupplyLine], changed: list[SupplyLine]) -> list[SupplyLine]:
    """The bid's lines with each changed line in place of the one of the same material, stage and country."""
    by_key = {(line.material, line.stage, line.country): line for line in changed}
    return [by_key.get((line.material, line.stage, line.country), line) for line in lines]
