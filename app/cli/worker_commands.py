"""`flask --app wsgi worker`: run the background jobs of a PostgreSQL installation (app/jobs), on any number
of machines at once; stop it with SIGTERM or Ctrl-C (the job it runs finishes first)."""
from __future__ import annotations

import importlib

import click
from flask import current_app
from flask.cli import with_appcontext

from app.jobs import uses_queue

# Every module defining tasks (app/jobs.task): the worker imports them so it knows what a job's name runs.
TASK_MODULES = ("app.reports.jobs", "app.records.stored_results", "app.records.lot_sensitivity")


@click.command("worker")
@click.option("--queue", "queues", multiple=True, metavar="AREA",
              help="Run only this queue's jobs (the area of the task's name, e.g. reports); repeatable. "
                   "Default: every queue.")
@click.option("--concurrency", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Jobs run at the same time by this worker (each render also starts its own processes).")
@click.option("--name", default=None, help="This worker's name in the queue's tables (default: generated).")
@with_appcontext
def worker_command(queues: tuple[str, ...], concurrency: int, name: str | None) -> None:
    """Run background jobs (report and letter rendering and others) until stopped; PostgreSQL only."""
    app = current_app._get_current_object()
    if not uses_queue(app):
        click.echo("No worker is needed: with SQLite (or RESBID_JOBS=thread), background jobs run inside the web "
                   "server.")
        return
    for module in TASK_MODULES:
        importlib.import_module(module)
    from app.jobs.queue import run_worker

    click.echo(f"Running jobs of {', '.join(queues) if queues else 'every queue'} ({concurrency} at a time); "
               "stop with Ctrl-C or SIGTERM.")
    run_worker(app, list(queues) or None, concurrency, name)
