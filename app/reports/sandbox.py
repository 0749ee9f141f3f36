"""Running the render worker: a child process with a memory cap and a deadline, progress read as it goes."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# The child needs neither the database nor the session key.
PRIVATE_ENVIRONMENT = ("SECRET_KEY", "DATABASE_URL", "TEST_DATABASE_URL")


@dataclass(frozen=True)
class Limits:
    """How long a render may take, how much address space each of its processes may use, and how many it may use."""

    seconds: int = 900
    memory_mb: int = 4096
    processes: int = 1


class RenderFailed(Exception):
    """The worker exited without a document: it crashed, ran out of memory or out of time."""


def render_isolated(kind: str, context: dict, limits: Limits = Limits(),
                    progress: Callable[[int, int], None] | None = None) -> bytes:
    """Render one document in a worker process and return its PDF bytes; RenderFailed says why not."""
    job = json.dumps({"kind": kind, "context": context, "memory_mb": limits.memory_mb,
                      "cpu_seconds": limits.seconds, "processes": limits.processes}).encode("utf-8")
    env = {key: value for key, value in os.environ.items() if key not in PRIVATE_ENVIRONMENT}
    with tempfile.TemporaryDirectory(prefix="resbid-render-") as folder:
        output, errors = Path(folder) / "document.pdf", Path(folder) / "stderr.txt"
        with errors.open("wb") as stderr:
            # A session of its own, so the deadline stops the worker and the layout processes it forked alike.
            child = subprocess.Popen([sys.executable, "-m", "app.reports.worker", str(output)], cwd=ROOT, env=env,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=stderr,
                                     start_new_session=True)
            timed_out = threading.Event()
            deadline = threading.Timer(limits.seconds, lambda: (timed_out.set(), _kill_group(child)))
            deadline.start()
            try:
                _send(child, job)
                for line in child.stdout:
                    _report_progress(line, progress)
                child.wait()
            finally:
                deadline.cancel()
                child.stdout.close()
        if child.returncode != 0 or not output.exists():
            lines = errors.read_text("utf-8", "replace").strip().splitlines() or ["no message"]
            out_of_time = timed_out.is_set() or child.returncode == -signal.SIGXCPU  # wall clock or CPU limit
            reason = f"it ran longer than {limits.seconds} s" if out_of_time else lines[-1]
            raise RenderFailed(f"rendering the {kind} failed (exit {child.returncode}): {reason}")
        return output.read_bytes()


def _send(child: subprocess.Popen, job: bytes) -> None:
    """Hand the job to the worker; a worker already stopped by a limit is reported by its exit code instead."""
    try:
        child.stdin.write(job)
        child.stdin.close()
    except BrokenPipeError:
        pass


def _kill_group(child: subprocess.Popen) -> None:
    try:
        os.killpg(child.pid, signal.SIGKILL)
    except ProcessLookupError:  # it ended just now
        pass


def _report_progress(line: bytes, progress: Callable[[int, int], None] | None) -> None:
    words = line.decode("utf-8", "replace").split()
    if progress is not None and len(words) == 3 and words[0] == "progress":
        progress(int(words[1]), int(words[2]))
