"""Running one attempt of a job inside the Flask app, as the in-process thread and the queue's worker both do."""
from __future__ import annotations

from flask import Flask

from app.extensions import db
from app.jobs.registry import find


def run_attempt(app: Flask, name: str, arguments: dict, last_attempt: bool) -> None:
    """Run the task `name` with `arguments` in an app context; a failure propagates (so the queue retries it),
    after the task's on_failure hook has run when this was the last attempt."""
    task = find(name)
    with app.app_context():
        try:
            task.function(**arguments)
        except Exception as error:
            db.session.rollback()
            app.logger.error("job %s failed%s: %s", name, "" if last_attempt else ", to be retried", error)
            if last_attempt and task.on_failure is not None:
                task.on_failure(error=error, **arguments)
            raise
