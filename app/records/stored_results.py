"""A tender's evaluation, computed once per version of its inputs and read from storage afterwards.

An evaluation (scores, ranking, flags, sensitivity) is a pure function of the tender's definition, its live
bids, the committee's scores and the recorded decisions. Every change to any of those writes an audit event
naming the tender in the same transaction (docs/architecture.md), and the tender's row carries a version, so
the last such event, the row version and a fingerprint of the scoring library's code and reference data name
one set of inputs. The first read after a change evaluates and stores the result under that name; every
other read of the same version, in any worker, decodes the stored row (or finds it already decoded in this
worker's memory). A finalised tender reads the row stored at finalisation, whatever was recorded later.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import OperationalError

import scoring
from app.audit.chain import canonical_json
from app.clock import utcnow
from app.extensions import db, write_lock_wanted
from app.models import AuditEvent, EvaluationRecord, Tender
from app.models.tender import FINALISED
from app.records.evaluation import scoring_inputs
from app.records.memo import app_memo
from scoring import analyse_sensitivity, evaluate
from scoring.result import EvaluationResult
from scoring.sensitivity import SensitivityReport

# Audit events that record copies being made of the record (renders, exports, downloads), not changes to it.
COPY_ACTIONS = ("report.render", "debrief.render", "tender.export", "bid.download")
DECODED_KEPT = 8  # decoded evaluations each worker keeps (a 500-bid one is a few MB)


@dataclass(frozen=True)
class Evaluation:
    """One version's result and sensitivity analysis, and the SHA-256 that identifies the result."""

    result: EvaluationResult
    sensitivity: SensitivityReport
    result_sha256: str


def result_sha256(result: EvaluationResult) -> str:
    """The hash that identifies a result: SHA-256 of its canonical JSON (the audit log records it at finalisation)."""
    return hashlib.sha256(_result_json(result).encode("utf-8")).hexdigest()


def evaluation_of(tender: Tender) -> Evaluation:
    """The tender's evaluation (callers check that its bids are open to the caller).

    Raises scoring.InvalidInput, as scoring.evaluate does, when recorded decisions keep it from running."""
    final = tender.status == FINALISED
    key = "final" if final else inputs_key(tender)
    decoded = app_memo("resbid.evaluations", DECODED_KEPT)
    found = decoded.get((tender.id, key))
    if found is not None:
        return found
    row = _stored(tender.id, key)
    if row is None and final:
        row = _stored(tender.id, inputs_key(tender))  # finalised before results were stored
    evaluation = _decoded(*row) if row is not None else _computed(tender, inputs_key(tender) if final else key)
    decoded.put((tender.id, key), evaluation)
    return evaluation


def fresh_evaluation(tender: Tender) -> Evaluation:
    """Evaluate from the stored rows, not from storage (finalisation fixes the result it computes itself)."""
    definition, bids = scoring_inputs(tender)
    result = evaluate(definition, bids)
    return Evaluation(result, analyse_sensitivity(definition, result), result_sha256(result))


def store_final(tender: Tender, evaluation: Evaluation) -> None:
    """Store the tender's final result in the caller's transaction (finalisation)."""
    db.session.add(EvaluationRecord(tender_id=tender.id, inputs_key=f"final-{utcnow().isoformat()}", is_final=True,
                                    **_columns(evaluation)))


def inputs_key(tender: Tender) -> str:
    """The name of the version of the tender's evaluation inputs, read in one statement."""
    last = db.session.scalar(select(func.max(AuditEvent.seq)).where(
        AuditEvent.tender_id == tender.id, AuditEvent.action.not_in(COPY_ACTIONS))) or 0
    name = f"{tender.id}:{tender.version}:{last}:{_engine_fingerprint()}"
    return hashlib.sha256(name.encode("utf-8")).hexdigest()


@cache
def _engine_fingerprint() -> str:
    """SHA-256 of the scoring library's code and reference data: a new release evaluates stored tenders again."""
    digest = hashlib.sha256()
    root = Path(scoring.__file__).parent
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.suffix in {".py", ".csv", ".json", ".yaml"}:
            digest.update(path.relative_to(root).as_posix().encode("utf-8"))
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _stored(tender_id: int, key: str) -> tuple[str, str, str | None] | None:
    query = select(EvaluationRecord.result, EvaluationRecord.result_sha256, EvaluationRecord.sensitivity).where(
        EvaluationRecord.tender_id == tender_id)
    query = query.where(EvaluationRecord.is_final) if key == "final" else query.where(
        EvaluationRecord.inputs_key == key)
    row = db.session.execute(query.order_by(EvaluationRecord.id.desc()).limit(1)).first()
    return tuple(row) if row is not None else None


def _decoded(result: str, sha256: str, sensitivity: str) -> Evaluation:
    return Evaluation(EvaluationResult.from_dict(json.loads(result)),
                      SensitivityReport.from_dict(json.loads(sensitivity)), sha256)


def _computed(tender: Tender, key: str) -> Evaluation:
    """Evaluate and store the result under `key`.

    A request that writes stores it in its own transaction; a read-only one in a short transaction of its own,
    so that on SQLite it never has to upgrade its snapshot to a write. Two requests computing the same version
    at once store it once; if the database is too busy to store it now, the next read computes it again."""
    evaluation = fresh_evaluation(tender)
    row = {"tender_id": tender.id, "inputs_key": key, "is_final": False, "created_at": utcnow(),
           **_columns(evaluation)}
    insert = (postgresql_insert if db.engine.dialect.name == "postgresql" else sqlite_insert)(
        EvaluationRecord.__table__).values(row).on_conflict_do_nothing()
    if write_lock_wanted():
        db.session.execute(insert)
        return evaluation
    try:
        with db.engine.begin() as connection:
            connection.execute(insert)
    except OperationalError as error:
        current_app.logger.warning("evaluation of tender %s not stored: %s", tender.id, error)
    return evaluation


def _columns(evaluation: Evaluation) -> dict:
    return {"result": _result_json(evaluation.result), "result_sha256": evaluation.result_sha256,
            "sensitivity": json.dumps(evaluation.sensitivity.to_dict(), ensure_ascii=False)}


def _result_json(result: EvaluationResult) -> str:
    return canonical_json(result.to_dict())
