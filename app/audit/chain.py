"""Writing and verifying the hash-chained audit log.

Each event's SHA-256 covers the canonical JSON of its fields plus the previous event's hash,
so changing, deleting, reordering or inserting any event breaks the chain from that point on.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from flask_login import current_user
from sqlalchemy import select

from app.clock import utcnow
from app.extensions import db
from app.models import AuditEvent, User
from app.transactions import lock_chain

GENESIS_SHA256 = "0" * 64


def canonical_json(value) -> str:
    """Deterministic JSON: sorted keys, no spaces, UTF-8 kept; the form that gets hashed."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


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
    if not by_system and actor is None:
        actor = _current_actor()
    lock_chain()
    last = db.session.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(1)).first()
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
    db.session.add(event)
    db.session.flush()
    return event


def _current_actor() -> User | None:
    try:
        return current_user if current_user.is_authenticated else None
    except (AttributeError, RuntimeError):  # outside a request: the CLI or a background job
        return None


@dataclass(frozen=True)
class ChainCheck:
    """Outcome of verifying the chain: the head hash when intact, the first broken event otherwise."""

    is_intact: bool
    count: int
    head_sha256: str
    problem: str = ""


def verify_chain() -> ChainCheck:
    """Walk the whole log in order and report the first event that does not fit."""
    prev = GENESIS_SHA256
    expected_seq = 1
    count = 0
    for event in db.session.scalars(select(AuditEvent).order_by(AuditEvent.seq)).yield_per(1000):
        place = f"event seq {event.seq} (id {event.id}, {event.action})"
        if event.seq != expected_seq:
            return ChainCheck(False, count, prev, f"{place}: expected seq {expected_seq}; an event is missing")
        if event.prev_sha256 != prev:
            return ChainCheck(False, count, prev, f"{place}: does not link to the previous event's hash")
        if event_sha256(event) != event.sha256:
            return ChainCheck(False, count, prev, f"{place}: its hash does not match its contents")
        prev = event.sha256
        expected_seq += 1
        count += 1
    return ChainCheck(True, count, prev)


def head_sha256() -> str:
    """The newest event's hash: the value a report quotes as the chain's head."""
    last = db.session.scalars(select(AuditEvent.sha256).order_by(AuditEvent.seq.desc()).limit(1)).first()
    return last or GENESIS_SHA256
