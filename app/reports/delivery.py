"""Sending stored documents: always as downloads, never sniffed or cached by shared caches."""
from __future__ import annotations

import io

from flask import render_template, request, send_file
from flask_login import current_user
from markupsafe import Markup

from app.languages import interface_language
from app.models import RenderedDocument, Tender
from app.records.memo import app_memo
from app.reports.jobs import stored_file


def send_document(document: RenderedDocument, name: str, mimetype: str = "application/pdf"):
    """A rendered document's file (a PDF, or the evidence bundle's zip) as an attachment named `name`."""
    return send_bytes(stored_file(document), name, mimetype)


def send_bytes(data: bytes, name: str, mimetype: str):
    """Bytes as an attachment, kept out of shared caches."""
    response = send_file(io.BytesIO(data), mimetype=mimetype, as_attachment=True, download_name=name)
    response.headers["Cache-Control"] = "private, no-store"
    return response


REFRESH_SECONDS = 3


def status_page(document: RenderedDocument, tender: Tender, title: str, download: str, is_bundle: bool = False):
    """The status page of a document: while it renders, an HTTP Refresh header reloads it every few seconds,
    unless the reader followed "stop reloading" (`?still=1`), and a link reloads it by hand. No meta refresh
    and no script: a page that reloads itself must let the user stop it (WCAG 2.1 success criterion 2.2.1)."""
    still = request.args.get("still") == "1"
    response = render_template("auditor/document.html", title=title,
                               body=_status_body(document, tender, title, download, is_bundle, still))
    headers = {"Refresh": str(REFRESH_SECONDS)} if document.status == "rendering" and not still else {}
    return response, 200, headers


BODIES_KEPT = 256  # status pages' bodies each worker keeps


def _status_body(document: RenderedDocument, tender: Tender, title: str, download: str, is_bundle: bool,
                 still: bool) -> Markup:
    """The page's body, rendered once per everything it shows (kept by the worker): readers poll the page, and
    most polls find a document done long ago. A published tender's words change only with its version."""
    key = (document.id, document.status, document.progress_done, document.progress_total, document.finished_at,
           document.pdf_sha256, tender.id, tender.version, tender.status, title, download, is_bundle, still,
           request.path, current_user.role, interface_language())
    return app_memo("resbid.status_bodies", BODIES_KEPT).get_or_build(key, lambda: Markup(render_template(
        "auditor/_document_body.html", document=document, tender=tender, title=title, download=download,
        is_bundle=is_bundle, still=still, refresh_seconds=REFRESH_SECONDS)))
