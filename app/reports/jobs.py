"""Rendering a document once per version of its data, in the background, with progress others can read.

The request that first asks for a document stores a row, with the context, and starts the job "reports.render"
with the row's id (app/jobs: a thread of the web process on SQLite, the queue's workers on PostgreSQL, retried
there when an attempt fails); the job only waits on the render worker process (app/reports/sandbox.py), so no
web worker is blocked and a render never shares its memory. Later requests for the same data find the row: in
progress (the status page reloads itself) or done (the bytes are served from it). Each app remembers
which row a version of the data (app/reports/sources.py) gave, so those requests find it without
building the context again.

An evidence bundle (kind "bundle") is a document of the same kind of row and job: its context names the report
it includes (requested once that report is done, app/reports/service.py), and the job builds the zip itself
(app/reports/bundle.py reads the tender's files from the database) instead of handing it to the render worker.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
from datetime import timedelta

from flask import Flask, current_app
from flask_login import current_user
from sqlalchemy import bindparam, inspect, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import make_transient_to_detached

from app import audit
from app.audit.chain import canonical_json
from app.clock import utcnow
from app.extensions import db
from app.jobs import enqueue, run_now, task
from app.models import RenderedDocument, Tender, User
from app.models.report import BUNDLE, DONE, FAILED, RENDERING
from app.records.memo import LastUsed, app_memo
from app.reports.bundle import build_evidence_bundle
from app.reports.sandbox import Limits, RenderFailed, render_isolated

STALL_MARGIN = timedelta(minutes=1)  # a render older than its time limit plus this died with its process
KEYS_KEPT = 1024  # versions of documents' data whose document each app remembers
DONE_KEPT = 256  # done documents (their status, without their bytes) each app keeps
RENDER_TASK = "reports.render"


def context_key(kind: str, context: dict) -> str:
    """The cache key: SHA-256 of the canonical JSON of the document's kind and context."""
    return hashlib.sha256(canonical_json({"kind": kind, "context": context}).encode("utf-8")).hexdigest()


def render_limits(app: Flask) -> Limits:
    """The limits of one render (settings RESBID_REPORT_SECONDS, _MEMORY_MB and _PROCESSES)."""
    return Limits(seconds=app.config["RESBID_REPORT_SECONDS"], memory_mb=app.config["RESBID_REPORT_MEMORY_MB"],
                  processes=app.config["RESBID_REPORT_PROCESSES"])


def known_document(kind: str, version: tuple) -> RenderedDocument | None:
    """The document this app already requested for this version of its data, unless it must be rendered again.

    A done one is the app's kept copy, apart from any session and shared by its requests (attaching it to the
    request's session was 6% of a status page's time): read it, never change it, and read its file through
    stored_file."""
    key = _known_keys().get((kind, version))
    if key is None:
        return None
    kept = app_memo("resbid.done_documents", DONE_KEPT)
    done = kept.get(key)
    if done is not None:
        return done
    document = _find(key)
    if document is None or _needs_render(document):
        return None
    if document.is_done:
        kept.put(key, _detached_copy(document))
    return document


def stored_file(document: RenderedDocument) -> bytes:
    """A done document's file (the PDF, the bundle's zip), read from its row: a kept copy holds none of it."""
    return db.session.merge(document, load=False).pdf  # a row already in the session is itself


def _detached_copy(document: RenderedDocument) -> RenderedDocument:
    """A copy of a done row's columns, apart from the requests' sessions; the deferred ones (the bytes, the
    context) are left out, and loaded from the row if a request reads them."""
    names = [column.key for column in inspect(RenderedDocument).column_attrs if not column.deferred]
    copy = RenderedDocument(**{name: getattr(document, name) for name in names})
    make_transient_to_detached(copy)
    return copy


def request_document(kind: str, tender: Tender, version: tuple, context: dict, organisation_id: int | None = None,
                     wait: bool = False) -> RenderedDocument:
    """The stored document for this data, starting its render if there is none yet (or it failed or stalled).

    `version` names the data (read before the context was built, so data that changed meanwhile has a
    newer one) and is remembered for known_document. Commits the new row before the render starts, so
    other requests and the render see it. With wait=True (the CLI) the render runs here instead of in a
    background job.
    """
    document = _request(kind, tender, context, organisation_id, wait)
    _known_keys().put((kind, version), document.key)
    return document


def _known_keys() -> LastUsed:
    """Each data version's document key, as far as this app has seen."""
    return app_memo("resbid.document_keys", KEYS_KEPT)


