"""World supply baseline: the same metrics on world supply shares (scoring/reference/world_shares.csv: USGS Mineral
Commodity Summaries 2025 and the European Commission's Study on the Critical Raw Materials for the EU 2023)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from types import MappingProxyType

from scoring import countries
from scoring.problems import InvalidInput, Problem
from scoring.reference import reference as ref
from scoring.resilience.model import METRICS, STAGES, percentage_digits
from scoring.resilience.validation import partner_set

NO_FIGURES = MappingProxyType(dict.fromkeys(METRICS))
SHARE_METRICS = ("hhi", "eu_share", "partner_share")  # computed over the listed countries only


@dataclass(frozen=True)
class CountryShare:
    """One supplier country's share of world supply, as the source gives it ("about", "more than")."""

    country: str
    name: str | None
    share: float
    qualifier: str


@dataclass(frozen=True)
class WorldBaseline:
    """METRICS on world supply shares for a material at a stage, with the sources they come from."""

    material: str
    material_name: str | None
    stage: str
    basket: str | None  # the reference basket standing for the material ("light REE")
    basket_source: str | None
    data_version: str
    confidence: str | None
    metrics: Mapping[str, float | None]  # each of METRICS; None where there is no confirmed figure
    largest_third_country: str | None
    shares: tuple[CountryShare, ...]  # largest first, the rest of world left out
    rest_of_world: float | None  # the share the source does not break down by country
    lower_bounds: tuple[str, ...]  # metrics that are lower bounds, not values
    sources: tuple[str, ...]
    notes: tuple[str, ...]


def world_baseline(material: str, stage: str, partner_group: Iterable[str] | None = None) -> WorldBaseline:
    """The world baseline for a material at a stage; InvalidInput names an unknown material, stage or partner.

    Where the source lists only the top suppliers, the remainder is "rest of world" (XX): it is left out of
    largest_third_country_share, and hhi, eu_share and partner_share are lower bounds (the remainder is not
    broken down by country). Metrics are None where the reference data has no confirmed figure.
    """
    partners = _checked(material, stage, partner_group)
    basket = ref.world_basket(material, stage)
    rows = ref.world_shares(basket, stage) if basket else ()
    known = sorted((row for row in rows if row.share is not None and row.country != ref.REST_OF_WORLD),
                   key=lambda row: (-row.share, row.country))
    notes = [row.note for row in rows if row.note and row.country != ref.REST_OF_WORLD]
    baseline = WorldBaseline(
        material=material, material_name=ref.material_name(material), stage=stage, basket=basket,
        basket_source=ref.world_basket_source(material, stage), data_version=ref.DATA_VERSION,
        confidence=rows[0].confidence if rows else None, metrics=NO_FIGURES, largest_third_country=None,
        shares=(), rest_of_world=None, lower_bounds=(), sources=tuple(sorted({row.source for row in rows})),
        notes=(*notes, "no confirmed data"))
    if not known:
        return baseline
    rest = math.fsum(row.share for row in rows if row.share is not None and row.country == ref.REST_OF_WORLD)
    largest = next((row for row in known if row.country not in countries.EU27), None)
    lower_bounds, bound_notes = _lower_bounds(largest, rest)
    return replace(
        baseline, metrics=_metrics(known, largest, partners),
        largest_third_country=largest.country if largest else None,
        shares=tuple(CountryShare(row.country, countries.country_name(row.country), row.share, row.qualifier)
                     for row in known),
        rest_of_world=rest, lower_bounds=lower_bounds,
        notes=(*notes, *bound_notes, "recycled_share: no confirmed data"))


def _checked(material: str, stage: str, partner_group: Iterable[str] | None) -> frozenset[str]:
    """The partner countries, once the material, the stage and the partner group are known to be valid."""
    partners, problems = partner_set(partner_group)
    if ref.material(material) is None:
        problems.append(Problem("material", f"{material!r} is not a material code of the reference data"))
    if not isinstance(stage, str) or stage not in STAGES:
        problems.append(Problem("stage", f"stage {stage!r} is not one of: {', '.join(STAGES)}"))
    if problems:
        raise InvalidInput(problems)
    return partners


def _metrics(known: Sequence[ref.WorldShare], largest: ref.WorldShare | None,
             partners: frozenset[str]) -> Mapping[str, float | None]:
    """The metrics over the listed countries; recycled_share stays None (end-of-life recycling rates are not
    confirmed)."""
    eu27 = countries.EU27
    return MappingProxyType({
        "largest_third_country_share": largest.share if largest else 0.0,
        "hhi": math.fsum(row.share * row.share for row in known),
        "eu_share": math.fsum(row.share for row in known if row.country in eu27),
        "partner_share": math.fsum(row.share for row in known if row.country in partners and row.country not in eu27),
        "recycled_share": None,
    })


def _lower_bounds(largest: ref.WorldShare | None, rest: float) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The metrics that are only lower bounds, and why: a "more than" figure, or a remainder with no countries."""
    bounds, notes = [], []
    if largest is not None and largest.qualifier == "more than":
        bounds.append("largest_third_country_share")
        notes.append(f"largest_third_country_share: the source gives more than {percentage_digits(largest.share)}%")
    if rest > 0.0:
        bounds += SHARE_METRICS
        notes.append(f"hhi, eu_share and partner_share are lower bounds: "
                     f"{percentage_digits(rest)}% rest of world is not broken down by country")
    return tuple(bounds), tuple(notes)
