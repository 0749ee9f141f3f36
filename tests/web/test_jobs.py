"""Background jobs (app/jobs): a thread of the web process on SQLite; PostgreSQL's job queue otherwise.

On PostgreSQL (TEST_DATABASE_URL) a report deferred while no worker runs is rendered by a worker started
afterwards (`flask --app wsgi worker`, as after a restart of every worker and of the web server), and a failing
job is retried up to the limit, then its task's on_failure runs once.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import delete, select, text

from app import create_app
from app.demo import DEMO_PASSWORD
from app.extensions import db
from app.jobs import enqueue, task
from app.models import EvaluationRecord, RenderedDocument, Tender
from app.models.report import DONE, RENDERING
from app.reports import jobs as report_jobs
from app.reports.jobs import RENDER_TASK
from app.reports.sandbox import render_isolated
from tests.web.conftest import login
from tests.web.report_helpers import wait_until_rendered

ROOT = Path(__file__).parents[2]
ON_POSTGRES = os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql")
postgres_only = pytest.mark.skipif(not ON_POSTGRES, reason="the job queue needs PostgreSQL (TEST_DATABASE_URL)")
ATTEMPTS: list[str] = []
GAVE_UP = threading.Event()


@task("testjobs.fail", on_failure=lambda error, note: GAVE_UP.set())
def _always_fails(note: str) -> None:
    ATTEMPTS.append(note)
    raise RuntimeError("this job always fails")


@pytest.fixture
def queue_app(database_url, tmp_path):
    """An app that defers its jobs to PostgreSQL's queue (the suite otherwise runs them in threads)."""
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "jobs",
                      "SESSION_COOKIE_SECURE": False, "RESBID_JOBS": "queue",
                      "RESBID_AUDIT_CHECKPOINTS": str(tmp_path / "checkpoints.jsonl")})
    yield app
    from app.jobs import queue

    queue.close(app)
    with app.app_context():
        db.engine.dispose()


def _demo_tender(app) -> int:
    assert app.test_cli_runner().invoke(args=["demo", "load"]).exit_code == 0
    with app.app_context():
        return db.session.scalar(select(Tender.id).where(Tender.status == "finalised"))


def _signed_in(app):
    client = app.test_client()
    assert login(client, "auditor@resbid.example", DEMO_PASSWORD).status_code == 302
    return client


def _jobs(app) -> list[tuple[str, str, int]]:
    with app.app_context():
        return [tuple(row) for row in db.session.execute(text(
            "SELECT task_name, status::text, attempts FROM procrastinate_jobs ORDER BY id"))]


def test_on_sqlite_a_report_renders_in_a_thread_of_the_web_process(app, monkeypatch):
    """...and holds no transaction while the document is laid out: on SQLite a job's transaction holds the write
    lock, which a refused access's audit event (and every other writer) would wait for past its busy timeout."""
    assert app.config["RESBID_JOBS"] == "thread"
    tender_id = _demo_tender(app)
    in_transaction = []

    def watched(*args, **kwargs):
        in_transaction.append(db.session().in_transaction())
        return render_isolated(*args, **kwargs)

    monkeypatch.setattr(report_jobs, "render_isolated", watched)
    wait_until_rendered(_signed_in(app), f"/reports/tenders/{tender_id}")
    assert in_transaction == [False]


def test_a_failing_job_in_a_thread_runs_once_then_its_on_failure(app):
    ATTEMPTS.clear()
    GAVE_UP.clear()
    with app.app_context():
        enqueue("testjobs.fail", note="thread")
    assert GAVE_UP.wait(30)
    assert ATTEMPTS == ["thread"]


def test_the_worker_command_says_no_worker_is_needed_without_the_queue(runner):
    result = runner.invoke(args=["worker"])
    assert result.exit_code == 0
    assert "No worker is needed" in result.output


