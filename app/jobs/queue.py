"""Jobs on PostgreSQL: rows of procrastinate's tables, run by `flask --app wsgi worker` on any number of machines.

A job is deferred by name with its JSON arguments, so it survives a restart of the web server and of the workers;
a failing attempt is retried (RETRIES more times, a little later each time), then the task's on_failure hook runs.
The web process defers through a small connection pool of its own, opened on first use (after gunicorn forks).
"""
from __future__ import annotations

import hashlib
import json
import logging
import threading

import procrastinate
from flask import Flask
from sqlalchemy.engine import make_url

from app.jobs.registry import TASKS
from app.jobs.running import run_attempt

RETRIES = 2  # a job runs at most 1 + RETRIES times
RETRY_WAIT_SECONDS = 5  # before the first retry; the next waits twice as long (linear)
_opening = threading.Lock()


def defer(app: Flask, name: str, arguments: dict) -> None:
    """Queue the job; a job of the same task with the same arguments that is still waiting is not queued twice."""
    lock = hashlib.sha256(json.dumps([name, arguments], sort_keys=True).encode("utf-8")).hexdigest()
    deferrer = _deferring_app(app).configure_task(name, queue=name.split(".", 1)[0], queueing_lock=lock)
    try:
        deferrer.defer(**arguments)
    except procrastinate.exceptions.AlreadyEnqueued:
        pass


def run_worker(app: Flask, queues: list[str] | None, concurrency: int, name: str | None = None) -> None:
    """Run jobs of `queues` (all when None) until SIGINT or SIGTERM, `concurrency` at a time."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    worker_app = worker_queue_app(app, concurrency)
    with worker_app.open():
        worker_app.run_worker(queues=queues, concurrency=concurrency, name=name, install_signal_handlers=True)


def worker_queue_app(app: Flask, concurrency: int = 1) -> procrastinate.App:
    """A procrastinate app running every registered task inside `app` (import the modules defining them first)."""
    queue_app = procrastinate.App(connector=procrastinate.PsycopgConnector(
        conninfo=conninfo(app), min_size=1, max_size=concurrency + 2))
    retry = procrastinate.RetryStrategy(max_attempts=RETRIES, wait=RETRY_WAIT_SECONDS, linear_wait=RETRY_WAIT_SECONDS)
    for task in TASKS.values():
        queue_app.task(name=task.name, queue=task.queue, retry=retry, pass_context=True)(_runner(app, task.name))
    return queue_app


def close(app: Flask) -> None:
    """Close this app's deferring pool (tests; a web process keeps it for its lifetime)."""
    queue_app = app.extensions.pop("resbid.job_queue", None)
    if queue_app is not None:
        queue_app.close()


def conninfo(app: Flask) -> str:
    """libpq's form of the app's database URL (SQLAlchemy's names the driver)."""
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"]).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


def _deferring_app(app: Flask) -> procrastinate.App:
    with _opening:
        queue_app = app.extensions.get("resbid.job_queue")
        if queue_app is None:
            connector = procrastinate.SyncPsycopgConnector(conninfo=conninfo(app), min_size=1, max_size=2,
                                                           num_workers=1)
            queue_app = app.extensions["resbid.job_queue"] = procrastinate.App(connector=connector).open()
        return queue_app


def _runner(app: Flask, name: str):
    def run(job_context: procrastinate.JobContext, /, **arguments) -> None:  # a task may take `context`
        run_attempt(app, name, arguments, last_attempt=job_context.job.attempts >= RETRIES)

    run.__name__ = name.replace(".", "_")
    return run
