"""Jobs on SQLite: a daemon thread of the web process runs each one at once (one attempt; no worker needed)."""
from __future__ import annotations

import contextlib
import threading

from flask import Flask

from app.jobs.running import run_attempt


def start(app: Flask, name: str, arguments: dict) -> None:
    """Run the job in a background thread of this process."""
    threading.Thread(target=_run, args=(app, name, arguments), name=f"job-{name}", daemon=True).start()


def _run(app: Flask, name: str, arguments: dict) -> None:
    with contextlib.suppress(Exception):  # run_attempt logged it and called the task's on_failure
        run_attempt(app, name, arguments, last_attempt=True)
