"""Verifying the audit log: the chain event by event, then every checkpoint, then the table's guards.

An event fails when it is out of sequence, does not link to its predecessor, does not match its hash
or lacks the signature only the audit key can make. A checkpoint (in the database or the checkpoint
file) fails when its signature is wrong or the chain no longer reaches the head it signed: that names
truncation and rollback to an older copy. A dropped, renamed or swapped table is named as such.
"""
from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError

from app.audit import catalog
from app.audit.actions import action_words
from app.audit.chain import GENESIS_SHA256, event_sha256
from app.audit.checkpoint_file import checkpoint_path, read_checkpoints
from app.audit.signing import checkpoint_fields, checkpoint_mac, event_mac, is_signed
from app.extensions import db
from app.models import AuditCheckpoint, AuditEvent
from app.presentation import UTC, count_text, time_text

log = logging.getLogger(__name__)
# The log is read as the tables' rows, which carry the columns under the models' names: verifying a long log makes
# no ORM objects, and the `audit verify` command does not wait for the mappers to be configured (50 ms of its start).
EVENTS, CHECKPOINTS = AuditEvent.__table__, AuditCheckpoint.__table__

AUDIT_TABLES = ("audit_event", "audit_checkpoint")
# The append-only guards the migrations create, per engine (0002 and 0008).
GUARDS = {
    "sqlite": {table: {f"{table}_no_update", f"{table}_no_delete", f"{table}_no_replace"} for table in AUDIT_TABLES},
    "postgresql": {table: {f"{table}_no_update_or_delete", f"{table}_no_truncate"} for table in AUDIT_TABLES},
}
CHECKPOINT_KEYS = ("count", "head_sha256", "reason", "at", "mac")
# The words people read for each table and each kind of checkpoint (the messages name no table or file).
# They are in the reader's language: the auditor's page's, English for the command line (no request, no locale).
TABLE_WORDS = {"audit_event": _l("the table of audit events"),
               "audit_checkpoint": _l("the table of signed checkpoints")}
REASON_WORDS = {"daily": _l("as the daily checkpoint"), "manual": _l("on request")}


class NeverSetUp(Exception):
    """The database holds no table at all and the checkpoint file no checkpoint: no log was ever kept there, so
    none can have been removed (the command line says to set the database up). Audit tables gone from a database
    that holds others, or with checkpoints on file, were dropped: that is reported as tampering."""


@dataclass(frozen=True)
class ChainCheck:
    """Outcome of verifying the log: the verified length and head, and every kind of problem found, first first."""

    is_intact: bool
    count: int
    head_sha256: str
    problems: tuple[str, ...] = ()

    @property
    def problem(self) -> str:
        return "; ".join(self.problems)


@dataclass
class _Checkpoint:
    where: str
    fields: dict | None


@dataclass
class _Walk:
    count: int = 0
    head: str = GENESIS_SHA256
    problem: str = ""
    reached: dict[int, str] = field(default_factory=dict)


def verify_chain() -> ChainCheck:
    """Check the whole log; the result names the first failing event, the first failing checkpoint, lost guards."""
    tables = catalog.table_names()
    if not tables and not read_checkpoints(checkpoint_path()):
        raise NeverSetUp()
    missing = [table for table in AUDIT_TABLES if table not in tables]
    if missing:
        return ChainCheck(False, 0, GENESIS_SHA256, tuple(
            _("%(table)s is missing: it was dropped or renamed", table=TABLE_WORDS[table]) for table in missing))
    guards = _guard_problems()
    try:
        checkpoints = _checkpoints()
        walk = _walk({fields["count"] for fields in (c.fields for c in checkpoints) if _is_whole(fields)})
        last_seq = db.session.scalar(select(func.max(EVENTS.c.seq))) or 0
    except DBAPIError as error:
        db.session.rollback()
        log.warning("audit tables unreadable: %s", str(error.orig).splitlines()[0])
        return ChainCheck(False, 0, GENESIS_SHA256, (_("the audit tables cannot be read as the application wrote "
                                                       "them: they were altered or replaced"), *guards))
    problems = [walk.problem] if walk.problem else []
    problems += _checkpoint_problems(checkpoints, walk, last_seq)
    problems += guards
    return ChainCheck(not problems, walk.count, walk.head, tuple(problems))


def _walk(needed: set[int]) -> _Walk:
    """Follow the chain in order up to the first event that does not fit, noting the hashes checkpoints name."""
    walk = _Walk()
    walk.reached[0] = GENESIS_SHA256
    for event in db.session.execute(select(EVENTS).order_by(EVENTS.c.seq)).yield_per(1000):
        if event.seq != walk.count + 1:
            walk.problem = _("%(place)s: %(problem)s", place=_place(event),
                             problem=_missing(walk.count + 1, event.seq - 1))
        elif event.prev_sha256 != walk.head:
            walk.problem = _("%(place)s: it does not follow on from the event before it: events were removed, "
                             "inserted or reordered", place=_place(event))
        elif event_sha256(event) != event.sha256:
            walk.problem = _("%(place)s: its contents were changed after it was recorded", place=_place(event))
        elif event.mac is None:
            walk.problem = _("%(place)s: it is not signed: it was written into the database, not by the application",
                             place=_place(event))
        elif not is_signed(event.mac, event_mac(event.sha256)):
            walk.problem = _("%(place)s: its signature does not match: it was rewritten or forged by someone without "
                             "the audit key", place=_place(event))
        if walk.problem:
            return walk
        walk.count, walk.head = event.seq, event.sha256
        if event.seq in needed:
            walk.reached[event.seq] = event.sha256
    return walk


