"""What `flask --app wsgi tender ...` does (app/cli/tender_commands.py): imported when a command runs, as it loads
most of resbid (the workbook reader, the scoring engine, the report's renderer), which listing the commands or
starting another one does not need.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import click
from flask import current_app
from sqlalchemy import select

from app.cli.errors import user_errors_exit
from app.cli.lot_output import echo_lots
from app.errors import UserError
from app.extensions import db
from app.models import Tender
from app.models.report import REPORT
from app.presentation import points_text
from app.records.access import OPEN_STATUSES
from app.records.evaluation import folder_bids, folder_lot_bids
from app.records.exporting import export_folder
from app.records.importing import import_folder
from app.reports.context import evaluation_json
from app.reports.jobs import render_limits
from app.reports.sandbox import RenderFailed, render_isolated
from app.reports.service import request_report
from app.reports.sources import folder_report_context
from app.workbook_words import wording
from scoring import evaluate
from scoring.abnormal import AbnormalFlag
from scoring.resilience_evidence import evidence_by_bid, resilience_evidence
from scoring.result import EvaluationResult
from scoring.self_assessment import self_assess_lots
from scoring.sensitivity import SensitivityReport, analyse_sensitivity
from tender_files.bids import read_bids, tender_info
from tender_files.folder import TenderFolder, load_folder
from workbooks import ParsedWorkbook, read_workbook_isolated


def _read_bids(loaded: TenderFolder) -> dict[str, ParsedWorkbook]:
    """The folder's bid workbooks, read as uploads are (drop-down texts in the procedure language or English)."""
    return read_bids(loaded, current_app.config["RESBID_UPLOAD_MEMORY_MB"], wording(loaded.meta.language))


def validate(folder: Path) -> None:
    loaded = load_folder(folder)
    _read_bids(loaded)
    click.echo(f"{folder}: valid ({len(loaded.bids)} bids).")


def evaluate_folder(folder: Path, as_json: bool, pdf_path: Path | None) -> None:
    loaded = load_folder(folder)
    workbooks = _read_bids(loaded)
    if pdf_path is not None:
        _write_folder_report(pdf_path, loaded, workbooks)
    if loaded.tender.lots:
        echo_lots(loaded.tender, folder_lot_bids(loaded, workbooks), as_json, _echo_result)
        return
    bids = folder_bids(loaded, workbooks)
    result = evaluate(loaded.tender, bids)
    sensitivity = analyse_sensitivity(loaded.tender, result)
    if as_json:
        click.echo(evaluation_json(result, sensitivity, evidence_by_bid(loaded.tender, bids)))
        return
    _echo_result(result, sensitivity)


def _write_folder_report(path: Path, loaded: TenderFolder, workbooks: dict) -> None:
    """The evaluation report of a folder (one lot or divided into lots), rendered as the web app renders it."""
    try:
        pdf = render_isolated(REPORT, folder_report_context(loaded, workbooks), render_limits(current_app))
    except RenderFailed as error:
        raise UserError(str(error)) from error
    _write_pdf(path, pdf)


def _echo_result(result: EvaluationResult, sensitivity: SensitivityReport) -> None:
    """Each bid's total and rank, why it is ineligible or flagged, and the sensitivity in one sentence."""
    for bid in sorted(result.bids, key=lambda b: (b.rank is None, b.rank or 0)):
        click.echo(f"{bid.bidder:<40} {points_text(bid.total):>7}  {f'rank {bid.rank}' if bid.rank else 'ineligible'}")
        for reason in bid.reasons:
            click.echo(f"    - {reason}")
        if bid.abnormal.is_flagged:
            click.echo(f"    {_abnormal_text(bid.abnormal)}")
    click.echo(sensitivity.summary)