def _request(kind: str, tender: Tender, context: dict, organisation_id: int | None, wait: bool
             ) -> RenderedDocument:
    key = context_key(kind, context)
    document = _find(key)
    if document is not None and not _needs_render(document):
        return document
    if document is None:
        document = RenderedDocument(key=key, kind=kind, tender_id=tender.id, organisation_id=organisation_id)
        db.session.add(document)
    document.status, document.progress_done, document.progress_total = RENDERING, 0, 0
    document.started_at, document.finished_at, document.error = utcnow(), None, None
    document.requested_by_id = _user_id()
    document.context_json = canonical_json(context)
    try:
        db.session.flush()
        document_id = document.id
        db.session.commit()  # read nothing more here: on SQLite that would hold the lock the render needs
    except IntegrityError:  # another request started the same render a moment ago
        db.session.rollback()
        return _find(key)
    if wait:
        with contextlib.suppress(RenderFailed):  # stored on the row as for a background render
            run_now(RENDER_TASK, document_id=document_id)
        db.session.expire(document)
    else:
        enqueue(RENDER_TASK, document_id=document_id)
    return document


def _render_failed(error: Exception, document_id: int) -> None:
    """No attempt is left: the status page says the render failed (and a new request starts another)."""
    _finish(document_id, status=FAILED, error=str(error))


@task(RENDER_TASK, on_failure=_render_failed)
def render_document(document_id: int) -> None:
    """Render in the worker process and store the bytes, their SHA-256 and the audit event (an attempt of the job)."""
    document = db.session.get(RenderedDocument, document_id)
    if document is None or document.status == DONE or document.context_json is None:  # queued twice, done once
        return
    context, kind = json.loads(document.context_json), document.kind
    document.status, document.progress_done, document.progress_total = RENDERING, 0, 0
    document.started_at, document.error = utcnow(), None  # the time limit counts from this attempt
    db.session.commit()
    # Nothing of the row is read again until the render is done: a read would begin a transaction that, on
    # SQLite, holds the write lock through the whole layout (jobs begin theirs with BEGIN IMMEDIATE).
    if kind == BUNDLE:
        data = _built_bundle(document, context)
    else:
        data = render_isolated(kind, context, render_limits(current_app),
                               progress=lambda done, total: _progress(document_id, done, total))
    _finish(document_id, status=DONE, pdf=data)


def _built_bundle(document: RenderedDocument, context: dict) -> bytes:
    """The evidence bundle's zip, with its report's stored PDF; its export is recorded as done by the requester
    (committed with the bundle)."""
    report = _find(context["report"])
    if report is None or not report.is_done:
        raise RuntimeError("the evaluation report the evidence bundle includes is not rendered")
    requester = db.session.get(User, document.requested_by_id) if document.requested_by_id else None
    return build_evidence_bundle(db.session.get(Tender, document.tender_id), report.pdf,
                                 context["evaluation_json"], actor=requester)


def _progress(document_id: int, done: int, total: int) -> None:
    document = db.session.get(RenderedDocument, document_id)
    document.progress_done, document.progress_total = done, total
    db.session.commit()


def _finish(document_id: int, status: str, pdf: bytes | None = None, error: str | None = None) -> None:
    document = db.session.get(RenderedDocument, document_id)
    document.status, document.finished_at, document.error = status, utcnow(), error
    if pdf is not None:
        document.pdf, document.pdf_sha256 = pdf, hashlib.sha256(pdf).hexdigest()
        document.context_json = None  # the bytes are what is kept
        requester = db.session.get(User, document.requested_by_id) if document.requested_by_id else None
        audit.record(f"{document.kind}.render", document, tender_id=document.tender_id, actor=requester,
                     details={"sha256": document.pdf_sha256, "bytes": len(pdf), "data_sha256": document.key,
                              "organisation_id": document.organisation_id})
    db.session.commit()


_BY_KEY = select(RenderedDocument).where(RenderedDocument.key == bindparam("key"))  # built once: status pages poll


def _find(key: str) -> RenderedDocument | None:
    return db.session.scalar(_BY_KEY, {"key": key})


def _needs_render(document: RenderedDocument) -> bool:
    if document.status == FAILED:
        return True
    limit = timedelta(seconds=render_limits(current_app).seconds) + STALL_MARGIN
    return document.status == RENDERING and utcnow() - document.started_at > limit


def _user_id() -> int | None:
    try:
        return current_user.id if current_user.is_authenticated else None
    except (AttributeError, RuntimeError):  # the CLI has no signed-in user
        return None
