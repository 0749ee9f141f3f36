"""Resilience metrics per (material, stage) and per stage for the whole product, and the legal-line flags."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from types import MappingProxyType

from scoring import countries
from scoring.problems import InvalidInput
from scoring.reference import reference as ref
from scoring.resilience.model import (
    CRMA_SINGLE_COUNTRY_LIMIT,
    CRMA_SOURCE,
    CRMA_STAGES,
    NZIA_SINGLE_COUNTRY_LINE,
    NZIA_SOURCE,
    NZIA_STAGES,
    STAGES,
    Flag,
    Metrics,
    ResilienceProfile,
    StageProfile,
    SupplyLine,
    by_country,
    by_share,
)
from scoring.resilience.validation import partner_set, scan, validate_bill_of_materials


def compute_profile(
    lines: Iterable[SupplyLine],
    bill_of_materials: Mapping[str, float],
    partner_group: Iterable[str] | None = None,
) -> ResilienceProfile:
    """Resilience metrics of one declaration; raises InvalidInput listing every problem."""
    partners, problems = partner_set(partner_group)
    problems += validate_bill_of_materials(bill_of_materials)
    line_problems, groups = scan(lines, bill_of_materials)
    problems += line_problems
    if problems:
        raise InvalidInput(problems)

    eu27 = countries.EU27
    total_mass = math.fsum(float(mass) for mass in bill_of_materials.values())
    stages = {}
    flags: list[Flag] = []
    for stage in STAGES:
        per_material: dict[str, Metrics] = {}
        aggregate: dict[str, float] = {}
        recycled_weighted = 0.0
        covered_mass = 0.0
        for material, mass in bill_of_materials.items():
            group = groups.get((material, stage))
            if group is None:
                continue
            merged, total, recycled = group
            metrics = _metrics(merged, total, recycled, eu27, partners)
            per_material[material] = metrics
            mass = float(mass)
            covered_mass += mass
            recycled_weighted += mass * recycled
            for country, share in metrics.shares:  # fixed order: BOM order, then sorted shares
                aggregate[country] = aggregate.get(country, 0.0) + mass * share
            flags.extend(_flags(metrics, stage, material))
        if per_material:
            combined = _metrics(aggregate, covered_mass * 100.0, recycled_weighted / covered_mass, eu27, partners)
        else:
            combined = None
        stages[stage] = StageProfile(
            aggregate=combined,
            materials=MappingProxyType(per_material),
            covered=tuple(per_material),
            covered_mass_share=100.0 * covered_mass / total_mass,
        )
    return ResilienceProfile(
        stages=MappingProxyType(stages),
        bill_of_materials=MappingProxyType({code: float(mass) for code, mass in bill_of_materials.items()}),
        partner_group=partners,
        flags=tuple(flags),
    )


def _metrics(
    amounts: Mapping[str, float], total: float, recycled: float, eu27: frozenset, partners: frozenset
) -> Metrics:
    """Metrics of country amounts normalised so that they sum to 100."""
    scale = 100.0 / total
    shares = [(country, amount * scale) for country, amount in amounts.items()]
    shares.sort(key=by_country)  # two stable C-level sorts: largest share first, ties by country code
    shares.sort(key=by_share, reverse=True)
    largest_country, largest_share = None, 0.0
    eu_share = partner_share = hhi = 0.0
    for country, share in shares:  # sorted order: the sums below do not depend on the lines' order
        hhi += share * share
        if country in eu27:
            eu_share += share
            continue
        if largest_country is None and share > 0.0:
            largest_country, largest_share = country, share
        if country in partners:
            partner_share += share
    return Metrics(
        shares=tuple(shares),
        largest_third_country=largest_country,
        largest_third_country_share=largest_share,
        hhi=hhi,
        eu_share=eu_share,
        partner_share=partner_share,
        recycled_share=recycled,
    )


def _flags(metrics: Metrics, stage: str, material: str) -> list[Flag]:
    """CRMA flag for a strategic raw material above 65% at a raw-material stage; NZIA flag above 50% at the
    component stage. Per material only: a pooled whole-product share never exceeds every material's share."""
    share, country = metrics.largest_third_country_share, metrics.largest_third_country
    if country is None:
        return []
    if stage in NZIA_STAGES and share > NZIA_SINGLE_COUNTRY_LINE:
        return [Flag("nzia_art25", stage, material, country, share, NZIA_SINGLE_COUNTRY_LINE, NZIA_SOURCE)]
    if stage in CRMA_STAGES and share > CRMA_SINGLE_COUNTRY_LIMIT and ref.material(material).is_strategic:
        return [Flag("crma_art5", stage, material, country, share, CRMA_SINGLE_COUNTRY_LIMIT, CRMA_SOURCE)]
    return []
