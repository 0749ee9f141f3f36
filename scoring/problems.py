"""User-facing input problems: where it is, and what is wrong.

Every validation in scoring/ collects all problems and raises InvalidInput once,
so a user sees the whole list in one go (docs/architecture.md: errors).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One problem in user input: `place` names where (e.g. "Supply chain!A14"), `message` what."""

    place: str
    message: str

    def __str__(self) -> str:
        return f"{self.place}: {self.message}" if self.place else self.message


class InvalidInput(Exception):
    """Raised once with every problem found; str() lists them all, one a line."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)

    def __reduce__(self):
        # pickle (e.g. from a worker process) must rebuild the problems, not a tuple of characters
        return (type(self), (self.problems,))
