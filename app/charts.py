"""The resilience chart's data: each declared material and stage beside the world's supply of it.

One data shape for every page that draws the chart (the bidder's self-assessment, the committee's results).
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.presentation import country_text, hhi_text, material_text, message_text, plain_share_text
from scoring.definition import Tender
from scoring.resilience import STAGES, Metrics, ResilienceProfile, WorldBaseline, world_baseline
from scoring.resilience.model import Flag
from scoring.self_assessment import STAGE_WORDS

# The percentage metrics share one 0-100 axis in the chart; HHI (0-10,000) is shown in the table only.
CHART_METRICS = (("largest_third_country_share", _l("Largest third country")), ("eu_share", _l("EU-27")),
                 ("partner_share", _l("Partner countries")), ("recycled_share", _l("Recycled feedstock")))
CHART_ROW_HEIGHT = 40
# Each metric's two bars are strokes 13 units thick from x=175, 240 units long at 100%, centred this far below
# the row's top: one path per kind of bar keeps a chart near a kilobyte (the results page compares three bids of
# a dozen charts each).
BAR_X, BAR_LENGTH, DECLARED_Y, WORLD_Y = 175, 240, 10.5, 26.5


@dataclass(frozen=True)
class Comparison:
    """One percentage metric of one material at one stage: the bid's value and the world's (None: no data)."""

    label: str
    declared: float
    world: float | None
    is_lower_bound: bool  # a lower bound: the USGS and Commission tables list only the top suppliers
    y: int  # the row's top in the chart

    @property
    def declared_text(self) -> str:
        """The bid's share in words."""
        return plain_share_text(self.declared)

    @property
    def world_text(self) -> str:
        """The world's share in words, marked where it is a lower bound or unknown."""
        if self.world is None:
            return _("no data")
        share = plain_share_text(self.world)
        return _("at least %(share)s", share=share) if self.is_lower_bound else share


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
        return f"{material_text(self.material)}, {message_text(STAGE_WORDS[self.stage])}"

    @property
    def chart_height(self) -> int:
        """The chart's height in SVG units: one row per metric."""
        return CHART_ROW_HEIGHT * len(self.metrics)

    @property
    def track_path(self) -> str:
        """The empty bars behind every metric's two bars, as one path."""
        return _bars_path([(metric.y + y, 100.0) for metric in self.metrics for y in (DECLARED_Y, WORLD_Y)])

    @property
    def declared_path(self) -> str:
        """The bid's bars, as one path."""
        return _bars_path([(metric.y + DECLARED_Y, metric.declared) for metric in self.metrics])

    @property
    def world_path(self) -> str:
        """The world's bars (none where there is no data), as one path."""
        return _bars_path([(metric.y + WORLD_Y, metric.world) for metric in self.metrics if metric.world is not None])


def _bars_path(bars: list[tuple[float, float]]) -> str:
    """Horizontal strokes from the bars' left edge, one per (centre y, percentage); empty ones left out."""
    return "".join(f"M{BAR_X} {y:g}h{round(share * BAR_LENGTH / 100, 1):g}" for y, share in bars if share > 0)


def resilience_comparisons(profile: ResilienceProfile, tender: Tender) -> tuple[StageComparison, ...]:
    """Each declared material and stage beside the world baseline: the data of one chart (portal and results)."""
    comparisons = []
    for stage in STAGES:
        for material, declared in profile.stages[stage].materials.items():
            world = world_baseline(material, stage, tender.partner_group)
            comparisons.append(_comparison(material, stage, declared, world))
    return tuple(comparisons)


def _comparison(material: str, stage: str, declared: Metrics, world: WorldBaseline) -> StageComparison:
    known, lower = world.metrics, world.lower_bounds
    metrics = tuple(Comparison(label, declared.value(metric), known[metric], metric in lower, row * CHART_ROW_HEIGHT)
                    for row, (metric, label) in enumerate(CHART_METRICS))
    world_share = known["largest_third_country_share"]
    world_top = _("no data") if world_share is None else _top(world.largest_third_country, world_share)
    return StageComparison(material, stage, _top(declared.largest_third_country, declared.largest_third_country_share),
                           world_top, hhi_text(declared.hhi),
                           _("no data") if known["hhi"] is None else hhi_text(known["hhi"]), metrics)


def flag_text(flag: Flag) -> str:
    """A legal line a declared material and stage crosses, in the page's language (a note, not a score)."""
    return _("%(subject)s / %(stage)s: %(country)s (%(code)s) supplies %(share)s, above the %(line)s",
             subject=material_text(flag.material) if flag.material else _("whole product"),
             stage=message_text(STAGE_WORDS.get(flag.stage, flag.stage)), country=country_text(flag.country),
             code=flag.country, share=plain_share_text(flag.share, 2), line=message_text(flag.line_words()))


def _top(country: str | None, share: float) -> str:
    if country is None:
        return _("none: all from the EU-27")
    return f"{country_text(country)} {plain_share_text(share)}"


@dataclass(frozen=True)
class DeliveryRow:
    """One reporting period of a binding criterion: the committed and the delivered value (None: not measurable)."""

    label: str
    committed: float
    delivered: float | None
    committed_text: str
    delivered_text: str
    is_shortfall: bool
    y: int = 0


@dataclass(frozen=True)
class DeliveryChart:
    """A binding criterion's commitment against its delivery, period by period (contract performance): the
    committed bar above each period's delivered bar, a shortfall beyond the tolerance drawn apart. `scale` is the
    metric's full axis (100 for a percentage, 10,000 for an HHI)."""

    title: str
    scale: float
    rows: tuple[DeliveryRow, ...]

    @property
    def chart_height(self) -> int:
        return CHART_ROW_HEIGHT * len(self.rows)

    def _share(self, value: float | None) -> float:
        return 0.0 if value is None else max(0.0, min(100.0, value * 100.0 / self.scale))

    @property
    def track_path(self) -> str:
        return _bars_path([(row.y + y, 100.0) for row in self.rows for y in (DECLARED_Y, WORLD_Y)])

    @property
    def committed_path(self) -> str:
        return _bars_path([(row.y + DECLARED_Y, self._share(row.committed)) for row in self.rows])

    @property
    def delivered_path(self) -> str:
        return _bars_path([(row.y + WORLD_Y, self._share(row.delivered)) for row in self.rows if not row.is_shortfall])

    @property
    def shortfall_path(self) -> str:
        return _bars_path([(row.y + WORLD_Y, self._share(row.delivered)) for row in self.rows if row.is_shortfall])


def delivery_chart(title: str, scale: float, rows: list[DeliveryRow]) -> DeliveryChart:
    """The chart with each period's row placed."""
    placed = tuple(replace(row, y=index * CHART_ROW_HEIGHT) for index, row in enumerate(rows))
    return DeliveryChart(title, scale, placed)
