"""The worker process of sandbox.run_worker never outlives the call, however the call ends."""
from __future__ import annotations

import os

import pytest

from sandbox import Limits, run_worker


def test_a_worker_whose_progress_cannot_be_recorded_is_stopped_with_the_call():
    """The report's render records its progress in the database; if that fails (the database is gone), the error
    reaches the caller and the worker is stopped, not left rendering with nobody waiting for it."""
    workers = []

    def record(done: int, _total: int) -> None:
        workers.append(done)
        raise RuntimeError("the progress could not be recorded")

    with pytest.raises(RuntimeError, match="could not be recorded"):
        run_worker("tests.sandbox_worker", b"", Limits(seconds=60), "testing", record)
    with pytest.raises(ProcessLookupError):  # stopped and reaped
        os.kill(workers[0], 0)
