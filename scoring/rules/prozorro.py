"""ProZorro features (openprocurement): self-declared non-price answers as price coefficients.

Each feature has options valued 0..0.3; the maximum values of all features add up to at most
0.30; coef = 1 + sum(chosen) / (1 - sum(max)); weighted value = price / coef; lowest wins.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, ClassVar

from scoring.messages import Listing, Message
from scoring.rules.base import OPTION, ParamReader, PriceRange, Rule

MAX_OPTION_VALUE = 0.3  # ProZorro (openprocurement)
MAX_FEATURE_SUM = 0.3  # ProZorro (openprocurement): the sum of the features' maximum values per lot


@dataclass(frozen=True)
class ProzorroFeatureRule(Rule):
    """Points = the chosen option's value; max = the best option's value."""

    kind: ClassVar[str] = "prozorro_feature"
    value_kind: ClassVar[str] = OPTION
    options: tuple[tuple[str, float], ...]

    @classmethod
    def read_params(cls, reader: ParamReader) -> dict[str, Any]:
        """options: {key: value} with values in 0..0.3, at least one above 0."""
        raw = reader.get("options")
        if raw is None:
            return {"options": None}
        if not isinstance(raw, dict) or not raw or not all(isinstance(k, str) and k for k in raw):
            reader.problem("options", Message("expected a mapping of option keys to values from 0 to 0.3"))
            return {"options": None}
        values = {key: reader.check_number(f"options.{key}", value, 0, MAX_OPTION_VALUE)
                  for key, value in raw.items()}
        if None in values.values():
            return {"options": None}
        if max(values.values()) <= 0:
            reader.problem("options", Message("at least one option must be worth more than 0"))
        return {"options": tuple(values.items())}

    def params(self) -> dict[str, Any]:
        """options as {key: value}."""
        return {"options": dict(self.options)}

    @property
    def max_points(self) -> float:
        """The best option's value: sum(max) in the coefficient."""
        return max(value for _, value in self.options)

    @property
    def min_points(self) -> float:
        """The least valuable option."""
        return min(value for _, value in self.options)

    def points(self, value: Any, context: PriceRange | None = None) -> float:
        """The chosen option's value."""
        return dict(self.options)[value]

    def value_problem(self, value: Any) -> str | None:
        """The answer must be one of the option keys."""
        keys = [key for key, _ in self.options]
        return None if value in keys and isinstance(value, str) else (
            f"expected one of the options {', '.join(keys)}, got {value!r}")

    def describe(self) -> Message:
        """Plain-language rule text (the option keys are the authority's words)."""
        options = Listing(Message("%(option)s: %(value)s", option=key, value=value) for key, value in self.options)
        return Message("ProZorro feature: the chosen option's value raises the price coefficient, which divides the "
                       "price compared between bids (%(options)s).", options=options)

    def formula(self) -> str:
        """The formula text."""
        return "coef = 1 + Σ chosen values / (1 − Σ maximum values); compared price = price / coef"


def coefficient(chosen: Iterable[float], maxima: Iterable[float]) -> float:
    """The ProZorro price coefficient: 1 + sum(chosen) / (1 - sum(max))."""
    return 1.0 + sum(chosen) / (1.0 - sum(maxima))
