"""The resilience data model: supply lines in, metrics, flags and a serialisable profile out."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from operator import itemgetter
from types import MappingProxyType

from scoring import countries
from scoring.messages import Message, Percent
from scoring.problems import InvalidInput, Problem
from scoring.reference import reference as ref

STAGES = ("extraction", "processing", "manufacturing")  # processing = processing/refining; manufacturing = components
METRICS = ("largest_third_country_share", "hhi", "eu_share", "partner_share", "recycled_share")
CONCENTRATION_METRICS = ("largest_third_country_share", "hhi")  # higher is worse; the share metrics: higher is better
# How a whole-product metric combines the materials of the bill of materials (a tender publishes one):
# per material then the mass-weighted mean, per material then the least favourable material, or one pool
# of every material's supply (which understates the concentration of complementary inputs).
AGGREGATES = ("mean", "worst", "pooled")
# What a material the bid leaves undeclared at the stage counts as: the criterion's minimum points, or the
# world supply mix of scoring/reference/world_shares.csv.
UNDECLARED_HANDLING = ("minimum", "world_baseline")

SHARE_SUM_TOLERANCE = 0.5  # percentage points; resbid's tolerance for rounding in bidders' declarations
# Regulation (EU) 2024/1252 (CRMA) Art. 5(1): no single third country above 65% of EU consumption
# of any strategic raw material at any relevant stage of processing (2030 benchmark): the raw-material
# stages, mining and processing/refining.
CRMA_SINGLE_COUNTRY_LIMIT = 65.0
CRMA_STAGES = ("extraction", "processing")
# Regulation (EU) 2024/1735 (NZIA) Art. 25: resilience contribution triggered where more than 50% of EU
# supply of a net-zero technology or its main specific components comes from a single third country:
# the manufacturing (component) stage, not mining or refining.
NZIA_SINGLE_COUNTRY_LINE = 50.0
NZIA_STAGES = ("manufacturing",)
CRMA_SOURCE = "Regulation (EU) 2024/1252 Art. 5(1)"
NZIA_SOURCE = "Regulation (EU) 2024/1735 Art. 25"
PROFILE_VERSION = 1
_set_fields = object.__setattr__  # a frozen dataclass's own __setattr__ refuses every field


@dataclass(frozen=True, init=False)
class SupplyLine:
    """One declared supply line: a country's share of one material at one stage."""

    material: str  # material code from scoring/reference/materials.csv, e.g. "Nd", "graphite"
    stage: str  # one of STAGES
    country: str  # ISO 3166-1 alpha-2
    share: float  # percent of this (material, stage) supply, 0..100
    recycled: float = 0.0  # percent of this line's feedstock that is recycled, 0..100
    supplier: str = ""
    evidence: str = ""
    place: str = ""  # where the line came from ("Supply chain!A14"); Problem.place, fallback "line N"

    def __init__(self, material: str, stage: str, country: str, share: float, recycled: float = 0.0,
                 supplier: str = "", evidence: str = "", place: str = "") -> None:
        """Sets the fields at once, where the __init__ that dataclass(frozen=True) writes sets them one
        object.__setattr__ at a time: eight calls a line, 2.5 times as slow for a 100,000-line upload's lines."""
        _set_fields(self, "__dict__", {"material": material, "stage": stage, "country": country, "share": share,
                                       "recycled": recycled, "supplier": supplier, "evidence": evidence,
                                       "place": place})

    def to_dict(self) -> dict[str, str | float]:
        """The fields by name, as dataclasses.asdict gives them in ten times the time: every field is a plain value,
        so nothing needs asdict's deep copy (a 10,000-line upload's lines cross from the reading process as JSON)."""
        return dict(vars(self))

    @classmethod
    def from_dict(cls, data: Mapping[str, str | float]) -> SupplyLine:
        """The line to_dict described. A dictionary naming every field, in order, becomes the line's own (a copy):
        a 100,000-line upload's lines come back from the reading process in about half the time that
        SupplyLine(**data) takes to match eight keyword arguments. Any other dictionary goes through __init__,
        which fills in the defaults or refuses a name that is not a field."""
        if tuple(data) != _FIELDS:
            return cls(**data)
        line = object.__new__(cls)
        _set_fields(line, "__dict__", dict(data))
        return line


