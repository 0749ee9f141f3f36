"""Concurrent requests in tests: start them at one instant and name each outcome."""
from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable


def run_together(calls: list[Callable[[], str]]) -> Counter:
    """Start every call at the same instant and count their outcomes."""
    start = threading.Barrier(len(calls))
    outcomes: list[str] = []

    def run(call: Callable[[], str]) -> None:
        start.wait()
        outcomes.append(call())

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return Counter(outcomes)


def outcome(response, success: str) -> str:
    if response.status_code >= 500:
        return f"error {response.status_code}"
    body = response.get_data(as_text=True)
    if success in body:
        return "done"
    return "stale" if "changed by someone else" in body else f"other {response.status_code}"
