"""The bid documents in the evidence bundle: every document of every evaluated bid version, byte for byte, and
a list of them with their SHA-256 (SHA256SUMS lists each file's too).

The bundle is built for finalised tenders only (app.reports.access), so every envelope is open by then. File
names are made here from the bid's label, the document's position and its cleaned name with the extension of
the format found in its content: the name the bidder sent is never a path.
"""
from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.models import Bid, Tender
from app.models.bid import SUBMITTED
from app.records.bid_documents import documents_of
from app.records.document_names import download_name
from app.records.exporting import yaml_text
from app.records.file_types import EXTENSIONS

FOLDER = "bid-documents"
LIST_NAME = f"{FOLDER}.yaml"


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
