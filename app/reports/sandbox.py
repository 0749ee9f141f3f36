"""Rendering a document in the worker process (the sandbox package runs it with a memory cap and a deadline)."""
from __future__ import annotations

import json
from collections.abc import Callable

from sandbox import Limits, WorkerFailed, run_worker

__all__ = ["Limits", "RenderFailed", "render_isolated"]
RenderFailed = WorkerFailed  # the worker exited without a document: it crashed, ran out of memory or out of time


def render_isolated(kind: str, context: dict, limits: Limits = Limits(),
                    progress: Callable[[int, int], None] | None = None) -> bytes:
    """Render one document in a worker process and return its PDF bytes; RenderFailed says why not."""
    job = json.dumps({"kind": kind, "context": context, "processes": limits.processes}).encode("utf-8")
    return run_worker("app.reports.worker", job, limits, f"rendering the {kind}", progress)
