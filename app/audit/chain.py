"""Writing the hash-chained, signed audit log and its checkpoints.

Each event's SHA-256 covers the canonical JSON of its fields plus the previous event's hash,
so changing, deleting, reordering or inserting any event breaks the chain from that point on;
each event's MAC under the audit key (kept outside the database) stops anyone without the key
from recomputing the chain. Checkpoints sign the chain's length and head, so cutting the newest
events off is caught too (see verification.py).
"""
from __future__ import annotations

import hashlib
from datetime import timedelta

from flask_login import current_user
from sqlalchemy import Row, select
from sqlalchemy.event import listens_for
from sqlalchemy.orm import Session, SessionTransaction

from app.audit import checkpoint_file
from app.audit.signing import canonical_json, checkpoint_fields, checkpoint_mac, event_mac
from app.clock import utcnow
from app.extensions import db
from app.models import AuditCheckpoint, AuditEvent, User
from app.transactions import ended_in_database, lock_chain

GENESIS_SHA256 = "0" * 64
_HEAD = "resbid_audit_head"  # session.info: the event this transaction recorded last
_CHECKPOINT_AT = "resbid_audit_checkpoint_at"  # session.info: when the newest checkpoint was signed (None: never)
# A checkpoint at least this often, written by the first event recorded after the last one aged.
CHECKPOINT_INTERVAL = timedelta(hours=24)


def event_sha256(event: AuditEvent) -> str:
    """Recompute an event's hash from its stored fields and predecessor."""
    payload = {
        "seq": event.seq,
        "at": event.at.isoformat(),
        "actor_id": event.actor_id,
        "actor": event.actor,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "tender_id": event.tender_id,
        "details": event.details,
        "prev_sha256": event.prev_sha256,
    }
    return hashlib.sha256(canonical_json(payload).encode("utf-8")).hexdigest()


def record(
    action: str,
    obj: object | None = None,
    *,
    object_type: str | None = None,
    object_id: object = "",
    tender_id: int | None = None,
    details: dict | None = None,
    actor: User | None = None,
    by_system: bool = False,
) -> AuditEvent:
    """Append one event to the chain inside the current transaction (committed with the change it records).

    The actor is the signed-in user unless given; by_system records the application's own doing
    (a tender closed by the clock) as "system", whoever's request happened to set it off.
    Details name objects by id; they never carry sealed bid contents or passwords.
    """
    if obj is not None:
        object_type = object_type or obj.__tablename__
        object_id = getattr(obj, "id", object_id)
    lock_chain()  # before any read: a transaction that records begins with the write lock (app/transactions.py)
    if not by_system and actor is None:
        actor = _current_actor()
    last = _head()
    event = AuditEvent(
        seq=(last.seq + 1) if last else 1,
        at=utcnow(),
        actor_id=actor.id if actor else None,
        actor=actor.email if actor else "system",
        action=action,
        object_type=object_type or "system",
        object_id=str(object_id if object_id is not None else ""),
        tender_id=tender_id,
        details=canonical_json(details or {}),
        prev_sha256=last.sha256 if last else GENESIS_SHA256,
    )
    event.sha256 = event_sha256(event)
    event.mac = event_mac(event.sha256)
    db.session.add(event)  # written with the session's next flush, at the latest the commit's
    db.session.info[_HEAD] = event
    checkpoint_file.sign_head_at_commit(db.session)
    if _checkpoint_due(event.at):
        write_checkpoint("daily", event)
    return event


def write_checkpoint(reason: str, head: AuditEvent | None = None) -> AuditCheckpoint:
    """Sign the chain's length and head into the database now, and into the checkpoint file at commit.

    `head` is the newest event when the caller just recorded it; otherwise the chain is locked and read.
    """
    if head is None:
        lock_chain()
        head = _head()
    checkpoint = AuditCheckpoint(count=head.seq if head else 0, head_sha256=head.sha256 if head else GENESIS_SHA256,
                                 at=utcnow().replace(microsecond=0), reason=reason)
    checkpoint.mac = checkpoint_mac(checkpoint_fields(checkpoint.count, checkpoint.head_sha256,
                                                      checkpoint.at, checkpoint.reason))
    db.session.add(checkpoint)
    db.session.flush()
    db.session.info[_CHECKPOINT_AT] = checkpoint.at
    checkpoint_file.append_at_commit(db.session, checkpoint.id)
    return checkpoint


def _head() -> AuditEvent | None:
    """The chain's newest event, the chain locked: the one this transaction (or savepoint) recorded last, else read.
    An import records a thousand events in one transaction, and each read of the newest would also write the one
    before it first."""
    head = db.session.info.get(_HEAD)
    if head is not None:
        return head
    return db.session.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(1)).first()


@listens_for(Session, "after_transaction_end")
def _forget_head(session: Session, transaction: SessionTransaction) -> None:
    """However the transaction (or a savepoint) ended, the next event reads the newest event and checkpoint again:
    a commit released the chain lock, a rollback or a close took the event or checkpoint away."""
    if ended_in_database(transaction):
        session.info.pop(_HEAD, None)
        session.info.pop(_CHECKPOINT_AT, None)


def latest_checkpoint() -> Row | None:
    """The newest signed checkpoint, as its table's row (count, head_sha256, at, reason, mac): read without the ORM,
    as the log's verification reads it, so `audit verify` does not wait for the mappers to be configured (50 ms)."""
    checkpoints = AuditCheckpoint.__table__
    return db.session.execute(select(checkpoints).order_by(checkpoints.c.id.desc()).limit(1)).first()


def _checkpoint_due(now) -> bool:
    """Whether the event recorded `now` signs a checkpoint. The newest checkpoint is read once a transaction: the
    chain lock is held, so only this transaction's own checkpoints change it (an import records a thousand events,
    and each read would first write the event before)."""
    if _CHECKPOINT_AT not in db.session.info:
        last = latest_checkpoint()
        db.session.info[_CHECKPOINT_AT] = last.at if last else None
    last_at = db.session.info[_CHECKPOINT_AT]
    return last_at is None or now - last_at >= CHECKPOINT_INTERVAL


def _current_actor() -> User | None:
    try:
        return current_user if current_user.is_authenticated else None
    except (AttributeError, RuntimeError):  # outside a request: the CLI or a background job
        return None


def head_sha256() -> str:
    """The newest event's hash: the value a report quotes as the chain's head."""
    last = db.session.scalars(select(AuditEvent.sha256).order_by(AuditEvent.seq.desc()).limit(1)).first()
    return last or GENESIS_SHA256
