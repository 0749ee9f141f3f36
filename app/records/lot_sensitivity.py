"""The sensitivity analysis of each lot of a tender divided into lots (Directive 2014/24/EU Art. 46), stored beside
the lots evaluation.

As for a tender without lots (app/records/stored_results.py), the analysis (thousands of random weightings per lot)
is a background job on the PostgreSQL queue: the results page shows a lot's ranking at once and its sensitivity once
the job has stored it. With in-process jobs (SQLite), in a request that writes, or when asked for (reports), it is
computed here and stored. Every lot's report is stored in one column of the lots evaluation's row, as a JSON object
by lot number, so a lots evaluation has its analysis under the same inputs key as its result.
"""
from __future__ import annotations

import json

from flask import current_app
from sqlalchemy import update
from sqlalchemy.exc import OperationalError

from app.extensions import db, write_lock_wanted
from app.jobs import enqueue, task, uses_queue
from app.models import EvaluationRecord, Tender
from app.records.definition import scoring_tender
from app.records.memo import app_memo
from app.records.stored_results import DECODED_KEPT, _key, _stored, _stored_under, _unpooled, _where
from scoring.lot_evaluation import LotsEvaluation, analyse_lot_sensitivity
from scoring.sensitivity import SensitivityReport

TASK = "evaluation.lot_sensitivity"

LotSensitivities = dict[int, SensitivityReport]


def lot_sensitivities_of(tender: Tender, evaluation: LotsEvaluation, complete: bool = False
                         ) -> tuple[str, LotSensitivities | None]:
    """The name the tender's lots evaluation is stored under, and each lot's sensitivity analysis by lot number
    (None while the background job has not stored it); `complete`: computed here if not stored yet.

    `evaluation` is app.records.stored_results.lots_evaluation_of(tender), which stored the row first."""
    key = _key(tender)
    decoded = app_memo("resbid.evaluations", DECODED_KEPT)
    found = decoded.get((tender.id, key, "lots-sensitivity"))
    if found is not None:
        return key, found
    key, row = _stored_under(tender, key)
    if row is not None and row[2]:
        found = _decoded(row[2])
    elif complete or write_lock_wanted() or not uses_queue(current_app):
        found = analyse_lot_sensitivity(scoring_tender(tender), evaluation)
        if row is not None:
            _store(tender.id, key, found)
    else:
        enqueue(TASK, tender_id=tender.id, key=key)  # a job still waiting is not queued twice (app/jobs/queue.py)
        return key, None
    decoded.put((tender.id, key, "lots-sensitivity"), found)
    return key, found


@task(TASK)
def store_lot_sensitivity(tender_id: int, key: str) -> None:
    """The background job: every lot's sensitivity analysis of the lots evaluation stored under `key`."""
    row = _stored(tender_id, key)
    if row is None or row[2] is not None:
        return
    evaluation = LotsEvaluation.from_dict(json.loads(row[0]))
    sensitivities = analyse_lot_sensitivity(scoring_tender(db.session.get(Tender, tender_id)), evaluation)
    db.session.execute(_update(tender_id, key, sensitivities))
    db.session.commit()


def _store(tender_id: int, key: str, sensitivities: LotSensitivities) -> None:
    """Store the analysis beside its result: in the request's transaction when it writes, else in a short one of its
    own outside the pool (as app.records.stored_results._store does); a database too busy now leaves it for the
    next read."""
    statement = _update(tender_id, key, sensitivities)
    if write_lock_wanted():
        db.session.execute(statement)
        return
    try:
        with _unpooled().begin() as connection:
            connection.execute(statement)
    except OperationalError as error:
        current_app.logger.warning("lot sensitivity of tender %s not stored: %s", tender_id, error)


def _update(tender_id: int, key: str, sensitivities: LotSensitivities):
    text = json.dumps({str(number): report.to_dict() for number, report in sensitivities.items()}, ensure_ascii=False)
    return (update(EvaluationRecord).where(*_where(tender_id, key), EvaluationRecord.sensitivity.is_(None))
            .values(sensitivity=text))


def _decoded(text: str) -> LotSensitivities:
    return {int(number): SensitivityReport.from_dict(report) for number, report in json.loads(text).items()}
