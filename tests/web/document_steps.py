"""Bid documents for tests: small files of each format built in memory, hostile look-alikes, uploading one through
the tender page's form, and storing one straight into a bid (for imported sample bids)."""
from __future__ import annotations

import hashlib
import io
import re
import zipfile
from datetime import datetime, timezone

from sqlalchemy import select

from app.extensions import db
from app.models import Bid, BidDocument
from tests.web.conftest import csrf_token

# A PDF whose catalogue runs JavaScript when opened: stored and served, never opened by the server.
PDF_WITH_JAVASCRIPT = (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R /OpenAction << /S /JavaScript "
                       b"/JS (app.alert\\('offtake-agreement-script'\\)) >> >> endobj\n"
                       b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
PNG = b"\x89PNG\r\n\x1a\n" + bytes(40)
JPEG = b"\xff\xd8\xff\xe0" + bytes(40)
EXE = b"MZ\x90\x00\x03" + bytes(60) + b"This program cannot be run in DOS mode."
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"


def zipped(entries: dict[str, bytes], stored_first: bool = False) -> bytes:
    """A zip archive of these entries, the first stored uncompressed when `stored_first` (as ODF requires)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for number, (name, data) in enumerate(entries.items()):
            stored = stored_first and number == 0
            archive.writestr(name, data, compress_type=zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


DOCX = zipped({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
XLSX = zipped({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
ODT = zipped({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<office:document/>"},
             stored_first=True)
DOCM = zipped({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>",
               "word/vbaProject.bin": b"\xd0\xcf\x11\xe0"})


def post_document(client, tender_id: int, bid_id: int, data: bytes, name: str = "proposal.pdf",
                  kind: str = "technical_proposal", reference: str = ""):
    """Upload a document through the tender page's form, with its CSRF token."""
    form = {"document": (io.BytesIO(data), name), "kind": kind, "reference": reference,
            "csrf_token": csrf_token(client, f"/portal/tenders/{tender_id}")}
    return client.post(f"/portal/bids/{bid_id}/documents", data=form, content_type="multipart/form-data")


def store_document(app, bid_id: int, data: bytes = PDF_WITH_JAVASCRIPT, kind: str = "supply_evidence",
                   name: str = "Offtake agreement.pdf", reference: str = "", file_format: str = "pdf") -> int:
    """A document stored straight with a bid, as the portal would store it; its id."""
    with app.app_context():
        document = BidDocument(bid_id=bid_id, kind=kind, reference=reference, display_name=name,
                               file_format=file_format, size=len(data), sha256=hashlib.sha256(data).hexdigest(),
                               uploaded_at=datetime(2027, 3, 1, 9, 0, tzinfo=timezone.utc), data=data)
        db.session.add(document)
        db.session.commit()
        return document.id


def first_bid(app, tender_id: int, label: str | None = None) -> Bid:
    """The tender's first live bid (or the one of this label), readable outside the app context."""
    with app.app_context():
        query = select(Bid).where(Bid.tender_id == tender_id, Bid.status == "submitted").order_by(Bid.id)
        bid = db.session.scalars(query.where(Bid.label == label) if label else query).first()
        db.session.expunge(bid)
        return bid


def disposition_name(response) -> str:
    """The file name a download offers."""
    return re.search(r'filename="?([^";]+)', response.headers["Content-Disposition"]).group(1)
