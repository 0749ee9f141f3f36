"""A bid's supply-chain resilience set against the world baseline, as rows a report table and chart can draw.

Words in the document's language (app.reports.wording), material and country names too (app.presentation); the
legal lines' names are the regulations' own.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

from app.presentation import country_text, material_text, message_text, plain_share_text
from app.reports.wording import N_
from app.reports.wording import gettext as _
from scoring.definition import Tender as TenderDefinition
from scoring.problems import InvalidInput
from scoring.resilience import (
    CRMA_SINGLE_COUNTRY_LIMIT,
    NZIA_SINGLE_COUNTRY_LINE,
    STAGES,
    compute_profile,
    world_baseline,
)
from scoring.resilience.model import Flag, Metrics

METRIC_WORDS = {
    "largest_third_country_share": N_("largest single third-country share"),
    "hhi": N_("Herfindahl-Hirschman index"),
    "eu_share": N_("EU-27 share"),
    "partner_share": N_("share from partner countries"),
    "recycled_share": N_("recycled feedstock share"),
}
STAGE_WORDS = {"extraction": N_("mining"), "processing": N_("separation and refining"),
               "manufacturing": N_("components")}
LINES = (("NZIA", NZIA_SINGLE_COUNTRY_LINE), ("CRMA", CRMA_SINGLE_COUNTRY_LIMIT))


def chart_lines() -> list[dict]:
    """The legal lines the charts draw: Reg. (EU) 2024/1735 Art. 25 (50%) and Reg. (EU) 2024/1252 Art. 5(1) (65%)."""
    return [{"value": value, "label": f"{name} {plain_share_text(value, 0)}"} for name, value in LINES]


def stage_text(stage: str) -> str:
    return _(STAGE_WORDS[stage])


def world_rows(definition: TenderDefinition) -> dict[str, dict]:
    """The world baseline per "material/stage" of the bill of materials, computed once per tender."""
    rows = {}
    for material in definition.bill_of_materials:
        for stage in STAGES:
            baseline = world_baseline(material, stage, definition.partner_group)
            metrics = baseline.metrics
            rows[f"{material}/{stage}"] = {
                "largest": metrics["largest_third_country_share"],
                "country": baseline.largest_third_country,
                "hhi": metrics["hhi"],
                "eu": metrics["eu_share"],
                "source": "; ".join(baseline.sources),
            }
    return rows


def bid_resilience(definition: TenderDefinition, supply, world: Mapping[str, dict]) -> dict | None:
    """Rows per declared material and stage (bid against world), whole-product figures per stage, and flags.

    None when the tender has no bill of materials or the bid declares nothing usable.
    """
    if not definition.bill_of_materials or not supply:
        return None
    try:
        profile = compute_profile(supply, definition.bill_of_materials, definition.partner_group)
    except InvalidInput:
        return None
    rows = []
    for stage in STAGES:
        for material, metrics in profile.stages[stage].materials.items():
            baseline = world.get(f"{material}/{stage}", {})
            rows.append({"label": f"{material_text(material)} · {stage_text(stage)}",
                         **_figures(metrics), "world": baseline.get("largest"),
                         "world_country": baseline.get("country"), "world_hhi": baseline.get("hhi")})
    stages = [{"stage": stage_text(stage), "covered": profile.stages[stage].covered_mass_share,
               **_figures(profile.stages[stage].aggregate)}
              for stage in STAGES if profile.stages[stage].aggregate is not None]
    return {"rows": rows, "stages": stages, "flags": flag_groups(profile.flags)}


def flag_groups(flags: Sequence[Flag]) -> list[dict]:
    """Each legal line crossed, once, with every material and stage crossing it: a sentence, not a list.

    A bid can cross a line in a dozen places; one sentence per line keeps its report section to one page.
    """
    groups: dict[str, list[str]] = {}
    for flag in flags:
        groups.setdefault(message_text(flag.line_words()), []).append(
            f"{_subject(flag)} · {stage_text(flag.stage)}: {flag.country} {plain_share_text(flag.share, 2)}")
    return [{"line": _("Above the %(line)s", line=line), "places": places} for line, places in groups.items()]


def _subject(flag: Flag) -> str:
    """What crosses the line: the material's name, or the whole product."""
    return material_text(flag.material) if flag.material else _("whole product")


def _figures(metrics: Metrics) -> dict:
    country = metrics.largest_third_country
    return {"largest": metrics.largest_third_country_share, "country": country,
            "country_name": country_text(country) if country else None, "hhi": metrics.hhi,
            "eu": metrics.eu_share, "partner": metrics.partner_share, "recycled": metrics.recycled_share}


def source_text(source) -> str:
    """Where a metric-sourced criterion takes its value, in words."""
    if source is None:
        return ""
    where = material_text(source.material) if source.material else _("whole product")
    metric = _(METRIC_WORDS[source.metric]) if source.metric in METRIC_WORDS else source.metric
    stage = stage_text(source.stage) if source.stage in STAGE_WORDS else source.stage
    return f"{metric}, {stage}, {where}. {message_text(source.handling_text())}"