def _place(event) -> str:
    """Where the chain breaks, as the auditor reads it: written only for the failing event (for every event, it was
    most of a long log's verification)."""
    return _("event %(number)s (%(action)s, recorded %(time)s)", number=event.seq, action=action_words(event.action),
             time=time_text(event.at, UTC, seconds=True))


def _checkpoints() -> list[_Checkpoint]:
    """The database's checkpoints, then the file's."""
    path = checkpoint_path()
    stored = db.session.execute(select(CHECKPOINTS).order_by(CHECKPOINTS.c.id)).all()
    found = [_Checkpoint(_("checkpoint %(number)s in the database", number=row.id),
                         {**checkpoint_fields(row.count, row.head_sha256, row.at, row.reason), "mac": row.mac})
             for row in stored]
    found += [_Checkpoint(_("checkpoint %(number)s in the checkpoint file", number=line.line_no), line.fields)
              for line in read_checkpoints(path)]
    return found


def _checkpoint_problems(checkpoints: list[_Checkpoint], walk: _Walk, last_seq: int) -> list[str]:
    """The first failing checkpoint (the one covering the fewest events), and how many more fail."""
    failures = defaultdict(list)
    for checkpoint in checkpoints:
        problem = _checkpoint_problem(checkpoint, walk, last_seq)
        if problem:
            count = checkpoint.fields.get("count") if _is_whole(checkpoint.fields) else -1
            failures[count].append(problem)
    if not failures:
        if checkpoints and not checkpoint_path().exists():
            return [_("the checkpoint file is missing: a log cut short or an older copy of the database cannot be "
                      "ruled out")]
        return []
    ordered = [problem for count in sorted(failures) for problem in failures[count]]
    others = len(ordered) - 1
    if not others:
        return [ordered[0]]
    return [ngettext("%(problem)s (and %(count)s more checkpoint that fails)",
                     "%(problem)s (and %(count)s more checkpoints that fail)", others, problem=ordered[0],
                     count=count_text(others))]


def _checkpoint_problem(checkpoint: _Checkpoint, walk: _Walk, last_seq: int) -> str:
    fields = checkpoint.fields
    if not _is_whole(fields):
        return _("%(place)s: it is not a checkpoint", place=checkpoint.where)
    count = fields["count"]
    reason = REASON_WORDS.get(fields["reason"], fields["reason"])
    name = ngettext("%(place)s (signed %(time)s %(reason)s, over %(count)s event)",
                    "%(place)s (signed %(time)s %(reason)s, over %(count)s events)", count, place=checkpoint.where,
                    time=_checkpoint_time(fields["at"]), reason=reason, count=count_text(count))
    if not is_signed(fields["mac"], checkpoint_mac(fields)):
        return _("%(place)s: its signature does not match: it was forged or altered by someone without the audit "
                 "key", place=name)
    if count > last_seq:
        return _("%(place)s: the log now ends at event %(last)s: events were cut from its end, or an older copy of "
                 "the database was restored", place=name, last=last_seq)
    if count in walk.reached and walk.reached[count] != fields["head_sha256"]:
        return _("%(place)s: event %(number)s is not the event it signed: the log was rewritten", place=name,
                 number=count)
    return ""


def _is_whole(fields: dict | None) -> bool:
    return (fields is not None and all(key in fields for key in CHECKPOINT_KEYS)
            and isinstance(fields["count"], int) and all(isinstance(fields[key], str) for key in CHECKPOINT_KEYS[1:]))


def _guard_problems() -> list[str]:
    """Triggers missing or disabled: the table was swapped for a copy, or someone switched its guards off."""
    rows = catalog.enabled_triggers(AUDIT_TABLES)
    present = defaultdict(set)
    for table, name in rows:
        present[table].add(name)
    return [_("%(table)s has lost its guards against change and deletion: it was replaced by a copy, or its guards "
              "were removed or switched off", table=TABLE_WORDS[table])
            for table, expected in GUARDS[catalog.dialect()].items() if expected - present[table]]


def _missing(first: int, last: int) -> str:
    if first == last:
        return _("event %(number)s is missing: it was deleted", number=first)
    if last < first:
        return _("it is numbered out of order: events were reordered")
    return _("events %(first)s to %(last)s are missing: they were deleted", first=first, last=last)


def _checkpoint_time(at: str) -> str:
    """A checkpoint's signing time ("2030-01-01T00:00:00Z") as people read it; a mangled one as it stands."""
    try:
        return time_text(datetime.fromisoformat(at.replace("Z", "+00:00")), UTC, seconds=True)
    except ValueError:
        return at
