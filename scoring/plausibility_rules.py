"""The rates a tender checks declared recycled shares against (tender.yaml key `plausibility`).

    plausibility:
      recycled_margin: 10                   # percentage points above a material's rate before a line is flagged
      recycled_input_rates:                 # by material code (scoring/reference/materials.csv), in percent
        Co: {rate: 22, source: "European Commission, Study on the Critical Raw Materials for the EU 2023, ..."}

Why the tender publishes these and the reference data do not: the end-of-life recycling input rate of a material
(the share of its input to production that comes from recycled end-of-life scrap) is a figure the reference data
hold as not confirmed and store no number for (scoring/reference/README.md). An authority that has checked a
figure publishes it with its source among its procurement documents; the flag `recycled_above_rate`
(scoring/plausibility.py) then cites that rate and that source, never a number of the library's. The margin is
the authority's too: a rate is an average over a material's whole market, and a supplier that buys scrap on
purpose may well be above it, so how far above is "far above" is the tender's published judgement, not a
constant here. Both keys are required together: a rate without a margin would leave the flag's threshold to be
invented. A flag changes no points, and a tender without the key flags nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from scoring.messages import Message
from scoring.problems import Problem
from scoring.resilience.validation import unknown_material
from scoring.rules.base import as_number

KEYS = ("recycled_input_rates", "recycled_margin")
RATE_KEYS = ("rate", "source")
PLACE = "plausibility"


@dataclass(frozen=True)
class RecycledRate:
    """A material's end-of-life recycling input rate as the tender publishes it."""

    rate: float  # percent
    source: str  # the publication the authority cites, in its own words (not translated)


@dataclass(frozen=True)
class PlausibilityRules:
    """The published rates by material code, and how many percentage points above its rate a line's recycled share
    must be to be flagged."""

    recycled_input_rates: Mapping[str, RecycledRate]
    recycled_margin: float

    def to_dict(self) -> dict[str, Any]:
        """The section as tender.yaml writes it."""
        return {"recycled_input_rates": {code: {"rate": entry.rate, "source": entry.source}
                                         for code, entry in self.recycled_input_rates.items()},
                "recycled_margin": self.recycled_margin}


def parse_plausibility(raw: Any) -> tuple[PlausibilityRules | None, list[Problem]]:
    """The rules (None when the tender publishes none) and every problem, placed
    (`plausibility.recycled_input_rates.Co.rate`)."""
    if raw is None:
        return None, []
    if not isinstance(raw, Mapping):
        return None, [Problem(PLACE, Message("expected a mapping with %(keys)s", keys=", ".join(KEYS)))]
    problems = [Problem(f"{PLACE}.{key}", Message("unknown field")) for key in raw if key not in KEYS]
    rates = _rates(raw.get("recycled_input_rates"), problems)
    margin = _percent(raw.get("recycled_margin"), f"{PLACE}.recycled_margin", problems,
                      Message("expected percentage points from 0 to 100, got %(value)s",
                              value=repr(raw.get("recycled_margin"))))
    if problems:
        return None, problems
    return PlausibilityRules(MappingProxyType(rates), margin), []


def _rates(raw: Any, problems: list[Problem]) -> dict[str, RecycledRate]:
    place = f"{PLACE}.recycled_input_rates"
    if raw is None:
        problems.append(Problem(place, Message("missing")))
        return {}
    if not isinstance(raw, Mapping) or not raw:
        problems.append(Problem(place, Message("expected a mapping from material codes to a rate and its source")))
        return {}
    rates = {}
    for code, entry in raw.items():
        unknown = unknown_material(code, f"{place}.{code}")
        if unknown:
            problems.append(unknown)
        elif not isinstance(entry, Mapping):
            problems.append(Problem(f"{place}.{code}", Message("expected a mapping with %(keys)s",
                                                               keys=", ".join(RATE_KEYS))))
        else:
            problems += [Problem(f"{place}.{code}.{key}", Message("unknown field")) for key in entry
                         if key not in RATE_KEYS]
            value = entry.get("rate")
            rate = _percent(value, f"{place}.{code}.rate", problems,
                            Message("expected a percentage from 0 to 100, got %(value)s", value=repr(value)))
            rates[code] = RecycledRate(rate, _source(entry.get("source"), f"{place}.{code}.source", problems))
    return rates


def _percent(raw: Any, place: str, problems: list[Problem], wrong: Message) -> float:
    """A number from 0 to 100; `wrong` says what a value that is no such number should be."""
    number = as_number(raw)
    if raw is None:
        problems.append(Problem(place, Message("missing")))
    elif number is None or not 0 <= number <= 100:
        problems.append(Problem(place, wrong))
    return number or 0.0


def _source(raw: Any, place: str, problems: list[Problem]) -> str:
    """The publication a rate comes from: required, since the flag cites it."""
    if raw is None:
        problems.append(Problem(place, Message("missing")))
    elif not isinstance(raw, str) or not raw.strip():
        problems.append(Problem(place, Message("expected a non-empty text")))
    return raw if isinstance(raw, str) else ""
