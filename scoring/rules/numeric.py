"""Numeric value to points: linear between two anchors, step bands, threshold.

Points are percent of the criterion's maximum (0..100); values come from the bid's answers
or, with criterion.source, from its resilience profile.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from scoring.messages import Listing, Message
from scoring.rules.base import NUMBER, ParamReader, PriceRange, Rule, Target, as_number, number_text, points_words

BETTER = ("lower", "higher")


@dataclass(frozen=True)
class NumericRule(Rule):
    """Shared checks of the numeric rules: the value must be a finite number."""

    value_kind: ClassVar[str] = NUMBER

    def value_problem(self, value: Any) -> str | None:
        """Numbers only (a yes/no or text answer cannot be scored here)."""
        return None if as_number(value) is not None else Message("expected a number, got %(value)s", value=repr(value))

@dataclass(frozen=True)
class LinearRule(NumericRule):
    """Straight line between two (value, points) anchors, clamped outside them."""

    kind: ClassVar[str] = "linear"
    better: str
    anchors: tuple[tuple[float, float], tuple[float, float]]  # sorted by value

    @classmethod
    def read_params(cls, reader: ParamReader) -> dict[str, Any]:
        """better: lower|higher; anchors: two [value, percent-of-max] pairs agreeing with better."""
        better = reader.choice("better", BETTER)
        raw = reader.get("anchors")
        anchors = _read_anchors(reader, raw) if raw is not None else None
        if anchors and better:
            (_, low_points), (_, high_points) = anchors
            if (low_points > high_points) != (better == "lower") or low_points == high_points:
                reader.problem("anchors", Message("with better: %(better)s, the %(better)s value must give more points",
                                                   better=better))
        return {"better": better, "anchors": anchors}

    def params(self) -> dict[str, Any]:
        """better and anchors as [value, points] lists."""
        return {"better": self.better, "anchors": [list(pair) for pair in self.anchors]}

    def points(self, value: Any, context: PriceRange | None = None) -> float:
        """Interpolates between the anchors; clamped to the anchor points outside them."""
        (low_value, low_points), (high_value, high_points) = self.anchors
        value = float(value)
        if value <= low_value:
            return low_points
        if value >= high_value:
            return high_points
        return low_points + (high_points - low_points) * (value - low_value) / (high_value - low_value)

    @property
    def min_points(self) -> float:
        """The fewest points any value earns (each numeric rule has one): a metric's undeclared-material score."""
        return self.worst_anchor()[1]

    def best_anchor(self) -> tuple[float, float]:
        """The anchor with the most points."""
        return max(self.anchors, key=lambda pair: pair[1])

    def worst_anchor(self) -> tuple[float, float]:
        """The anchor with the fewest points."""
        return min(self.anchors, key=lambda pair: pair[1])

    def describe(self) -> Message:
        """Plain-language rule text."""
        (best, best_points), (worst, worst_points) = self.best_anchor(), self.worst_anchor()
        words = {"best": best, "best_points": points_words(best_points), "worst": worst,
                 "worst_points": points_words(worst_points)}
        if self.better == "lower":
            return Message("Lower is better: %(best)s or less gets %(best_points)s and %(worst)s or more gets "
                           "%(worst_points)s, on a straight line in between.", **words)
        return Message("Higher is better: %(best)s or more gets %(best_points)s and %(worst)s or less gets "
                       "%(worst_points)s, on a straight line in between.", **words)

    def formula(self) -> str:
        """The formula text."""
        (v0, p0), (v1, p1) = ((number_text(v), number_text(p)) for v, p in self.anchors)
        return (f"points = max points × ({p0} + ({p1} − {p0}) × (value − {v0}) / ({v1} − {v0})) / 100, "
                f"value held between {v0} and {v1}")

    def target(self, value: Any) -> Target | None:
        """The best anchor, when the value is not already there."""
        best, best_points = self.best_anchor()
        if self.points(value) >= best_points:
            return None
        return Target(best, best_points, "or less" if self.better == "lower" else "or more")


