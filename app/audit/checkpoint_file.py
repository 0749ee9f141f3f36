"""The checkpoint file: signed checkpoints appended, one JSON line each, outside the database.

Every transaction that records events appends, once it has committed, a checkpoint of the head it
committed (and every checkpoint it wrote to the database). The database's chain must reach every one
of them, so deleting the newest events or restoring an older copy of the database is caught even when
whoever did it could rewrite the database. Lines are only ever appended; the file can be shipped elsewhere.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from app.audit.signing import canonical_json, checkpoint_fields, checkpoint_mac
from app.clock import utcnow
from app.models import AuditCheckpoint, AuditEvent

_HEAD = "resbid_audit_sign_head"
_CHECKPOINT_IDS = "resbid_audit_checkpoint_ids"
_READY = "resbid_audit_lines_ready"
_PATH = "resbid_audit_checkpoint_path"


@dataclass(frozen=True)
class FileCheckpoint:
    """One line of the file: its number, and its fields (None when the line is not a checkpoint at all)."""

    line_no: int
    fields: dict | None


def checkpoint_path() -> Path:
    return Path(current_app.config["RESBID_AUDIT_CHECKPOINTS"])


def sign_head_at_commit(session: Session) -> None:
    """Ask for the head this transaction commits to be checkpointed in the file."""
    session.info[_HEAD] = True


def append_at_commit(session: Session, checkpoint_id: int) -> None:
    """Ask for a database checkpoint to be copied to the file once it is committed."""
    session.info.setdefault(_CHECKPOINT_IDS, []).append(checkpoint_id)


def read_checkpoints(path: Path) -> list[FileCheckpoint]:
    """Every line of the file, in order; a missing file has none."""
    if not path.exists():
        return []
    checkpoints = []
    for line_no, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), start=1):
        try:
            fields = json.loads(line)
        except ValueError:
            fields = None
        checkpoints.append(FileCheckpoint(line_no, fields if isinstance(fields, dict) else None))
    return checkpoints


@event.listens_for(Session, "before_commit")
def _gather_lines(session: Session) -> None:
    """Read back, inside the transaction, what it is about to commit: rolled-back savepoints leave nothing behind."""
    ids = session.info.pop(_CHECKPOINT_IDS, [])
    if not session.info.pop(_HEAD, False) and not ids:
        return
    lines = session.info.setdefault(_READY, [])
    for checkpoint in session.scalars(select(AuditCheckpoint).where(AuditCheckpoint.id.in_(ids))
                                      .order_by(AuditCheckpoint.id)):
        lines.append({**checkpoint_fields(checkpoint.count, checkpoint.head_sha256, checkpoint.at, checkpoint.reason),
                      "mac": checkpoint.mac})
    head = session.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(1)).first()
    if head is not None and not any(line["count"] == head.seq for line in lines):
        fields = checkpoint_fields(head.seq, head.sha256, utcnow().replace(microsecond=0), "commit")
        lines.append({**fields, "mac": checkpoint_mac(fields)})
    session.info[_PATH] = checkpoint_path()


@event.listens_for(Session, "after_commit")
def _append_lines(session: Session) -> None:
    lines = session.info.pop(_READY, None)
    path = session.info.pop(_PATH, None)
    if not lines:
        return
    try:
        _append(path, lines)
    except OSError as error:  # the transaction is committed: say so loudly rather than fail the request
        current_app.logger.error("could not append audit checkpoints to %s: %s", path, error)


@event.listens_for(Session, "after_rollback")
def _forget_lines(session: Session) -> None:
    for key in (_HEAD, _CHECKPOINT_IDS, _READY, _PATH):
        session.info.pop(key, None)


def _append(path: Path, lines: list[dict]) -> None:
    """One write per transaction on a descriptor opened for appending, then fsync: lines never interleave."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = "".join(canonical_json(line) + "\n" for line in lines).encode("utf-8")
    descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(descriptor, data)
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
