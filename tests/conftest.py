"""Settings of the whole suite: how many workers `pytest -n auto` (pytest-xdist) starts, and in what order they
take the test files.

`make test` and .ci/run spread the suite over the machine's CPUs. Every worker builds its own template database
and, in the browser tests, its own Chromium, so more than four workers cost more in memory and set-up than they
save; on the 2-core CI machine auto means two.

Each worker takes whole files (`--dist loadfile`) in the order collected (`--no-loadscope-reorder`; xdist's own
order puts the files with most tests first, which left the few long browser walks to the end, one worker running
them while the other idled). The browser files come first here, so the many short files fill in at the end.
"""
from __future__ import annotations

import os

import pytest

MOST_WORKERS = 4


@pytest.hookimpl(optionalhook=True)  # the hook exists only while pytest-xdist is loaded (not with -p no:xdist)
def pytest_xdist_auto_num_workers(config) -> int:
    """One worker per CPU this process may run on, at most MOST_WORKERS."""
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()  # not on macOS
    return max(1, min(usable or 1, MOST_WORKERS))


def pytest_collection_modifyitems(items) -> None:
    """The browser tests (marker e2e) first, every other test in its collected order."""
    items.sort(key=lambda item: item.get_closest_marker("e2e") is None)  # a stable sort keeps each file together