def _read_anchors(reader: ParamReader, raw: Any) -> tuple | None:
    """Two [value, points] pairs with distinct values and points in 0..100, sorted by value."""
    shape = Message("expected two [value, points] pairs")
    if not isinstance(raw, (list, tuple)) or len(raw) != 2 or not all(
            isinstance(pair, (list, tuple)) and len(pair) == 2 for pair in raw):
        reader.problem("anchors", shape)
        return None
    pairs = []
    for index, (value, points) in enumerate(raw):
        number = reader.check_number(f"anchors[{index}][0]", value)
        share = reader.check_number(f"anchors[{index}][1]", points, 0, 100)
        pairs.append((number, share))
    if any(v is None or p is None for v, p in pairs):
        return None
    if pairs[0][0] == pairs[1][0]:
        reader.problem("anchors", Message("the two anchors need different values"))
        return None
    return tuple(sorted(pairs))


@dataclass(frozen=True)
class Band:
    """Values from `lower` (inclusive) to `upper` (exclusive) get `points`; None = open end."""

    lower: float | None
    upper: float | None
    points: float

    def holds(self, value: float) -> bool:
        """Whether the value falls in this band."""
        return (self.lower is None or value >= self.lower) and (self.upper is None or value < self.upper)

    def wording(self) -> Message:
        """The band's range in words."""
        if self.lower is None:
            return Message("less than %(amount)s", amount=self.upper)
        if self.upper is None:
            return Message("%(amount)s or more", amount=self.lower)
        return Message("from %(lower)s to less than %(upper)s", lower=self.lower, upper=self.upper)

    def nearest(self, value: float) -> Target:
        """The value in this band nearest to `value`."""
        if self.lower is not None and value < self.lower:
            return Target(self.lower, self.points, "or more")
        return Target(self.upper, self.points, "less than")


@dataclass(frozen=True)
class BandsRule(NumericRule):
    """Step bands: each band of values gives fixed points; values outside every band get `otherwise`."""

    kind: ClassVar[str] = "bands"
    bands: tuple[Band, ...]
    otherwise: float = 0.0

    @classmethod
    def read_params(cls, reader: ParamReader) -> dict[str, Any]:
        """bands: [{from, to, points}, ...] without overlaps (from inclusive, to exclusive); otherwise."""
        raw = reader.get("bands")
        otherwise = reader.number("otherwise", 0.0, 0, 100)
        bands = _read_bands(reader, raw) if raw is not None else None
        return {"bands": bands, "otherwise": otherwise}

    def params(self) -> dict[str, Any]:
        """bands as {from, to, points} dicts and otherwise."""
        return {"bands": [{"from": b.lower, "to": b.upper, "points": b.points} for b in self.bands],
                "otherwise": self.otherwise}

    def points(self, value: Any, context: PriceRange | None = None) -> float:
        """The points of the band holding the value, else `otherwise`."""
        value = float(value)
        return next((band.points for band in self.bands if band.holds(value)), self.otherwise)

    @property
    def min_points(self) -> float:
        """The fewest points of any band or of `otherwise`."""
        return min(self.otherwise, *(band.points for band in self.bands))

    def describe(self) -> Message:
        """Plain-language rule text."""
        parts = Listing(Message("%(values)s gets %(points)s", values=band.wording(), points=points_words(band.points))
                        for band in self.bands)
        return Message("Step bands: %(bands)s; any other value gets %(otherwise)s.", bands=parts,
                       otherwise=points_words(self.otherwise))

    def formula(self) -> str:
        """The formula text."""
        parts = [f"{band.wording()}: {number_text(band.points)}" for band in self.bands]
        return "points = max points × (" + "; ".join(parts) + f"; else {number_text(self.otherwise)}) / 100"

    def target(self, value: Any) -> Target | None:
        """The nearest value in a band with the most points, when the value is not in one."""
        value = float(value)
        best = max(band.points for band in self.bands)
        if self.points(value) >= best:
            return None
        candidates = [band.nearest(value) for band in self.bands if band.points == best]
        return min(candidates, key=lambda target: abs(target.value - value))


