"""What the self-assessment page shows: points per criterion with the rule's words, what would raise the score,
and the declared supply chain beside the world's (scoring.resilience.world_baseline)."""
from __future__ import annotations

from dataclasses import dataclass

from app.workbooks import ParsedWorkbook
from app.workbooks.safety import PLACE as WHOLE_FILE
from scoring import self_assess
from scoring.countries import country_name
from scoring.definition import Tender
from scoring.problems import Problem
from scoring.reference import reference
from scoring.resilience import STAGES, Metrics, ResilienceProfile, compute_profile, world_baseline
from scoring.result import INCOMPLETE, INVALID, MISSING, SCORED
from scoring.rules.base import number_text
from scoring.self_assessment import COMMITTEE, DEPENDS, STAGE_WORDS, AssessedCriterion, SelfAssessment

STATUS_WORDS = {SCORED: "scored", DEPENDS: "depends on the other bids: scored at the evaluation",
                COMMITTEE: "scored by the evaluation committee",
                MISSING: "missing: not answered, so it earns nothing (a blank is not scored as zero)",
                INVALID: "not valid: not scored, and the bid is ineligible until it is corrected"}
# The percentage metrics share one 0-100 axis in the chart; HHI (0-10,000) is shown in the table only.
CHART_METRICS = (("largest_third_country_share", "Largest third country"), ("eu_share", "EU-27"),
                 ("partner_share", "Partner countries"), ("recycled_share", "Recycled feedstock"))
CHART_ROW_HEIGHT = 40
SELF_ASSESSED_BID = "self-assessment"


@dataclass(frozen=True)
class Comparison:
    """One percentage metric of one material at one stage: the bid's value and the world's (None: no data)."""

    label: str
    declared: float
    world: float | None
    is_lower_bound: bool  # the world figure is a lower bound (DOMAIN.md §5 lists only the top suppliers)
    y: int  # the row's top in the chart

    @property
    def declared_text(self) -> str:
        """The bid's share in words."""
        return f"{number_text(round(self.declared, 1))}%"

    @property
    def world_text(self) -> str:
        """The world's share in words, marked where it is a lower bound or unknown."""
        if self.world is None:
            return "no data"
        return f"{'at least ' if self.is_lower_bound else ''}{number_text(round(self.world, 1))}%"


@dataclass(frozen=True)
class StageComparison:
    """One declared material at one stage beside the world's supply of it."""

    material: str
    stage: str
    declared_top: str  # "China 80%", or "all from the EU-27"
    world_top: str
    declared_hhi: str
    world_hhi: str
    metrics: tuple[Comparison, ...]

    @property
    def title(self) -> str:
        """The material and stage in words, e.g. Dysprosium, refining."""
        return f"{reference.material_name(self.material)}, {STAGE_WORDS[self.stage]}"

    @property
    def chart_height(self) -> int:
        """The chart's height in SVG units: one row per metric."""
        return CHART_ROW_HEIGHT * len(self.metrics)


@dataclass(frozen=True)
class Assessment:
    """The self-assessment of one uploaded workbook (nothing of it is stored)."""

    sha256: str
    workbook: ParsedWorkbook
    result: SelfAssessment
    hints: tuple[AssessedCriterion, ...]  # largest gain first
    resilience: tuple[StageComparison, ...]
    flags: tuple[str, ...]


def assess(tender: Tender, workbook: ParsedWorkbook, sha256: str) -> Assessment:
    """Score the workbook alone and compare its supply chain with the world; InvalidInput lists every problem."""
    result = self_assess(tender, workbook.to_bid(SELF_ASSESSED_BID, workbook.company.name, None))
    hints = tuple(sorted((c for c in result.criteria if c.hint), key=lambda c: -(c.hint_gain or 0.0)))
    profile = None
    if tender.bill_of_materials and workbook.supply:
        profile = compute_profile(workbook.supply, tender.bill_of_materials, tender.partner_group)
    resilience = resilience_comparisons(profile, tender) if profile else ()
    flags = tuple(flag.message for flag in profile.flags) if profile else ()
    return Assessment(sha256, workbook, result, hints, resilience, flags)


def status_words(criterion: AssessedCriterion) -> str:
    """The criterion's state in the words the page uses; an incomplete one names the material and stage missing."""
    if criterion.status == INCOMPLETE:
        return criterion.note
    return STATUS_WORDS.get(criterion.status, criterion.status)


def problem_place(problem: Problem) -> tuple[str, str]:
    """A problem's sheet and cell ("Company!B4" -> ("Company", "B4")); a whole-file problem has no cell."""
    sheet, _, cell = problem.place.partition("!")
    return ("whole file" if sheet == WHOLE_FILE else sheet), cell


def resilience_comparisons(profile: ResilienceProfile, tender: Tender) -> tuple[StageComparison, ...]:
    """Each declared material and stage beside the world baseline: the data of one chart (portal and results)."""
    comparisons = []
    for stage in STAGES:
        for material, declared in profile.stages[stage].materials.items():
            world = world_baseline(material, stage, tender.partner_group)
            comparisons.append(_comparison(material, stage, declared, world))
    return tuple(comparisons)


def _comparison(material: str, stage: str, declared: Metrics, world: dict) -> StageComparison:
    known = world["metrics"]
    lower = set(world["lower_bounds"])
    metrics = tuple(Comparison(label, declared.value(metric), known[metric], metric in lower, row * CHART_ROW_HEIGHT)
                    for row, (metric, label) in enumerate(CHART_METRICS))
    world_share = known["largest_third_country_share"]
    world_top = "no data" if world_share is None else _top(world["largest_third_country"], world_share)
    return StageComparison(material, stage, _top(declared.largest_third_country, declared.largest_third_country_share),
                           world_top, number_text(round(declared.hhi)),
                           "no data" if known["hhi"] is None else number_text(round(known["hhi"])), metrics)


def _top(country: str | None, share: float) -> str:
    if country is None:
        return "none: all from the EU-27"
    return f"{country_name(country) or country} {number_text(round(share, 1))}%"
