"""Small process-local caches of what is worked out from stored data, each entry keyed by a version of that data.

Each app keeps its own (the tests run many apps in one process, each on its own database), and a key
names data that can no longer change, so an entry never needs to be invalidated, only forgotten when unused.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from flask import current_app

T = TypeVar("T")


class LastUsed:
    """A map that keeps its `size` most recently used entries, shared safely by a worker's threads."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._entries: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Any | None:
        """The value stored under `key`, or None."""
        with self._lock:
            if key not in self._entries:
                return None
            self._entries.move_to_end(key)
            return self._entries[key]

    def get_or_build(self, key: Hashable, build: Callable[[], T]) -> T:
        """The value stored under `key`, built and stored on first use (built outside the lock: building may read
        other caches, and two threads building the same value at once store equal values)."""
        value = self.get(key)
        if value is None:
            value = build()
            self.put(key, value)
        return value

    def put(self, key: Hashable, value: Any) -> None:
        """Store `value`, forgetting the least recently used entry beyond the size."""
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            if len(self._entries) > self.size:
                self._entries.popitem(last=False)


def app_memo(name: str, size: int) -> LastUsed:
    """The current app's cache called `name`, made on first use."""
    extensions = current_app.extensions
    if name not in extensions:
        extensions[name] = LastUsed(size)
    return extensions[name]
