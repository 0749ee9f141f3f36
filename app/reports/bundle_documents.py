"""The bid documents in the evidence bundle: every document of every evaluated bid version, byte for byte, and
a list of them with their SHA-256 (SHA256SUMS lists each file's too); likewise the verification requests, the
bidders' answers and the documents sent with them.

The bundle is built for finalised tenders only (app.reports.access), so every envelope is open by then. File
names are made here from the bid's label, the document's position and its cleaned name with the extension of
the format found in its content: the name the bidder sent is never a path.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import undefer

from app.extensions import db
from app.models import Bid, Tender, VerificationDocument
from app.models.bid import SUBMITTED
from app.records.bid_documents import documents_of
from app.records.document_names import download_name
from app.records.exporting import yaml_text
from app.records.file_types import EXTENSIONS
from app.records.verification import verification_rows

FOLDER = "bid-documents"
LIST_NAME = f"{FOLDER}.yaml"
VERIFICATION_FOLDER = "verification"
VERIFICATION_LIST = f"{VERIFICATION_FOLDER}.yaml"


def document_files(tender: Tender) -> dict[str, bytes]:
    """{path in the bundle: bytes} for the documents of the tender's live bids, and their list; {} for none."""
    labels = dict(db.session.execute(select(Bid.id, Bid.label).where(Bid.tender_id == tender.id,
                                                                     Bid.status == SUBMITTED)).all())
    files: dict[str, bytes] = {}
    listing: dict[str, list[dict]] = {}
    for bid_id, documents in documents_of(sorted(labels), with_data=True).items():
        for number, document in enumerate(documents, start=1):
            name = (f"{FOLDER}/{labels[bid_id]}/{number:02d}-"
                    f"{download_name(document.display_name, EXTENSIONS[document.file_format], document.kind)}")
            files[name] = document.data
            listing.setdefault(labels[bid_id], []).append({
                "file": name, "kind": document.kind, "envelope": document.envelope,
                "name": document.display_name, "reference": document.reference,
                "received_at": document.uploaded_at.isoformat(), "bytes": document.size, "sha256": document.sha256})
    if listing:
        files[LIST_NAME] = yaml_text(listing).encode("utf-8")
    return files


def verification_files(tender: Tender) -> dict[str, bytes]:
    """{path in the bundle: bytes} for the documents bidders sent with their answers to verification requests, and
    the list of requests, answers (with their SHA-256), documents and outcomes; {} when the committee asked none."""
    rows = verification_rows(tender_id=tender.id)
    if not rows:
        return {}
    labels = dict(db.session.execute(select(Bid.id, Bid.label).where(
        Bid.id.in_({row.request.bid_id for row in rows}))).all())
    data = {document.id: document.data for document in db.session.scalars(
        select(VerificationDocument).options(undefer(VerificationDocument.data)).where(
            VerificationDocument.id.in_([d.id for row in rows for a in row.request.answers for d in a.documents])))}
    files: dict[str, bytes] = {}
    listing = []
    for number, row in enumerate(rows, start=1):
        request = row.request
        answers = []
        for answer_number, answer in enumerate(request.answers, start=1):
            documents = []
            for document in answer.documents:
                name = (f"{VERIFICATION_FOLDER}/{labels[request.bid_id]}/{number:02d}-{answer_number:02d}-"
                        f"{download_name(document.display_name, EXTENSIONS[document.file_format], 'document')}")
                files[name] = data[document.id]
                documents.append({"file": name, "name": document.display_name, "bytes": document.size,
                                  "sha256": document.sha256})
            answers.append({"received_at": answer.answered_at.isoformat(), "text": answer.text,
                            "sha256": answer.sha256, "documents": documents})
        listing.append({"bid": labels[request.bid_id], "lot": request.lot_number, "line": row.subject,
                        "question": request.question, "asked_at": request.asked_at.isoformat(),
                        "reply_by": request.reply_by.isoformat(), "answers": answers, "outcome": request.outcome,
                        "reason": request.outcome_reason, "consequence": request.consequence,
                        "criterion": request.criterion_code,
                        "decided_at": request.decided_at.isoformat() if request.decided_at else None})
    files[VERIFICATION_LIST] = yaml_text(listing).encode("utf-8")
    return files
