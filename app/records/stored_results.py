"""A tender's evaluation, computed once per version of its inputs and read from storage afterwards.

An evaluation (scores, ranking, flags, sensitivity) is a pure function of the tender's definition, its live
bids, the committee's scores and the recorded decisions. Every change to any of those writes an audit event
naming the tender in the same transaction (docs/architecture.md), and the tender's row carries a version, so
the last such event, the row version and a fingerprint of the scoring library's code and reference data name
one set of inputs. The first read after a change evaluates and stores the result under that name; every
other read of the same version, in any worker, decodes the stored row (or finds it already decoded in this
worker's memory). A finalised tender reads the row stored at finalisation, whatever was recorded later.

The sensitivity analysis (thousands of random weightings) is a background job on the PostgreSQL queue: a page shows
the result at once and the analysis once the job has stored it. With in-process jobs (SQLite) it is computed with
the result, as is any evaluation a writing request makes (its row is not committed before the job might run).
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

from flask import current_app, url_for
from flask_babel import gettext
from sqlalchemy import Engine, Select, create_engine, literal, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import NullPool

import scoring
from app.audit.actions import UNDER_CONTRACT
from app.audit.chain import canonical_json
from app.clock import utcnow
from app.errors import NotYet
from app.extensions import configure_transactions, db, write_lock_wanted
from app.jobs import enqueue, task, uses_queue
from app.models import AuditEvent, EvaluationRecord, Tender
from app.models.tender import FINALISED
from app.records.definition import scoring_tender
from app.records.evaluation import scoring_inputs
from app.records.lot_bids import scoring_lot_inputs
from app.records.memo import app_memo
from scoring import analyse_sensitivity, evaluate
from scoring.lot_evaluation import LotsEvaluation, evaluate_lots
from scoring.result import EvaluationResult
from scoring.sensitivity import SensitivityReport

# Audit events that change no evaluation input: copies being made of the record (renders, exports, downloads), and
# what is recorded under the contract after the award.
NOT_INPUTS = ("report.render", "debrief.render", "bundle.render", "tender.export", "bid.download",
              "bid.document_download", "verification.document_download", *UNDER_CONTRACT)
DECODED_KEPT = 8  # decoded evaluations each worker keeps (a 500-bid one is a few MB)


@dataclass(frozen=True)
class Evaluation:
    """One version's result and sensitivity analysis, and the SHA-256 that identifies the result."""

    result: EvaluationResult
    sensitivity: SensitivityReport | None  # None until the background job has stored it
    result_sha256: str
    # The name of the version it is stored under ("final" once finalised), None when fresh: where it is, not what.
    stored_as: str | None = field(default=None, compare=False)


def result_sha256(result: EvaluationResult) -> str:
    """The hash that identifies a result: SHA-256 of its canonical JSON (the audit log records it at finalisation)."""
    return hashlib.sha256(_result_json(result).encode("utf-8")).hexdigest()


def evaluation_of(tender: Tender, complete: bool = False) -> Evaluation:
    """The tender's evaluation (callers check that its bids are open to the caller); `complete`: with its
    sensitivity analysis even before the background job has stored it (reports).

    Raises scoring.InvalidInput, as scoring.evaluate does, when recorded decisions keep it from running, and NotYet
    for a tender divided into lots, whose results are per lot (lots_evaluation_of)."""
    _refuse_lots(tender)
    key = _key(tender)
    decoded = app_memo("resbid.evaluations", DECODED_KEPT)
    evaluation = decoded.get((tender.id, key))
    if evaluation is None:
        key, row = _stored_under(tender, key)
        evaluation = _decoded(*row) if row is not None else _computed(tender, key, complete)
    if evaluation.sensitivity is None:
        evaluation = _with_sensitivity(tender, key, evaluation, complete)
    if evaluation.stored_as != key:
        evaluation = replace(evaluation, stored_as=key)
    decoded.put((tender.id, key), evaluation)
    return evaluation


@task("evaluation.sensitivity")
def store_sensitivity(tender_id: int, key: str) -> None:
    """The background job: the sensitivity analysis of the result stored under `key`, stored beside it."""
    row = _stored(tender_id, key)
    if row is None or row[2] is not None:
        return
    result = EvaluationResult.from_dict(json.loads(row[0]))
    sensitivity = analyse_sensitivity(scoring_tender(db.session.get(Tender, tender_id)), result)
    db.session.execute(update(EvaluationRecord).where(*_where(tender_id, key), EvaluationRecord.sensitivity.is_(None))
                       .values(sensitivity=_sensitivity_json(sensitivity)))
    db.session.commit()