def test_the_queue_needs_postgresql():
    with pytest.raises(ValueError, match="RESBID_JOBS=queue needs a PostgreSQL database"):
        create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "RESBID_JOBS": "queue", "SECRET_KEY": "x"})


@postgres_only
def test_a_report_deferred_while_no_worker_runs_is_rendered_by_a_worker_started_later(queue_app):
    tender_id = _demo_tender(queue_app)
    client = _signed_in(queue_app)
    assert "Refresh" in client.get(f"/reports/tenders/{tender_id}").headers
    time.sleep(2)  # no worker: the job waits in the queue
    assert _jobs(queue_app) == [(RENDER_TASK, "todo", 0)]
    with queue_app.app_context():  # the job carries the row's id; the row, the context
        document_id = db.session.scalar(select(RenderedDocument.id))
        assert db.session.execute(text("SELECT args FROM procrastinate_jobs")).scalar() == {"document_id": document_id}

    with queue_app.app_context():
        assert db.session.scalar(select(RenderedDocument.status)) == RENDERING
    from app.jobs import queue

    queue.close(queue_app)  # the web server stops; its job stays a row of the queue
    worker = _start_worker(queue_app)
    try:
        _wait_for_done(queue_app)
    finally:
        output = _stop_worker(worker)
        print(output)  # shown when the test fails
    assert _jobs(queue_app) == [(RENDER_TASK, "succeeded", 1)], output  # one attempt
    wait_until_rendered(_signed_in(queue_app), f"/reports/tenders/{tender_id}")
    with queue_app.app_context():
        document = db.session.scalar(select(RenderedDocument))
        assert document.status == DONE and document.pdf.startswith(b"%PDF")
        assert (document.progress_done, document.progress_total) != (0, 0) and document.context_json is None


@postgres_only
def test_a_failing_job_is_retried_up_to_the_limit_then_gives_up(queue_app, monkeypatch):
    from app.jobs import queue

    monkeypatch.setattr(queue, "RETRY_WAIT_SECONDS", 0)
    ATTEMPTS.clear()
    GAVE_UP.clear()
    with queue_app.app_context():
        enqueue("testjobs.fail", note="queued")
        enqueue("testjobs.fail", note="queued")  # still waiting: not queued twice
    assert _jobs(queue_app) == [("testjobs.fail", "todo", 0)]
    worker_app = queue.worker_queue_app(queue_app)
    with worker_app.open():
        worker_app.run_worker(wait=False, install_signal_handlers=False)
    assert ATTEMPTS == ["queued"] * (1 + queue.RETRIES)
    assert GAVE_UP.is_set()
    assert _jobs(queue_app) == [("testjobs.fail", "failed", 1 + queue.RETRIES)]


@postgres_only
def test_the_sensitivity_analysis_is_a_job_and_the_results_page_shows_it_once_stored(queue_app):
    tender_id = _demo_tender(queue_app)
    with queue_app.app_context():  # as if finalised before evaluations were stored: the first read evaluates
        db.session.execute(delete(EvaluationRecord))
        db.session.commit()
    client = queue_app.test_client()
    assert login(client, "officer@resbid.example", DEMO_PASSWORD).status_code == 302
    page = client.get(f"/tenders/{tender_id}/results").get_data(as_text=True)
    assert 'id="ranking"' in page and 'id="sensitivity-pending"' in page  # the result at once
    assert _jobs(queue_app) == [("evaluation.sensitivity", "todo", 0)]
    from app.jobs import queue

    worker_app = queue.worker_queue_app(queue_app)
    with worker_app.open():
        worker_app.run_worker(wait=False, install_signal_handlers=False)
    assert _jobs(queue_app) == [("evaluation.sensitivity", "succeeded", 1)]
    page = client.get(f"/tenders/{tender_id}/results").get_data(as_text=True)
    assert 'id="sensitivity-summary"' in page and 'id="sensitivity-pending"' not in page