_FIELDS = tuple(field.name for field in fields(SupplyLine))  # what to_dict writes, in order


@dataclass(frozen=True)
class Metrics:
    """METRICS for one (material, stage) or one stage's whole-product aggregate."""

    shares: tuple[tuple[str, float], ...]  # (country, percent), largest first, ties by code; sums to 100
    largest_third_country: str | None  # the country behind largest_third_country_share, None if all EU
    largest_third_country_share: float
    hhi: float
    eu_share: float
    partner_share: float
    recycled_share: float

    def value(self, metric: str) -> float:
        """The value of one of METRICS."""
        return getattr(self, _checked_metric(metric))

    def to_dict(self) -> dict:
        """JSON-ready dict: the METRICS, largest_third_country and shares {country: percent}."""
        result: dict = {metric: getattr(self, metric) for metric in METRICS}
        result["largest_third_country"] = self.largest_third_country
        result["shares"] = dict(self.shares)
        return result

    @classmethod
    def from_dict(cls, data: Mapping) -> Metrics:
        """Inverse of to_dict."""
        return cls(
            shares=sorted_shares(data["shares"].items()),
            largest_third_country=data["largest_third_country"],
            **{metric: float(data[metric]) for metric in METRICS},
        )


@dataclass(frozen=True)
class Flag:
    """A (material, stage) whose largest third-country share crosses a legal line."""

    rule: str  # "crma_art5" (strategic raw materials, > 65%, CRMA_STAGES) | "nzia_art25" (> 50%, NZIA_STAGES)
    stage: str
    material: str | None  # None = whole-product aggregate (profiles stored before flags were per material)
    country: str
    share: float
    threshold: float
    source: str

    @property
    def subject(self) -> str:
        """What crosses the line: the material's name, or "whole product"."""
        return ref.material_name(self.material) if self.material else "whole product"

    @property
    def line(self) -> str:
        """The legal line crossed, in words, with its threshold and source."""
        return str(self.line_words())

    def line_words(self) -> Message:
        """The legal line crossed, as a message an application translates."""
        if self.rule == "crma_art5":
            return Message("%(share)s CRMA single-third-country benchmark (%(source)s)", share=Percent(self.threshold),
                           source=self.source)
        return Message("%(share)s NZIA resilience line (%(source)s)", share=Percent(self.threshold), source=self.source)

    @property
    def message(self) -> str:
        """Plain-language text for reports."""
        return (
            f"{self.subject} / {self.stage}: {countries.country_name(self.country) or self.country} ({self.country}) "
            f"supplies {percentage_digits(self.share)}%, above the {self.line}"
        )

    def to_dict(self) -> dict:
        """JSON-ready dict, message included."""
        return {
            "rule": self.rule,
            "stage": self.stage,
            "material": self.material,
            "country": self.country,
            "share": self.share,
            "threshold": self.threshold,
            "source": self.source,
            "message": self.message,
        }

    @classmethod
    def from_dict(cls, data: Mapping) -> Flag:
        """Inverse of to_dict (message is derived, so ignored)."""
        return cls(
            rule=data["rule"],
            stage=data["stage"],
            material=data["material"],
            country=data["country"],
            share=float(data["share"]),
            threshold=float(data["threshold"]),
            source=data["source"],
        )