def _read_bands(reader: ParamReader, raw: Any) -> tuple[Band, ...] | None:
    """At least one band; each with from < to (either may be null) and points in 0..100; no overlaps."""
    if not isinstance(raw, (list, tuple)) or not raw:
        reader.problem("bands", Message("expected a list of {from, to, points} bands"))
        return None
    bands = []
    for index, item in enumerate(raw):
        place = f"bands[{index}]"
        if not isinstance(item, dict) or set(item) - {"from", "to", "points"} or "points" not in item:
            reader.problem(place, Message("expected {from, to, points} (from and to may be null)"))
            continue
        lower, upper = (None if item.get(key) is None else reader.check_number(f"{place}.{key}", item[key])
                        for key in ("from", "to"))
        points = reader.check_number(f"{place}.points", item["points"], 0, 100)
        if lower is None and upper is None:
            reader.problem(place, Message("a band needs at least one of from and to"))
        elif lower is not None and upper is not None and lower >= upper:
            reader.problem(place, Message("from must be below to"))
        elif points is not None:
            bands.append(Band(lower, upper, points))
    if len(bands) != len(raw):
        return None
    ordered = sorted(bands, key=lambda b: float("-inf") if b.lower is None else b.lower)
    for before, after in zip(ordered, ordered[1:]):
        if before.upper is None or after.lower is None or after.lower < before.upper:
            first, second = before.wording(), after.wording()
            reader.problem("bands", Message("bands overlap: %(first)s and %(second)s", first=first, second=second))
            return None
    return tuple(ordered)


@dataclass(frozen=True)
class ThresholdRule(NumericRule):
    """A value at or beyond the threshold gets points_met, else points_not_met."""

    kind: ClassVar[str] = "threshold"
    threshold: float
    better: str
    points_met: float = 100.0
    points_not_met: float = 0.0

    @classmethod
    def read_params(cls, reader: ParamReader) -> dict[str, Any]:
        """threshold, better: lower|higher, points_met (100) and points_not_met (0) in 0..100."""
        met, not_met = reader.number("points_met", 100.0, 0, 100), reader.number("points_not_met", 0.0, 0, 100)
        if met is not None and not_met is not None and met <= not_met:
            reader.problem("points_met", Message("must be above points_not_met"))
        return {"threshold": reader.number("threshold"), "better": reader.choice("better", BETTER),
                "points_met": met, "points_not_met": not_met}

    def params(self) -> dict[str, Any]:
        """threshold, better, points_met, points_not_met."""
        return {"threshold": self.threshold, "better": self.better,
                "points_met": self.points_met, "points_not_met": self.points_not_met}

    def is_met(self, value: float) -> bool:
        """At or below the threshold (lower is better) or at or above it (higher is better)."""
        return value <= self.threshold if self.better == "lower" else value >= self.threshold

    def goal(self) -> Target:
        """The threshold as a target: "50 or less"."""
        return Target(self.threshold, self.points_met, "or less" if self.better == "lower" else "or more")

    def points(self, value: Any, context: PriceRange | None = None) -> float:
        """points_met when the threshold is met."""
        return self.points_met if self.is_met(float(value)) else self.points_not_met

    @property
    def min_points(self) -> float:
        """The points of a value that misses the threshold."""
        return self.points_not_met

    def describe(self) -> Message:
        """Plain-language rule text."""
        words = {"threshold": self.threshold, "met": points_words(self.points_met),
                 "not_met": points_words(self.points_not_met)}
        if self.better == "lower":
            return Message("%(threshold)s or less gets %(met)s; any other value gets %(not_met)s.", **words)
        return Message("%(threshold)s or more gets %(met)s; any other value gets %(not_met)s.", **words)

    def formula(self) -> str:
        """The formula text."""
        sign = "≤" if self.better == "lower" else "≥"
        return (f"points = max points × {number_text(self.points_met)} / 100 if value {sign} "
                f"{number_text(self.threshold)}, else max points × {number_text(self.points_not_met)} / 100")

    def target(self, value: Any) -> Target | None:
        """The threshold, when it is not met."""
        return None if self.is_met(float(value)) else self.goal()
