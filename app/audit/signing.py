"""Signatures under the audit key: what makes the log's hashes worthless to forge without it.

The key lives outside the database (RESBID_AUDIT_KEY or instance/audit_key), so whoever can write
the database can recompute plain SHA-256 hashes but can sign neither an event nor a checkpoint.
HMAC-SHA256 as specified in RFC 2104 and FIPS 198-1; each kind of signed text carries its own prefix,
so an event's signature can never pass for a checkpoint's.
"""
from __future__ import annotations

import hashlib
import hmac
import json
from datetime import datetime, timezone

from flask import current_app


def canonical_json(value) -> str:
    """Deterministic JSON: sorted keys, no spaces, UTF-8 kept; the form that gets hashed."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def _mac(text: str) -> str:
    key = current_app.config["RESBID_AUDIT_KEY"].encode("utf-8")
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).hexdigest()


def event_mac(sha256: str) -> str:
    """The signature of an event: its hash covers its fields and its predecessor, so this signs its place too."""
    return _mac("event:" + sha256)


def checkpoint_fields(count: int, head_sha256: str, at: datetime, reason: str) -> dict:
    """A checkpoint as signed, stored in the checkpoint file and printed in reports."""
    return {"count": count, "head_sha256": head_sha256, "reason": reason,
            "at": at.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")}


def checkpoint_mac(fields: dict) -> str:
    unsigned = {key: fields[key] for key in ("count", "head_sha256", "reason", "at")}
    return _mac("checkpoint:" + canonical_json(unsigned))


def is_signed(value: str | None, expected: str) -> bool:
    """Compare signatures in constant time."""
    return value is not None and hmac.compare_digest(value, expected)