def _abnormal_text(flag: AbnormalFlag) -> str:
    """The triggers that fired and where the buyer's decision stands."""
    if flag.decision is None:
        decision = "decision pending: the buyer must ask for an explanation"
    elif flag.decision == "accepted" and flag.decision_reason:
        decision = f"decision: accepted ({flag.decision_reason})"
    else:
        decision = f"decision: {flag.decision}"  # a rejection's reason is the ineligibility reason above
    return f"abnormally low (Directive 2014/24/EU Art. 69): {'; '.join(flag.reasons)}; {decision}"


def import_tender(folder: Path) -> None:
    loaded = load_folder(folder)
    tender = import_folder(loaded, _read_bids(loaded))
    db.session.commit()
    click.echo(f"Imported {tender.reference} ({len(loaded.bids)} bids, status {tender.status}).")


def export_tender(reference: str, folder: Path) -> None:
    tender = _stored_tender(reference)
    files = export_folder(tender, folder)
    db.session.commit()
    click.echo(f"Exported {reference} to {folder} ({len(files)} files).")


def write_report(reference: str, output: Path) -> None:
    tender = _stored_tender(reference)
    if tender.status not in OPEN_STATUSES:  # Annex IV (b): no export of sealed bids, for anyone
        raise UserError(f"the bids are sealed until they are opened (status {tender.status})", place=reference)
    document, _ = request_report(tender, wait=True)
    if not document.is_done:
        raise UserError(document.error or "another process is rendering this report; try again shortly",
                        place=reference)
    _write_pdf(output, document.pdf)


def _stored_tender(reference: str) -> Tender:
    tender = db.session.scalar(select(Tender).where(Tender.reference == reference))
    if tender is None:
        raise UserError(f"no tender with reference {reference!r}", place="REFERENCE")
    return tender


def _write_pdf(path: Path, pdf: bytes) -> None:
    path.write_bytes(pdf)
    click.echo(f"Wrote {path} (SHA-256 {hashlib.sha256(pdf).hexdigest()}).", err=True)


def write_template(folder: Path, output: Path) -> None:
    loaded = load_folder(folder)
    from workbooks import build_template  # imported where used: it loads openpyxl (0.15 s)
    output.write_bytes(build_template(loaded.tender, tender_info(loaded.meta), wording(loaded.meta.language)))
    click.echo(f"Wrote {output}.")


def check_bid(folder: Path, workbook: Path, as_json: bool) -> None:
    with user_errors_exit(as_json):
        loaded = load_folder(folder)
        parsed = read_workbook_isolated(workbook.read_bytes(), loaded.tender, tender_info(loaded.meta),
                                        memory_mb=current_app.config["RESBID_UPLOAD_MEMORY_MB"],
                                        words=wording(loaded.meta.language))
    tender = loaded.tender
    if not (as_json or tender.lots):
        click.echo(f"{workbook}: valid ({len(parsed.supply)} supply-chain lines, {len(parsed.answers)} answers).")
        return
    bids = parsed.to_bids(workbook.stem, parsed.company.name, None)
    with user_errors_exit(as_json):
        assessments = self_assess_lots(tender, bids)
        resilience = {number: resilience_evidence(tender.lot_view(number), bid.supply) for number, bid in bids.items()}
    if as_json:
        output = {"valid": True, "bid": parsed.to_dict()}
        if tender.lots:
            output["lots"] = [{"lot": number, "self_assessment": assessments[number].to_dict(),
                               "resilience": resilience[number]} for number in bids]
        else:
            output.update(self_assessment=assessments[1].to_dict(), resilience=resilience[1])
        click.echo(json.dumps(output, indent=2, ensure_ascii=False))
        return
    click.echo(f"{workbook}: valid, bidding for lot{'s' if len(bids) > 1 else ''} {', '.join(map(str, bids))}.")
    for number, offer in parsed.lots.items():
        assessed = assessments[number]
        click.echo(f"Lot {number}: {len(offer.supply)} supply-chain lines, {len(offer.answers)} answers; "
                   f"{points_text(assessed.scored_total)} of {points_text(assessed.scored_max)} points from the "
                   f"workbook alone, {points_text(assessed.open_max)} more decided at the evaluation.")
