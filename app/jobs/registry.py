"""The named tasks background work may run, registered by the `task` decorator where they are defined."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Task:
    name: str  # "report.render": the part before the dot names its queue
    function: Callable[..., None]
    on_failure: Callable[..., None] | None  # called with error= and the job's arguments once no attempt is left

    @property
    def queue(self) -> str:
        return self.name.split(".", 1)[0]


TASKS: dict[str, Task] = {}


def task(name: str, on_failure: Callable[..., None] | None = None) -> Callable[[Callable], Callable]:
    """Register the decorated function as the task `name` ("area.verb"); the function is returned unchanged."""
    if "." not in name:
        raise ValueError(f"a task name is 'area.verb' (the area names its queue), not {name!r}")

    def register(function: Callable[..., None]) -> Callable[..., None]:
        TASKS[name] = Task(name, function, on_failure)
        return function

    return register


def find(name: str) -> Task:
    """The registered task `name`; a LookupError names it when the module defining it was never imported."""
    try:
        return TASKS[name]
    except KeyError:
        raise LookupError(f"no task named {name!r} is registered (import the module that defines it)") from None