def lots_evaluation_of(tender: Tender) -> LotsEvaluation:
    """The evaluation of a tender divided into lots (Directive 2014/24/EU Art. 46): each lot's result and the award
    across lots, stored under the same inputs key as a one-lot result (callers check that its bids are open to the
    caller). Raises scoring.InvalidInput when recorded decisions keep it from running."""
    key = _key(tender)
    decoded = app_memo("resbid.evaluations", DECODED_KEPT)
    evaluation = decoded.get((tender.id, key, "lots"))
    if evaluation is None:
        key, row = _stored_under(tender, key)
        if row is not None:
            evaluation = LotsEvaluation.from_dict(json.loads(row[0]))
        else:
            evaluation = evaluate_lots(*scoring_lot_inputs(tender))
            _store(tender, key, _lots_columns(evaluation))
        decoded.put((tender.id, key, "lots"), evaluation)
    return evaluation


def fresh_lots_evaluation(tender: Tender) -> LotsEvaluation:
    """Evaluate every lot and the award from the stored rows, not from storage (finalisation fixes what it computes
    itself)."""
    return evaluate_lots(*scoring_lot_inputs(tender))


def store_final_lots(tender: Tender, evaluation: LotsEvaluation) -> str:
    """Store the final evaluation of a tender in lots (every lot's result and the award) in the caller's
    transaction, as store_final does a one-lot result; return the SHA-256 of its canonical JSON, which identifies
    it as result_sha256 does a one-lot result."""
    columns = _lots_columns(evaluation)
    db.session.add(EvaluationRecord(tender_id=tender.id, inputs_key=f"final-{utcnow().isoformat()}", is_final=True,
                                    **columns))
    return columns["result_sha256"]


def fresh_evaluation(tender: Tender, sensitivity: bool = True) -> Evaluation:
    """Evaluate from the stored rows, not from storage (finalisation fixes the result it computes itself)."""
    _refuse_lots(tender)
    definition, bids = scoring_inputs(tender)
    result = evaluate(definition, bids)
    return Evaluation(result, analyse_sensitivity(definition, result) if sensitivity else None, result_sha256(result))


def store_final(tender: Tender, evaluation: Evaluation) -> None:
    """Store the tender's final result in the caller's transaction (finalisation)."""
    db.session.add(EvaluationRecord(tender_id=tender.id, inputs_key=f"final-{utcnow().isoformat()}", is_final=True,
                                    **_columns(evaluation)))


def _key(tender: Tender) -> str:
    """The name the tender's evaluation is looked up under: "final" once finalised, else its inputs' version."""
    return "final" if tender.status == FINALISED else inputs_key(tender)


def _stored_under(tender: Tender, key: str) -> tuple[str, tuple | None]:
    """The stored row of `key`, if any, and the name it is stored under: a tender finalised before results were
    stored has the row of its inputs' version."""
    row = _stored(tender.id, key)
    if row is None and key == "final":
        key = inputs_key(tender)
        row = _stored(tender.id, key)
    return key, row


def _refuse_lots(tender: Tender) -> None:
    """A tender divided into lots has a result per lot (lots_evaluation_of), not one result: every page reads that;
    a way in that still asks for one result is sent to the award page, which shows each lot's."""
    if tender.lot_rules is not None:
        raise NotYet(gettext("This tender is divided into lots: each lot has its own results, and the award page "
                             "shows each lot's winner and the award across lots."),
                     gettext("Open the award"), url_for("evaluation.award", tender_id=tender.id))


def inputs_key(tender: Tender) -> str:
    """The name of the version of the tender's evaluation inputs, read in one statement."""
    name = f"{tender.id}:{tender.version}:{last_change(tender.id, NOT_INPUTS)}:{_engine_fingerprint()}"
    return hashlib.sha256(name.encode("utf-8")).hexdigest()


def last_change(tender_id: int, ignoring: tuple[str, ...]) -> int:
    """The sequence number of the tender's last audit event but those `ignoring`, 0 if none."""
    return db.session.scalar(last_change_query(tender_id, ignoring)) or 0


