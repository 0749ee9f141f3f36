"""The figures a tender checks declared supply lines against (tender.yaml key `plausibility`).

    plausibility:
      recycled_margin: 10                   # percentage points above a material's rate before a line is flagged
      recycled_input_rates:                 # by material code (scoring/reference/materials.csv), in percent
        Co: {rate: 22, source: "European Commission, Study on the Critical Raw Materials for the EU 2023, ..."}
      facility_shares:                      # by facility name, as bidders write it in the Supplier column
        "Solvay La Rochelle": {material: Nd, stage: processing, share: 100, source: "Operator's annual report, p. 14"}

Why the tender publishes these and the reference data do not: the end-of-life recycling input rate of a material
(the share of its input to production that comes from recycled end-of-life scrap) is a figure the reference data
hold as not confirmed and store no number for (scoring/reference/README.md). An authority that has checked a
figure publishes it with its source among its procurement documents; the flag `recycled_above_rate`
(scoring/plausibility.py) then cites that rate and that source, never a number of the library's. The margin is
the authority's too: a rate is an average over a material's whole market, and a supplier that buys scrap on
purpose may well be above it, so how far above is "far above" is the tender's published judgement, not a
constant here. Both keys are required together: a rate without a margin would leave the flag's threshold to be
invented.

A facility's share is the largest part of the contract's need of one material at one stage (percent, above zero,
more than 100 when the facility could back the whole need several times over) that the authority judges the named
facility can plausibly back, from the source it cites (an operator's published capacity, a permit): the reference
data hold no facility's capacity, so the flag `shared_facility` fires only for the facilities a tender publishes.
A section may publish the rates, the facility shares, or both. A flag changes no points, and a tender without the
key flags nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType
from typing import Any

from scoring.messages import Message
from scoring.problems import Problem
from scoring.resilience.model import STAGES
from scoring.resilience.validation import unknown_material
from scoring.rules.base import as_number

KEYS = ("recycled_input_rates", "recycled_margin", "facility_shares")
RATE_KEYS = ("rate", "source")
FACILITY_KEYS = ("material", "stage", "share", "source")
PLACE = "plausibility"


@dataclass(frozen=True)
class RecycledRate:
    """A material's end-of-life recycling input rate as the tender publishes it."""

    rate: float  # percent
    source: str  # the publication the authority cites, in its own words (not translated)


@dataclass(frozen=True)
class FacilityShare:
    """The part of the contract's need of one material at one stage that a named facility can plausibly back."""

    material: str  # material code
    stage: str  # one of STAGES
    share: float  # percent of the need, above zero
    source: str  # the publication the authority judged it from, in its own words (not translated)


@dataclass(frozen=True)
class PlausibilityRules:
    """The published rates by material code, how many percentage points above its rate a line's recycled share
    must be to be flagged (None when the tender publishes no rates), and the facility shares by facility name."""

    recycled_input_rates: Mapping[str, RecycledRate]
    recycled_margin: float | None
    facility_shares: Mapping[str, FacilityShare]

    def to_dict(self) -> dict[str, Any]:
        """The section as tender.yaml writes it (only the keys it publishes)."""
        data: dict[str, Any] = {}
        if self.recycled_input_rates:
            data["recycled_input_rates"] = {code: {"rate": entry.rate, "source": entry.source}
                                            for code, entry in self.recycled_input_rates.items()}
            data["recycled_margin"] = self.recycled_margin
        if self.facility_shares:
            data["facility_shares"] = {name: {"material": entry.material, "stage": entry.stage,
                                              "share": entry.share, "source": entry.source}
                                       for name, entry in self.facility_shares.items()}
        return data


@lru_cache(maxsize=4096)
def facility_key(name: str) -> str:
    """A facility name as it is compared: casefolded, its whitespace collapsed ("Solvay  la Rochelle " is
    "solvay la rochelle"), since bidders type the Supplier cell by hand. Kept: the flag compares every other bid's
    lines, whose suppliers repeat, with each published facility."""
    return " ".join(name.split()).casefold()


def parse_plausibility(raw: Any) -> tuple[PlausibilityRules | None, list[Problem]]:
    """The rules (None when the tender publishes none) and every problem, placed
    (`plausibility.recycled_input_rates.Co.rate`, `plausibility.facility_shares.<name>.share`)."""
    if raw is None:
        return None, []
    if not isinstance(raw, Mapping) or not any(key in raw for key in KEYS):
        return None, [Problem(PLACE, Message("expected a mapping with %(keys)s", keys=", ".join(KEYS)))]
    problems = [Problem(f"{PLACE}.{key}", Message("unknown field")) for key in raw if key not in KEYS]
    rates, margin = {}, None
    if "recycled_input_rates" in raw or "recycled_margin" in raw:  # published together, or not at all
        rates = _rates(raw.get("recycled_input_rates"), problems)
        margin = _percent(raw.get("recycled_margin"), f"{PLACE}.recycled_margin", problems,
                          Message("expected percentage points from 0 to 100, got %(value)s",
                                  value=repr(raw.get("recycled_margin"))))
    facilities = _facilities(raw["facility_shares"], problems) if "facility_shares" in raw else {}
    if problems:
        return None, problems
    return PlausibilityRules(MappingProxyType(rates), margin, MappingProxyType(facilities)), []


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


def _facilities(raw: Any, problems: list[Problem]) -> dict[str, FacilityShare]:
    place = f"{PLACE}.facility_shares"
    if not isinstance(raw, Mapping) or not raw:
        problems.append(Problem(place, Message("expected a mapping from facility names to a material, a stage, a "
                                               "share and its source")))
        return {}
    facilities: dict[str, FacilityShare] = {}
    seen: dict[str, str] = {}
    for name, entry in raw.items():
        at = f"{place}.{name}"
        if not isinstance(name, str) or not name.strip():
            problems.append(Problem(at, Message("expected a facility name")))
        elif facility_key(name) in seen:
            problems.append(Problem(at, Message("the same facility as %(other)s", other=seen[facility_key(name)])))
        elif not isinstance(entry, Mapping):
            problems.append(Problem(at, Message("expected a mapping with %(keys)s", keys=", ".join(FACILITY_KEYS))))
        else:
            seen[facility_key(name)] = name
            facilities[name] = _facility(entry, at, problems)
    return facilities


def _facility(entry: Mapping, place: str, problems: list[Problem]) -> FacilityShare:
    problems += [Problem(f"{place}.{key}", Message("unknown field")) for key in entry if key not in FACILITY_KEYS]
    material, stage, share = entry.get("material"), entry.get("stage"), entry.get("share")
    if material is None:
        problems.append(Problem(f"{place}.material", Message("missing")))
    else:
        problems += filter(None, [unknown_material(material, f"{place}.material")])
    if stage is None:
        problems.append(Problem(f"{place}.stage", Message("missing")))
    elif stage not in STAGES:
        problems.append(Problem(f"{place}.stage", Message("expected one of %(stages)s, got %(value)s",
                                                          stages=", ".join(STAGES), value=repr(stage))))
    number = as_number(share)
    if share is None:
        problems.append(Problem(f"{place}.share", Message("missing")))
    elif number is None or number <= 0:
        problems.append(Problem(f"{place}.share", Message("expected a percentage of the need above 0, got "
                                                          "%(value)s", value=repr(share))))
    return FacilityShare(str(material), str(stage), number or 0.0,
                         _source(entry.get("source"), f"{place}.source", problems))


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