@postgres_only
def test_each_lots_sensitivity_is_one_job_and_each_lots_page_shows_its_own_once_stored(queue_app):
    assert queue_app.test_cli_runner().invoke(args=["demo", "load"]).exit_code == 0
    with queue_app.app_context():  # the demo's tender in lots, its evaluation not stored yet
        tender_id = db.session.scalar(select(Tender.id).where(Tender.lot_rules.is_not(None)))
        db.session.execute(delete(EvaluationRecord).where(EvaluationRecord.tender_id == tender_id))
        db.session.commit()
    client = queue_app.test_client()
    assert login(client, "officer@resbid.example", DEMO_PASSWORD).status_code == 302
    for lot in (1, 2):
        page = client.get(f"/tenders/{tender_id}/results?lot={lot}").get_data(as_text=True)
        assert 'id="ranking"' in page and 'id="sensitivity-pending"' in page  # the lot's result at once
    assert _jobs(queue_app) == [("evaluation.lot_sensitivity", "todo", 0)]  # one job for every lot
    _run_queued_jobs(queue_app)
    assert _jobs(queue_app) == [("evaluation.lot_sensitivity", "succeeded", 1)]
    summaries = set()
    for lot in (1, 2, 3):
        page = client.get(f"/tenders/{tender_id}/results?lot={lot}").get_data(as_text=True)
        assert 'id="sensitivity-summary"' in page and 'id="sensitivity-pending"' not in page
        summaries.add(page[page.index('id="sensitivity-summary"'):].split("</p>")[0])
    assert len(summaries) == 3  # each lot's own analysis


@postgres_only
def test_the_evidence_bundle_is_a_job_of_the_queue_started_once_its_report_is_rendered(queue_app):
    tender_id = _demo_tender(queue_app)
    client, status = _signed_in(queue_app), f"/auditor/tenders/{tender_id}/evidence"
    assert "the report is rendered first" in client.get(status).get_data(as_text=True)
    assert _jobs(queue_app) == [(RENDER_TASK, "todo", 0)]  # the report's
    _run_queued_jobs(queue_app)
    assert "the report is ready" in client.get(status).get_data(as_text=True)
    assert _jobs(queue_app)[1:] == [(RENDER_TASK, "todo", 0)]  # the bundle's
    _run_queued_jobs(queue_app)
    assert _jobs(queue_app) == [(RENDER_TASK, "succeeded", 1)] * 2
    assert 'id="download"' in client.get(status).get_data(as_text=True)
    bundle = client.get(f"{status}.zip")
    assert bundle.mimetype == "application/zip" and bundle.data.startswith(b"PK")


def _run_queued_jobs(app) -> None:
    from app.jobs import queue

    worker_app = queue.worker_queue_app(app)
    with worker_app.open():
        worker_app.run_worker(wait=False, install_signal_handlers=False)


def _wait_for_done(app, seconds: float = 300) -> None:  # a loaded 2-core machine took 127 s
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with app.app_context():
            if db.session.scalar(select(RenderedDocument.status)) == DONE:
                return
        time.sleep(0.5)
    raise AssertionError(f"the worker did not render the report in {seconds} s")


def _start_worker(app) -> subprocess.Popen:
    environment = {**os.environ, "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"], "RESBID_JOBS": "queue",
                   "SECRET_KEY": app.config["SECRET_KEY"], "RESBID_AUDIT_KEY": app.config["RESBID_AUDIT_KEY"],
                   "RESBID_AUDIT_CHECKPOINTS": app.config["RESBID_AUDIT_CHECKPOINTS"]}
    return subprocess.Popen([sys.executable, "-m", "flask", "--app", "wsgi", "worker"], cwd=ROOT, env=environment,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _stop_worker(worker: subprocess.Popen) -> str:
    """SIGTERM, as systemd stops it: the worker finishes what it runs and exits 0."""
    worker.send_signal(signal.SIGTERM)
    output, _ = worker.communicate(timeout=60)
    assert worker.returncode == 0, output
    return output