def last_change_query(tender_id: int, ignoring: tuple[str, ...]) -> Select:
    """The query of last_change, to read beside other values in one statement.

    Read as the newest matching row of the tender's index (events are appended in sequence order), so it costs
    the same whatever the number of events, where max(seq) would read every event of the tender. The actions
    ignored are one parameter each: a list given as one parameter would be written into the SQL afresh at every
    execution."""
    ignored = [literal(action) for action in ignoring]
    return (select(AuditEvent.seq).where(AuditEvent.tender_id == tender_id, AuditEvent.action.not_in(ignored))
            .order_by(AuditEvent.id.desc()).limit(1))


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


def _where(tender_id: int, key: str) -> tuple:
    """The row of `key`: the final row for "final", else the row stored under that name."""
    return (EvaluationRecord.tender_id == tender_id,
            EvaluationRecord.is_final if key == "final" else EvaluationRecord.inputs_key == key)


def _stored(tender_id: int, key: str) -> tuple[str, str, str | None] | None:
    query = select(EvaluationRecord.result, EvaluationRecord.result_sha256, EvaluationRecord.sensitivity).where(
        *_where(tender_id, key))
    row = db.session.execute(query.order_by(EvaluationRecord.id.desc()).limit(1)).first()
    return tuple(row) if row is not None else None


def _decoded(result: str, sha256: str, sensitivity: str | None) -> Evaluation:
    return Evaluation(EvaluationResult.from_dict(json.loads(result)),
                      SensitivityReport.from_dict(json.loads(sensitivity)) if sensitivity else None, sha256)


def _with_sensitivity(tender: Tender, key: str, evaluation: Evaluation, compute: bool) -> Evaluation:
    """The evaluation with the sensitivity analysis the job stored since, or computed here when asked to."""
    stored = db.session.scalar(select(EvaluationRecord.sensitivity).where(*_where(tender.id, key)))
    if stored:
        return replace(evaluation, sensitivity=SensitivityReport.from_dict(json.loads(stored)))
    if compute:
        return replace(evaluation, sensitivity=analyse_sensitivity(scoring_tender(tender), evaluation.result))
    return evaluation


def _computed(tender: Tender, key: str, complete: bool) -> Evaluation:
    """Evaluate and store the result under `key` (see _store)."""
    evaluation = fresh_evaluation(tender, sensitivity=complete or write_lock_wanted() or not uses_queue(current_app))
    if _store(tender, key, _columns(evaluation)) and evaluation.sensitivity is None:
        enqueue("evaluation.sensitivity", tender_id=tender.id, key=key)
    return evaluation


def _store(tender: Tender, key: str, columns: dict) -> bool:
    """Store an evaluation's columns under `key`; whether a read-only request stored it in a transaction of its own.

    A request that writes stores it in its own transaction; a read-only one, which commits nothing, in a short
    transaction of its own, committed at once, on a connection opened for it outside the
    pool (a request holding a pooled connection must never wait for another: twenty requests would wait on each
    other). Two requests computing the same version at once store it once; if the database is too busy to store
    it now, the next read computes it again."""
    row = {"tender_id": tender.id, "inputs_key": key, "is_final": False, "created_at": utcnow(), **columns}
    insert = (postgresql_insert if db.engine.dialect.name == "postgresql" else sqlite_insert)(
        EvaluationRecord.__table__).values(row).on_conflict_do_nothing()
    if write_lock_wanted():
        db.session.execute(insert)
        return False
    try:
        with _unpooled().begin() as connection:
            connection.execute(insert)
    except OperationalError as error:
        current_app.logger.warning("evaluation of tender %s not stored: %s", tender.id, error)
        return False
    return True


def _unpooled() -> Engine:
    """The app's database without a pool: each connection is opened for one transaction and closed after it."""
    engine = current_app.extensions.get("resbid.unpooled_engine")
    if engine is None:
        engine = create_engine(db.engine.url, poolclass=NullPool)
        configure_transactions(engine)
        current_app.extensions["resbid.unpooled_engine"] = engine
    return engine


def _lots_columns(evaluation: LotsEvaluation) -> dict:
    text = canonical_json(evaluation.to_dict())
    return {"result": text, "sensitivity": None, "result_sha256": hashlib.sha256(text.encode("utf-8")).hexdigest()}


def _columns(evaluation: Evaluation) -> dict:
    return {"result": _result_json(evaluation.result), "result_sha256": evaluation.result_sha256,
            "sensitivity": _sensitivity_json(evaluation.sensitivity) if evaluation.sensitivity else None}


def _sensitivity_json(sensitivity: SensitivityReport) -> str:
    return json.dumps(sensitivity.to_dict(), ensure_ascii=False)


def _result_json(result: EvaluationResult) -> str:
    return canonical_json(result.to_dict())
