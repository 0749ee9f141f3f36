"""Cell values both ways: text written so Excel never runs it, and typed reading with the cell named in each problem."""
from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import date, time, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from scoring.problems import Problem
from scoring.rules.base import number_text
from workbooks.wording import say as _

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell

# A cell starting with one of these runs as a formula when a spreadsheet re-reads the text (docs/security.md: exports).
DANGEROUS_LEADS = ("=", "+", "-", "@", "\t", "\r")
NEUTRALISER = "'"
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_SHOWN_LENGTH = 40
# openpyxl's ILLEGAL_CHARACTERS_RE (the control characters XML cannot hold), copied so reading needs no openpyxl.
ILLEGAL_CHARACTERS_RE = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")


def safe_text(value: object) -> str:
    """Text for a cell that no spreadsheet treats as a formula: a dangerous first character gets a ' before it
    (control characters that XML cannot hold are dropped)."""
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    return NEUTRALISER + text if text.startswith(DANGEROUS_LEADS) else text


def restore_text(text: str) -> str:
    """The text safe_text was given (the reader's inverse, so a name round-trips unchanged)."""
    return text[1:] if text.startswith(NEUTRALISER) and text[1:].startswith(DANGEROUS_LEADS) else text


def write_text(target: Cell, value: object) -> None:
    """Writes user or tender text as an explicit string (openpyxl would store "=..." as a formula)."""
    target.value = safe_text(value)
    target.data_type = "s"


class CellError(ValueError):
    """A cell's value cannot be used; the message says why in the bidder's words."""


def shown(raw: Any) -> str:
    """A raw cell value as a problem message quotes it."""
    if isinstance(raw, bool):
        return "TRUE" if raw else "FALSE"
    if isinstance(raw, (int, float)):
        return number_text(raw) if math.isfinite(raw) else str(raw)
    if isinstance(raw, (date, time, timedelta)):
        return _("a date or time (%(value)s)", value=raw)
    text = str(raw)
    return repr(text if len(text) <= _SHOWN_LENGTH else text[:_SHOWN_LENGTH] + "…")


def is_blank(raw: Any) -> bool:
    """Empty cells come back from python-calamine as ""."""
    return raw is None or (isinstance(raw, str) and not raw.strip())


def text(raw: Any, what: str, max_length: int) -> str:
    """Free text of at most max_length characters; whole numbers typed into a text cell count as their digits."""
    if isinstance(raw, str):
        value = restore_text(raw.strip())
    elif isinstance(raw, float) and raw.is_integer() and abs(raw) < 1e15:
        value = str(int(raw))
    elif isinstance(raw, (int, float)) and not isinstance(raw, bool) and math.isfinite(raw):
        value = number_text(raw)
    else:
        raise CellError(_("%(what)s: expected text, got %(value)s", what=what, value=shown(raw)))
    if len(value) > max_length:
        raise CellError(_("%(what)s is %(length)s characters long; at most %(maximum)s fit", what=what,
                          length=f"{len(value):,}", maximum=max_length))
    return value


def number(raw: Any, what: str, low: float | None = None, high: float | None = None) -> float:
    """A finite number (a number typed as text counts), within [low, high] when given."""
    value = None
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        value = float(raw)
    elif isinstance(raw, str) and _NUMBER.fullmatch(raw.strip()):
        value = float(raw.strip())
    if value is None or not math.isfinite(value):
        raise CellError(_("%(what)s: expected a number, got %(value)s", what=what, value=shown(raw)))
    if low is not None and value < low:
        raise CellError(_("%(what)s %(value)s is below %(low)s", what=what, value=number_text(value),
                          low=number_text(low)))
    if high is not None and value > high:
        raise CellError(_("%(what)s %(value)s is above %(high)s", what=what, value=number_text(value),
                          high=number_text(high)))
    return value


def amount(raw: Any, what: str, decimals: int, maximum: float) -> Decimal:
    """A money amount from zero up to maximum, with at most `decimals` decimal places, kept exact. Zero is
    an amount: a tender may not be rejected for a price of zero alone (Case C-367/19 Tax-Audit)."""
    value = number(raw, what, low=0, high=maximum)
    exact = Decimal(raw.strip()) if isinstance(raw, str) else Decimal(repr(value))
    if exact != exact.quantize(Decimal(1).scaleb(-decimals), rounding="ROUND_HALF_EVEN"):
        raise CellError(_("%(what)s %(value)s has more than %(decimals)s decimals; round it", what=what,
                          value=number_text(value), decimals=decimals))
    return exact


class CellProblems:
    """Reads cells one by one, collecting every problem with its place instead of stopping at the first."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, place: str, message: str) -> None:
        """Records a problem found outside a parser."""
        self.problems.append(Problem(place, message))

    def read(self, place: str, parse: Callable[..., Any], raw: Any, *args: Any) -> Any:
        """parse(raw, *args), or None after recording its problem at place; blank cells give None."""
        if is_blank(raw):
            return None
        try:
            return parse(raw, *args)
        except CellError as error:
            self.problems.append(Problem(place, str(error)))
            return None
