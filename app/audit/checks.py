"""Checks of the whole log, recorded in the log itself, so the audit page need not walk the chain at every view.

Verifying the chain costs about 40 microseconds an event (its canonical JSON, SHA-256 and HMAC): 4 s a view for
100,000 events. So the log is checked on request (the audit page's button) and with the daily checkpoint
(`flask audit checkpoint`, run from cron), and each check is recorded as an event of its own: signed and chained
like every other, so a forged or altered record of a check fails its own verification, and the next check names
it. The page shows the newest check, when it was made and how many events came after it. A check that found the
log broken, or a record of one that does not verify, makes the page verify the whole chain again, so its
problems are named in the reader's language; a verdict is never taken from an untrusted record.
"""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import Row, func, select
from sqlalchemy.exc import DBAPIError

from app.audit.chain import event_sha256, latest_checkpoint, record
from app.audit.signing import event_mac, is_signed
from app.audit.verification import EVENTS, ChainCheck, verify_chain
from app.extensions import db
from app.presentation import count_text

log = logging.getLogger(__name__)
CHECKED = "audit.check"  # the action of a check's record
OBJECT = "audit_log"  # what a check concerns: the whole log


@dataclass(frozen=True)
class LastCheck:
    """The newest recorded check: when, over how many events, to which head, and its verdict."""

    seq: int  # the check's own event
    at: datetime
    count: int
    head_sha256: str
    is_intact: bool


@dataclass(frozen=True)
class LogStatus:
    """What the audit page says about the whole log: the last check, or (see the module) a verification made now."""

    last: LastCheck | None
    verified_now: ChainCheck | None
    newer: int  # events recorded after the last check's own
    checkpoint: Row | None  # the newest signed checkpoint (count, head_sha256, at, reason, mac)


def check_log() -> ChainCheck:
    """Verify the whole log and record the outcome as an event (the caller commits); a log whose tables cannot be
    written (dropped or replaced, as the check says) keeps no record of it."""
    check = verify_chain()
    try:
        record(CHECKED, object_type=OBJECT, details={
            "count": check.count, "head_sha256": check.head_sha256, "intact": check.is_intact})
        db.session.flush()
    except DBAPIError as error:
        db.session.rollback()
        log.warning("the check of the audit log could not be recorded: %s", str(error.orig).splitlines()[0])
    return check


def log_status() -> LogStatus:
    """The newest check when it is trustworthy and found the log intact; otherwise a verification made now."""
    try:
        last, newest = _last_check(), db.session.scalar(select(func.max(EVENTS.c.seq))) or 0
        checkpoint = latest_checkpoint()
    except DBAPIError as error:  # a dropped or replaced table: the verification names it
        db.session.rollback()
        log.warning("audit tables unreadable: %s", str(error.orig).splitlines()[0])
        return LogStatus(None, verify_chain(), 0, None)
    if last is not None and not last.is_intact:
        return LogStatus(None, verify_chain(), 0, checkpoint)
    return LogStatus(last, None, newest - last.seq if last else 0, checkpoint)


def _last_check() -> LastCheck | None:
    """The newest check's record (None: the log was never checked). A record that does not verify (altered, or
    written into the database by someone without the audit key) counts as a check that found the log broken."""
    event = db.session.execute(select(EVENTS).where(EVENTS.c.action == CHECKED)
                               .order_by(EVENTS.c.seq.desc()).limit(1)).first()
    if event is None:
        return None
    if event.mac is None or event_sha256(event) != event.sha256 or not is_signed(event.mac, event_mac(event.sha256)):
        return LastCheck(event.seq, event.at, 0, "", is_intact=False)
    details = json.loads(event.details)
    return LastCheck(event.seq, event.at, details["count"], details["head_sha256"], details["intact"] is True)


def check_words(details: str) -> str:
    """What a check's record found, as the audit page's list of events says it."""
    found = json.loads(details)
    if found.get("intact") is True:
        return ngettext("the whole log: %(count)s event, intact", "the whole log: %(count)s events, intact",
                        found["count"], count=count_text(found["count"]))
    if not found.get("count"):
        return _("the whole log: tampered with from its first event")
    return ngettext("the whole log: tampered with after its first event", "the whole log: tampered with after its "
                    "first %(count)s events", found["count"], count=count_text(found["count"]))
