"""Price formulas (docs/domain.md: price formulas): one structure, five ways of turning a price into points.

Every formula maps a price to a fraction of the maximum (Wp); the shared PriceRule clamps it
to [0, 1] and scales it to 100 points, so each kind only states its fraction and its words.
Prices are checked before scoring: a negative or missing price never reaches a formula. A price
of zero does: it may not be rejected on that ground alone (Court of Justice, Case C-367/19
Tax-Audit, 10 September 2020), so it is flagged abnormally low instead (scoring/abnormal.py), and
when it is the lowest eligible price the formulas anchored on Pmin give it full points and every
other price none.
"""

from __future__ import annotations

import math
from abc import abstractmethod
from dataclasses import dataclass
from typing import Any, ClassVar

from scoring.messages import Message
from scoring.rules.base import PRICE, ParamReader, PriceRange, Rule, number_text

LOG_MULTIPLES = (1.5, 2.0, 3.0)  # A, the multiple of Pmin that scores 0


# Why a price cannot be scored, the templates of price_problem's messages (read back by an application).
PRICE_PROBLEMS = (Message("missing"), Message("not a number (%(value)s)", value=""),
                  Message("negative (%(price)s)", price=""))


def price_problem(price: Any) -> str | None:
    """Why a price cannot be scored (missing, negative, not a number), or None if it can (zero can)."""
    if price is None:
        return Message("missing")
    if isinstance(price, bool) or not isinstance(price, (int, float)) or not math.isfinite(price):
        return Message("not a number (%(value)s)", value=repr(price))
    if price < 0:
        return Message("negative (%(price)s)", price=price)
    return None


@dataclass(frozen=True)
class PriceRule(Rule):
    """Shared structure of the price formulas: points = 100 x fraction, clamped to [0, 100]."""

    value_kind: ClassVar[str] = PRICE
    is_relative: ClassVar[bool] = True

    def points(self, value: Any, context: PriceRange | None = None) -> float:
        """Price points out of 100; relative formulas need the eligible bids' price range."""
        if self.is_relative and context is None:
            raise ValueError(f"{self.kind} depends on the other bids: a price range is needed")
        return 100.0 * min(1.0, max(0.0, self.fraction(float(value), context)))

    @abstractmethod
    def fraction(self, price: float, prices: PriceRange | None) -> float:
        """The formula itself, as a fraction of the maximum before clamping."""

    @abstractmethod
    def name(self) -> Message:
        """The formula's name, as a part of a sentence ("the proportional formula")."""

    def value_problem(self, value: Any) -> str | None:
        """A price must be a number, zero or more."""
        return price_problem(value)


def ratio_to_lowest(price: float, prices: PriceRange) -> float:
    """P / Pmin for the linear and log formulas. When Pmin is zero, a zero price is the lowest (ratio 1)
    and any other price lies beyond 2 x Pmin and A x Pmin, both zero, where those formulas give no points
    (ratio infinite)."""
    if prices.lowest > 0:
        return price / prices.lowest
    return 1.0 if price <= 0 else math.inf


@dataclass(frozen=True)
class ProportionalPrice(PriceRule):
    """Wp x Pmin / P: the most common formula."""

    kind: ClassVar[str] = "price_proportional"

    def fraction(self, price: float, prices: PriceRange | None) -> float:
        """Lowest price divided by this price; the lowest price itself gets 1, even when it is zero."""
        return 1.0 if price <= prices.lowest else prices.lowest / price

    def describe(self) -> Message:
        """Plain-language rule text."""
        return Message("The lowest price gets full points; every other price gets points in proportion: "
                       "the lowest price divided by its price.")

    def formula(self) -> str:
        """The formula text."""
        return "points = max points × Pmin / P"

    def name(self) -> Message:
        """The formula's name, as a part of a sentence."""
        return Message("the proportional formula")


@dataclass(frozen=True)
class OneSidedLinearPrice(PriceRule):
    """Wp x (2 - P / Pmin), floored at 0: zero points at twice the lowest price."""

    kind: ClassVar[str] = "price_one_sided_linear"

    def fraction(self, price: float, prices: PriceRange | None) -> float:
        """Falls linearly from 1 at Pmin to 0 at 2 x Pmin."""
        return 2.0 - ratio_to_lowest(price, prices)

    def describe(self) -> Message:
        """Plain-language rule text."""
        return Message("The lowest price gets full points; points fall on a straight line to none "
                       "at twice the lowest price.")

    def formula(self) -> str:
        """The formula text."""
        return "points = max points × (2 − P / Pmin), at least 0"

    def name(self) -> Message:
        """The formula's name, as a part of a sentence."""
        return Message("the one-sided linear formula")


