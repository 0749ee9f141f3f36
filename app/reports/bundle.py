"""The evidence bundle an auditor downloads: the tender folder, its evaluation, its audit events, the latest
signed audit checkpoint, the report, the bids' documents and the verification of claims with the documents sent
(app/reports/bundle_documents.py).

A tender divided into lots also gets lots/lot-N.json and lots/award.json (lot_files).

The folder part (tender.yaml, bids/*.xlsx byte for byte, receipts.yaml, scores.yaml) is the tender
export, so `tender evaluate` on the unpacked bundle reproduces evaluation.json. SHA256SUMS lists
every other file in `sha256sum -c` format.

Built once per version of the tender's data by a background job, which stores it as a document of kind
"bundle" (app/reports/jobs.py). Built in memory: the workbooks' bytes come from the one statement that reads
the bids, and the files that are compressed already (workbooks, the PDF) are stored as they are rather than
deflated a second time.
"""
from __future__ import annotations

import hashlib
import io
import json
import zipfile

from werkzeug.utils import secure_filename

from app.audit.chain import canonical_json, latest_checkpoint
from app.models import Tender, User
from app.records.exporting import export_files
from app.reports.bundle_documents import document_files, verification_files
from app.reports.document import ATTACHMENT_NAME
from app.reports.sources import checkpoint_row, event_row, tender_events

REPORT_NAME = "report.pdf"
EVENTS_NAME = "audit-events.jsonl"
CHECKPOINT_NAME = "audit-checkpoint.json"
SUMS_NAME = "SHA256SUMS"
LOTS_FOLDER = "lots"
# Zip archives, deflated streams and compressed images already: stored, not deflated again.
COMPRESSED_SUFFIXES = (".xlsx", ".pdf", ".docx", ".odt", ".png", ".jpg")


def bundle_name(tender: Tender) -> str:
    """A safe file and folder name for the tender's downloads."""
    return secure_filename(tender.reference) or f"tender-{tender.id}"


def lot_files(evaluation_json: str) -> dict[str, bytes]:
    """A tender divided into lots (Directive 2014/24/EU Art. 46): each lot's result and the award across lots as
    files of their own beside evaluation.json, which holds them all, so an auditor reads one lot without the rest."""
    evaluation = json.loads(evaluation_json)
    if "lots" not in evaluation:
        return {}
    files = {f"{LOTS_FOLDER}/lot-{lot['number']}.json": _json_bytes(lot) for lot in evaluation["lots"]}
    return {**files, f"{LOTS_FOLDER}/award.json": _json_bytes(evaluation["award"])}


def _json_bytes(data) -> bytes:
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def build_evidence_bundle(tender: Tender, report_pdf: bytes, evaluation_json: str, actor: User | None = None
                          ) -> bytes:
    """The zip's bytes; the export it includes is recorded in the audit log like any export (as done by `actor`,
    else the signed-in user)."""
    exported = export_files(tender, actor)
    files = {name: exported[name] for name in sorted(exported)}
    files.update(document_files(tender))
    files.update(verification_files(tender))
    files[ATTACHMENT_NAME] = evaluation_json.encode("utf-8")
    files.update(lot_files(evaluation_json))
    files[EVENTS_NAME] = "".join(canonical_json(event_row(event, tender.time_zone)) + "\n"
                                 for event in tender_events(tender, include_copies=True)).encode("utf-8")
    checkpoint = latest_checkpoint()
    if checkpoint is not None:
        files[CHECKPOINT_NAME] = (canonical_json(checkpoint_row(checkpoint)) + "\n").encode("utf-8")
    files[REPORT_NAME] = report_pdf
    files[SUMS_NAME] = "".join(f"{hashlib.sha256(data).hexdigest()}  {name}\n"
                               for name, data in sorted(files.items())).encode("utf-8")
    stamp = (tender.finalised_at or tender.created_at).timetuple()[:6]
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            compressed = name.endswith(COMPRESSED_SUFFIXES)
            archive.writestr(zipfile.ZipInfo(f"{bundle_name(tender)}/{name}", date_time=stamp), data,
                             compress_type=zipfile.ZIP_STORED if compressed else zipfile.ZIP_DEFLATED)
    return output.getvalue()
