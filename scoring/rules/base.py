"""What every scoring rule shares: the interface, parameter reading and number wording."""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from scoring.messages import Message, Percent
from scoring.problems import InvalidInput, Problem

# Value kinds: where a criterion's raw value comes from.
PRICE = "price"  # the bid's total price
NUMBER = "number"  # a numeric answer, or a resilience metric (criterion.source)
BOOLEAN = "boolean"  # a yes/no declaration
SCORE = "score"  # the evaluation committee's judgement
OPTION = "option"  # a ProZorro feature option key

REQUIRED = object()  # marks a parameter without default


@dataclass(frozen=True)
class PriceRange:
    """Lowest and highest valid price among the eligible bids (Pmin, Pmax in docs/domain.md: price formulas)."""

    lowest: float
    highest: float


@dataclass(frozen=True)
class Target:
    """The nearest value that earns a rule's best points: "50 or less", "less than 50", "answering yes"."""

    value: float
    points: float
    comparison: str  # "or less" | "or more" | "less than" | "answering"

    def wording(self, unit: str = "") -> Message:
        """The target in words, with the value's unit ("50% or less")."""
        if self.comparison == "answering":
            return Message("answering yes") if self.value else Message("answering no")
        amount = Percent(self.value) if unit == "%" else self.value
        if self.comparison == "less than":
            return Message("less than %(amount)s", amount=amount)
        if self.comparison == "or less":
            return Message("%(amount)s or less", amount=amount)
        return Message("%(amount)s or more", amount=amount)


class Rule(ABC):
    """A scoring rule: validated parameters, value -> points, and the words quoted everywhere.

    Points are on the rule's own scale, 0..max_points; the criterion's weight scales them.
    """

    kind: ClassVar[str]
    value_kind: ClassVar[str]
    is_relative: ClassVar[bool] = False  # points depend on the other bids
    is_gate: ClassVar[bool] = False  # decides eligibility, carries no weight
    warning: ClassVar[str] = ""

    @property
    def max_points(self) -> float:
        """The points of a perfect answer, so weighted points are points / max x weight."""
        return 100.0

    @property
    def min_points(self) -> float:
        """The fewest points the rule gives any answer: all a missing answer scored at the minimum earns."""
        return 0.0

    @classmethod
    def from_params(cls, params: Mapping[str, Any], place: str) -> Rule:
        """Builds the rule from its params dict, raising InvalidInput with every problem."""
        reader = ParamReader(params, place)
        fields = cls.read_params(reader)
        reader.finish()
        return cls(**fields)

    @classmethod
    def read_params(cls, reader: ParamReader) -> dict[str, Any]:
        """Reads this kind's parameters; kinds without parameters keep this default."""
        return {}

    def params(self) -> dict[str, Any]:
        """This rule's parameters without the kind; the inverse of read_params."""
        return {}

    def to_params(self) -> dict[str, Any]:
        """The params dict this rule was read from, kind first (JSON- and YAML-ready)."""
        return {"kind": self.kind, **self.params()}

    @abstractmethod
    def points(self, value: Any, context: PriceRange | None = None) -> float:
        """Points for a valid value on this rule's scale."""

    @abstractmethod
    def describe(self) -> Message:
        """Plain-language rule text quoted verbatim by the workbook, web UI and PDF (translatable: a Message)."""

    @abstractmethod
    def formula(self) -> str:
        """The rule as a formula, shown next to the description."""

    def value_problem(self, value: Any) -> str | None:
        """Why a bidder's answer cannot be scored by this rule, or None if it can."""
        return None

    def target(self, value: Any) -> Target | None:
        """The nearest value that earns full points, for improvement hints; None if none applies."""
        return None


class ParamReader:
    """Reads a rule's params, collecting every problem with its place instead of stopping at the first."""

    def __init__(self, params: Any, place: str):
        self.place = place
        self.problems: list[Problem] = []
        self.read_keys = {"kind"}
        if not isinstance(params, Mapping):
            self.problems.append(Problem(place, Message("expected a mapping of rule parameters")))
            params = {}
        self.params = params

    def problem(self, key: str, message: Message) -> None:
        """Records a problem at this parameter's place."""
        self.problems.append(Problem(f"{self.place}.{key}", message))

    def get(self, key: str, default: Any = REQUIRED) -> Any:
        """The raw parameter, or the default when absent (REQUIRED after recording it as missing)."""
        self.read_keys.add(key)
        raw = self.params.get(key)
        if raw is None:
            if default is REQUIRED:
                self.problem(key, Message("missing"))
            return default
        return raw

    def number(self, key: str, default: Any = REQUIRED, low: float | None = None,
               high: float | None = None) -> Any:
        """A finite number within [low, high]; the default when absent; None after recording a problem."""
        if self.params.get(key) is None:
            raw = self.get(key, default)
            return None if raw is REQUIRED else raw
        return self.check_number(key, self.get(key), low, high)

    def check_number(self, key: str, raw: Any, low: float | None = None,
                     high: float | None = None) -> float | None:
        """Checks one number found under key; None after recording the problem."""
        value = as_number(raw)
        if value is None:
            self.problem(key, Message("expected a number, got %(value)s", value=repr(raw)))
        elif (low is not None and value < low) or (high is not None and value > high):
            allowed = range_words(low, high)
            self.problem(key, Message("%(value)s is outside %(allowed)s", value=value, allowed=allowed))
            value = None
        return value

    def choice(self, key: str, options: Iterable[Any], default: Any = REQUIRED) -> Any:
        """One of the allowed options, or None after recording the problem."""
        options = tuple(options)
        raw = self.get(key, default)
        if raw is REQUIRED:
            return None
        if not any(type(raw) is type(option) and raw == option for option in options):
            self.problem(key, Message("expected one of %(options)s, got %(value)s",
                                      options=", ".join(map(str, options)), value=repr(raw)))
            return None
        return raw

    def finish(self) -> None:
        """Reports unknown parameters (typos) and raises InvalidInput if anything was wrong."""
        for key in self.params:
            if key not in self.read_keys:
                self.problem(str(key), Message("unknown parameter"))
        if self.problems:
            raise InvalidInput(self.problems)


def as_number(raw: Any) -> float | None:
    """The value as a float if it is a finite real number (bools are not numbers), else None."""
    if isinstance(raw, bool) or not isinstance(raw, (int, float)):
        return None
    value = float(raw)
    return value if math.isfinite(value) else None


def number_text(value: float) -> str:
    """A number the way people read it: 1,200 or 0.25, without trailing zeros."""
    return format(round(float(value), 6), ",.12g")


def range_words(low: float | None, high: float | None) -> Message:
    """The allowed range in words, for problem messages."""
    if low is not None and high is not None:
        return Message("the allowed range %(low)s to %(high)s", low=low, high=high)
    if low is not None:
        return Message("the allowed range (at least %(low)s)", low=low)
    return Message("the allowed range (at most %(high)s)", high=high)


def points_words(points: float) -> Message:
    """Points on a 0..100 scale as words: full points, no points, or N% of the points."""
    if points >= 100:
        return Message("full points")
    if points <= 0:
        return Message("no points")
    return Message("%(share)s of the points", share=Percent(points))
