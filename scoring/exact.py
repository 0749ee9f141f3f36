"""Weights as exact numbers: read from the decimals the author wrote, written back without float noise.

A weight of 33.3 is 333/10, not the binary float nearest to it, so products of weights down a tree
(30% x 33.3% = 9.99%) and shares of the total turned into level percentages (10 of 60 = 50/3 %) stay
exact; floats appear only where points are multiplied by them.
"""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction
from typing import Any


def exact_number(raw: Any) -> Fraction | None:
    """The number the author wrote, exactly: a float is read through its shortest decimal text (33.3 -> 333/10).

    None for anything that is not a finite real number (bools are not numbers)."""
    if isinstance(raw, bool) or not isinstance(raw, (int, float, Decimal, Fraction)):
        return None
    if isinstance(raw, float):
        return Fraction(repr(raw)) if math.isfinite(raw) else None
    if isinstance(raw, Decimal) and not raw.is_finite():
        return None
    return Fraction(raw)


def plain_number(value: Fraction | float | Decimal) -> int | float:
    """A number as JSON and YAML should show it: 25 when whole, else the shortest decimal (9.99, 16.666666666666668)."""
    if isinstance(value, float):
        return int(value) if value.is_integer() else value
    value = Fraction(value)
    return value.numerator if value.denominator == 1 else float(value)