@dataclass(frozen=True)
class TwoSidedLinearPrice(PriceRule):
    """Wp x (Pmax - P) / (Pmax - Pmin): depends on the highest price too, so it warns."""

    kind: ClassVar[str] = "price_two_sided_linear"
    # Criticised by German review bodies (docs/domain.md: price formulas); offer it, but warn.
    warning: ClassVar[str] = Message("Depends on the other bids: the highest price sets the zero point, so one "
                                     "far higher bid changes every other bid's price points.")

    def fraction(self, price: float, prices: PriceRange | None) -> float:
        """1 at Pmin, 0 at Pmax; every bid gets full points when all prices are equal."""
        spread = prices.highest - prices.lowest
        return 1.0 if spread <= 0 else (prices.highest - price) / spread

    def describe(self) -> Message:
        """Plain-language rule text, with its warning."""
        return Message("The lowest price gets full points and the highest price gets none; prices in between "
                       "get points on a straight line. %(warning)s", warning=self.warning)

    def formula(self) -> str:
        """The formula text."""
        return "points = max points × (Pmax − P) / (Pmax − Pmin)"

    def name(self) -> Message:
        """The formula's name, as a part of a sentence."""
        return Message("the two-sided linear formula")


@dataclass(frozen=True)
class PresetRangePrice(PriceRule):
    """Wp x (Pset_max - P) / (Pset_max - Pset_min), clamped: both ends fixed in advance."""

    kind: ClassVar[str] = "price_preset_range"
    is_relative: ClassVar[bool] = False
    pset_min: float
    pset_max: float

    @classmethod
    def read_params(cls, reader: ParamReader) -> dict[str, Any]:
        """pset_min < pset_max, both above zero."""
        low = reader.number("pset_min", low=0)
        high = reader.number("pset_max", low=0)
        if low is not None and high is not None and low >= high:
            reader.problem("pset_max", Message("must be above pset_min (%(low)s)", low=low))
        return {"pset_min": low, "pset_max": high}

    def params(self) -> dict[str, Any]:
        """pset_min and pset_max."""
        return {"pset_min": self.pset_min, "pset_max": self.pset_max}

    def fraction(self, price: float, prices: PriceRange | None) -> float:
        """1 at or below pset_min, 0 at or above pset_max."""
        return (self.pset_max - price) / (self.pset_max - self.pset_min)

    def describe(self) -> Message:
        """Plain-language rule text."""
        return Message("A price of %(low)s or less gets full points and %(high)s or more gets none; prices in "
                       "between get points on a straight line. Both ends are fixed in advance, so the other bids "
                       "do not matter.", low=self.pset_min, high=self.pset_max)

    def formula(self) -> str:
        """The formula text."""
        return (f"points = max points × ({number_text(self.pset_max)} − P) / "
                f"({number_text(self.pset_max)} − {number_text(self.pset_min)}), between 0 and max points")

    def name(self) -> Message:
        """The formula's name with its two ends, as a part of a sentence."""
        return Message("a range fixed in advance, %(low)s to %(high)s", low=self.pset_min, high=self.pset_max)


@dataclass(frozen=True)
class LogPrice(PriceRule):
    """Wp x (1 - log(P / Pmin) / log A), floored at 0: zero points at A x Pmin."""

    kind: ClassVar[str] = "price_log"
    a: float = 2.0

    @classmethod
    def read_params(cls, reader: ParamReader) -> dict[str, Any]:
        """a is one of 1.5, 2 or 3 (docs/domain.md: price formulas)."""
        a = reader.number("a", 2.0)
        if a is not None and a not in LOG_MULTIPLES:
            reader.problem("a", Message("expected one of %(options)s, got %(value)s",
                                        options=", ".join(map(number_text, LOG_MULTIPLES)), value=repr(a)))
        return {"a": a}

    def params(self) -> dict[str, Any]:
        """a."""
        return {"a": self.a}

    def fraction(self, price: float, prices: PriceRange | None) -> float:
        """Falls with the logarithm of P / Pmin, reaching 0 at A x Pmin."""
        return 1.0 - math.log(ratio_to_lowest(price, prices)) / math.log(self.a)

    def describe(self) -> Message:
        """Plain-language rule text."""
        return Message("The lowest price gets full points; points fall with the logarithm of the price's ratio "
                       "to the lowest price, reaching none at %(multiple)s times the lowest price.",
                       multiple=self.a)

    def formula(self) -> str:
        """The formula text."""
        return f"points = max points × (1 − ln(P / Pmin) / ln {number_text(self.a)}), at least 0"

    def name(self) -> Message:
        """The formula's name with its multiple, as a part of a sentence."""
        return Message("the logarithmic formula with A = %(multiple)s", multiple=self.a)


PRICE_RULES: tuple[type[PriceRule], ...] = (
    ProportionalPrice, OneSidedLinearPrice, TwoSidedLinearPrice, PresetRangePrice, LogPrice)
