"""Sending stored documents: always as downloads, never sniffed or cached by shared caches."""
from __future__ import annotations

import io

from flask import send_file

from app.models import RenderedDocument


def send_pdf(document: RenderedDocument, name: str):
    """A rendered PDF as an attachment named `name`."""
    return send_bytes(document.pdf, name, "application/pdf")


def send_bytes(data: bytes, name: str, mimetype: str):
    """Bytes as an attachment, kept out of shared caches."""
    response = send_file(io.BytesIO(data), mimetype=mimetype, as_attachment=True, download_name=name)
    response.headers["Cache-Control"] = "private, no-store"
    return response
