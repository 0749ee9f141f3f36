"""The value a criterion reads from a profile: per material, combined as the tender publishes, never over a
silently shortened bill of materials.

Pooling the supply of complementary materials understates concentration (Nd 90% of the mass from one
country and Dy 10% from another pool to an HHI of 8,200 although each has a single source, 10,000), so a
whole-product HHI or largest third-country share is measured per material and then combined: the
mass-weighted mean, or the least favourable material. For the share metrics (EU-27, partners, recycled) the
mass-weighted mean of the materials' shares is the pooled share. A material the bid leaves undeclared at the
stage is never dropped from the weighting: the published handling scores the criterion's minimum, or counts
that material at its world supply mix.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

from scoring.messages import Message, Percent
from scoring.reference import reference as ref
from scoring.resilience.baseline import world_baseline
from scoring.resilience.model import CONCENTRATION_METRICS, ResilienceProfile, percentage_digits

# How an incomplete declaration was read (the note of the criterion's result), one template per sentence, read back
# by an application from a stored result's English text.
NOT_DECLARED = Message("%(materials)s is not declared at the %(stage)s stage (%(share)s of the bill of materials' "
                       "mass declared)", materials="", stage="", share="")
NOT_DECLARED_MANY = Message("%(materials)s are not declared at the %(stage)s stage (%(share)s of the bill of "
                            "materials' mass declared)", materials="", stage="", share="")
AT_MINIMUM = Message("incomplete: %(extent)s: scores the criterion's minimum", extent="")
NO_WORLD_FIGURE = Message("incomplete: %(extent)s; no world figure for %(unknown)s at the %(stage)s stage: scores "
                          "the criterion's minimum", extent="", unknown="", stage="")
WORLD_MIX = Message("incomplete: %(extent)s: the world supply mix stands in for %(materials)s", extent="",
                    materials="")
FIRST_NAMES = Message("%(part)s, %(next)s", part="", next="")
LAST_NAME = Message("%(part)s and %(next)s", part="", next="")
READING_NOTES = (NOT_DECLARED, NOT_DECLARED_MANY, AT_MINIMUM, NO_WORLD_FIGURE, WORLD_MIX)


@dataclass(frozen=True)
class Reading:
    """A criterion's value and how complete the declaration behind it is."""

    value: float | None  # None: nothing to score (blank declaration, or the minimum applies)
    covered_mass_share: float  # percent of the mass the criterion reads that the bid declared at the stage
    undeclared: tuple[str, ...]  # materials it reads that the bid left undeclared there, bill-of-materials order
    stage: str
    is_blank: bool = False  # the bid declared no supply chain at all: a missing answer, not an incomplete one
    note: str = ""  # a Message when incomplete

    @property
    def is_incomplete(self) -> bool:
        """Part of what the criterion reads was not declared."""
        return bool(self.undeclared) and not self.is_blank


def read_metric(profile: ResilienceProfile, metric: str, stage: str, material: str | None = None,
                aggregate: str = "mean", undeclared: str = "minimum") -> Reading:
    """The metric of one material, or of the whole product combined by `aggregate`, with `undeclared` applied."""
    stage_profile = profile.stages[stage]
    materials = (material,) if material else tuple(profile.bill_of_materials)
    missing = tuple(code for code in materials if code not in stage_profile.materials)
    mass = {code: profile.bill_of_materials[code] for code in materials}
    covered = 100.0 * math.fsum(mass[code] for code in materials if code not in missing) / math.fsum(mass.values())
    if not any(part.covered for part in profile.stages.values()):
        return Reading(None, covered, missing, stage, is_blank=True)
    if not missing:
        if aggregate == "pooled" or material:
            return Reading(profile.value(metric, stage, material), covered, (), stage)
        values = {code: metrics.value(metric) for code, metrics in stage_profile.materials.items()}
        return Reading(_combine(metric, aggregate, values, mass), covered, (), stage)
    stage_word = Message(stage)  # the stage's code, which the catalogues translate ("processing": "Verarbeitung")
    extent = Message((NOT_DECLARED if len(missing) == 1 else NOT_DECLARED_MANY).msgid, materials=_names(missing),
                     stage=stage_word, share=Percent(float(percentage_digits(covered))))
    if undeclared == "minimum":
        return Reading(None, covered, missing, stage, note=Message(AT_MINIMUM.msgid, extent=extent))
    world = {code: _world_value(code, stage, metric, profile.partner_group) for code in missing}
    unknown = tuple(code for code, value in world.items() if value is None)
    if unknown:
        return Reading(None, covered, missing, stage, note=Message(NO_WORLD_FIGURE.msgid, extent=extent,
                                                                   unknown=_names(unknown), stage=stage_word))
    values = {code: world[code] if code in world else stage_profile.materials[code].value(metric)
              for code in materials}
    return Reading(_combine(metric, aggregate, values, mass), covered, missing, stage,
                   note=Message(WORLD_MIX.msgid, extent=extent, materials=_names(missing)))


def _combine(metric: str, aggregate: str, values: dict[str, float], mass: dict[str, float]) -> float:
    """The mass-weighted mean of the materials' values, or the least favourable one."""
    if aggregate == "worst":
        return max(values.values()) if metric in CONCENTRATION_METRICS else min(values.values())
    return math.fsum(mass[code] * value for code, value in values.items()) / math.fsum(mass.values())


@lru_cache(maxsize=256)
def _world_value(material: str, stage: str, metric: str, partners: frozenset[str]) -> float | None:
    """The world baseline's metric for a material at a stage (USGS MCS 2025, European Commission CRM study
    2023, as cited in its data rows); None where there is no confirmed figure."""
    return world_baseline(material, stage, partners).metrics[metric]


def _names(codes: tuple[str, ...]) -> Message:
    """Material names in words: "Dysprosium", "Dysprosium and Terbium"."""
    return names_message([ref.material_name(code) for code in codes])


def names_message(names: list[str]) -> Message:
    """Material names (the library's, which applications translate as msgids) joined as a sentence lists them:
    "Dysprosium, Terbium and Neodymium"."""
    words = [Message(name) for name in names]
    joined = words[0]
    for word in words[1:-1]:
        joined = Message(FIRST_NAMES.msgid, part=joined, next=word)
    return joined if len(words) == 1 else Message(LAST_NAME.msgid, part=joined, next=words[-1])
