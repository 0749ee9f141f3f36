"""Sending stored documents: always as downloads, never sniffed or cached by shared caches."""
from __future__ import annotations

import io

from flask import render_template, request, send_file

from app.models import RenderedDocument


def send_pdf(document: RenderedDocument, name: str):
    """A rendered PDF as an attachment named `name`."""
    return send_bytes(document.pdf, name, "application/pdf")


def send_bytes(data: bytes, name: str, mimetype: str):
    """Bytes as an attachment, kept out of shared caches."""
    response = send_file(io.BytesIO(data), mimetype=mimetype, as_attachment=True, download_name=name)
    response.headers["Cache-Control"] = "private, no-store"
    return response


REFRESH_SECONDS = 3


def status_page(document: RenderedDocument, **context):
    """The status page of a document: while it renders, an HTTP Refresh header reloads it every few seconds,
    unless the reader followed "stop reloading" (`?still=1`), and a link reloads it by hand. No meta refresh
    and no script: a page that reloads itself must let the user stop it (WCAG 2.1 success criterion 2.2.1)."""
    still = request.args.get("still") == "1"
    response = render_template("auditor/document.html", document=document, still=still,
                               refresh_seconds=REFRESH_SECONDS, **context)
    headers = {"Refresh": str(REFRESH_SECONDS)} if document.status == "rendering" and not still else {}
    return response, 200, headers
