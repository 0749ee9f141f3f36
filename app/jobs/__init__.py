"""Background jobs: work a request starts and a later request, or nobody, waits for.

    from app.jobs import enqueue, task

    @task("evaluation.sensitivity", on_failure=mark_failed)   # in the module doing the work
    def sensitivity(tender_id: int, version: str) -> None: ...

    enqueue("evaluation.sensitivity", tender_id=tender.id, version=version)   # after committing what it reads

A task is a function of JSON arguments (numbers, strings, lists, mappings) named "area.verb"; it runs in an app
context of its own and commits what it stores. It is told nothing back: it records its progress and result in
rows the pages read (as app/reports/jobs.py does for rendered documents). Raising marks the attempt failed; once no
attempt is left, `on_failure(error=..., **arguments)` runs (e.g. to store the reason the page shows).

- PostgreSQL (production): the job is a row of procrastinate's tables (migration 0015_job_queue), run by
  `flask --app wsgi worker` on one machine or several; it survives restarts of the web server and the workers,
  and a failed attempt is retried (app/jobs/queue.py: RETRIES). A job still waiting is not queued twice.
  Every module defining tasks must be listed in app/cli/worker_commands.py's TASK_MODULES.
- SQLite (`make run`), or RESBID_JOBS=thread: the job runs at once in a thread of the web process, one attempt,
  no worker needed (the test suite runs this way on PostgreSQL too, except the tests of the queue itself).
"""
from __future__ import annotations

from flask import current_app

from app.jobs.registry import task

__all__ = ["enqueue", "run_now", "task", "uses_queue"]


def enqueue(name: str, **arguments) -> None:
    """Start the task `name` with these arguments in the background."""
    app = current_app._get_current_object()
    if uses_queue(app):
        from app.jobs import queue
        queue.defer(app, name, arguments)
    else:
        from app.jobs import inprocess
        inprocess.start(app, name, arguments)


def uses_queue(app) -> bool:
    """Whether jobs go to the PostgreSQL queue (and need `flask --app wsgi worker`) rather than a thread
    (setting RESBID_JOBS: "queue", the default on PostgreSQL, or "thread", the default and only choice on SQLite)."""
    return app.config["RESBID_JOBS"] == "queue"


def run_now(name: str, **arguments) -> None:
    """Run the task `name` here and now, one attempt (the CLI waits for its documents); a failure is raised
    after the task's on_failure hook ran."""
    from app.jobs.running import run_attempt
    run_attempt(current_app._get_current_object(), name, arguments, last_attempt=True)