@dataclass(frozen=True)
class StageProfile:
    """All metrics for one stage."""

    aggregate: Metrics | None  # whole product, mass-weighted over the covered materials; None if none declared
    materials: Mapping[str, Metrics]  # material code -> metrics, bill-of-materials order
    covered: tuple[str, ...]  # materials declared at this stage (bill-of-materials order)
    covered_mass_share: float  # percent of the bill-of-materials mass that is covered

    def to_dict(self) -> dict:
        """JSON-ready dict."""
        return {
            "covered": list(self.covered),
            "covered_mass_share": self.covered_mass_share,
            "aggregate": self.aggregate.to_dict() if self.aggregate else None,
            "materials": {code: metrics.to_dict() for code, metrics in self.materials.items()},
        }

    @classmethod
    def from_dict(cls, data: Mapping) -> StageProfile:
        """Inverse of to_dict."""
        return cls(
            aggregate=Metrics.from_dict(data["aggregate"]) if data["aggregate"] is not None else None,
            materials=MappingProxyType({code: Metrics.from_dict(m) for code, m in data["materials"].items()}),
            covered=tuple(data["covered"]),
            covered_mass_share=float(data["covered_mass_share"]),
        )


@dataclass(frozen=True)
class ResilienceProfile:
    """The resilience metrics of one declaration; build it with compute_profile."""

    stages: Mapping[str, StageProfile]  # every stage of STAGES, in order
    bill_of_materials: Mapping[str, float]
    partner_group: frozenset[str]
    flags: tuple[Flag, ...]
    data_version: str = ref.DATA_VERSION

    def metrics(self, stage: str, material: str | None = None) -> Metrics | None:
        """All metrics of a (material, stage), or of the stage's whole-product aggregate if material is None."""
        stage_profile = self.stages[_checked_stage(stage)]
        if material is None:
            return stage_profile.aggregate
        return stage_profile.materials.get(material) if isinstance(material, str) else None

    def value(self, metric: str, stage: str, material: str | None = None) -> float | None:
        """One metric; material None = whole-product aggregate; None when nothing is declared there."""
        metric = _checked_metric(metric)
        found = self.metrics(stage, material)
        return None if found is None else getattr(found, metric)

    def to_dict(self) -> dict:
        """JSON-ready dict (see from_dict)."""
        return {
            "version": PROFILE_VERSION,
            "data_version": self.data_version,
            "bill_of_materials": dict(self.bill_of_materials),
            "partner_group": sorted(self.partner_group),
            "stages": {stage: profile.to_dict() for stage, profile in self.stages.items()},
            "flags": [flag.to_dict() for flag in self.flags],
        }

    @classmethod
    def from_dict(cls, data: Mapping) -> ResilienceProfile:
        """Rebuild a profile from to_dict output; InvalidInput if the dict is not one."""
        try:
            if data["version"] != PROFILE_VERSION:
                raise ValueError(f"unsupported version {data['version']!r}")
            return cls(
                stages=MappingProxyType({stage: StageProfile.from_dict(data["stages"][stage]) for stage in STAGES}),
                bill_of_materials=MappingProxyType({k: float(v) for k, v in data["bill_of_materials"].items()}),
                partner_group=frozenset(data["partner_group"]),
                flags=tuple(Flag.from_dict(flag) for flag in data["flags"]),
                data_version=str(data["data_version"]),
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise InvalidInput([Problem("resilience profile", f"not a stored resilience profile ({exc!r})")]) from None


def sorted_shares(items: Iterable[tuple[str, float]]) -> tuple[tuple[str, float], ...]:
    """(country, share) pairs, largest share first, ties by country code."""
    shares = sorted(((country, float(share)) for country, share in items), key=by_country)
    shares.sort(key=by_share, reverse=True)  # stable: ties keep the country order
    return tuple(shares)


by_country = itemgetter(0)
by_share = itemgetter(1)


def _checked_metric(metric: str) -> str:
    if not isinstance(metric, str) or metric not in METRICS:
        raise InvalidInput([Problem("metric", f"{metric!r} is not one of: {', '.join(METRICS)}")])
    return metric


def _checked_stage(stage: str) -> str:
    if not isinstance(stage, str) or stage not in STAGES:
        raise InvalidInput([Problem("stage", f"{stage!r} is not one of: {', '.join(STAGES)}")])
    return stage


def percentage_digits(value: float) -> str:
    """A percentage's number, the "%" left to the sentence: 87.0 -> "87", 87.25 -> "87.25" (two decimals at most)."""
    return f"{value:.2f}".rstrip("0").rstrip(".")
