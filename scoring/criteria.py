"""The criteria tree: groups and leaf criteria, their weights, paths and effective weights."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from scoring.exact import plain_number
from scoring.messages import Message
from scoring.resilience import CONCENTRATION_METRICS
from scoring.rules.base import Rule

CRITERION_TYPES = ("price", "cost", "quality")  # eForms BT-539 (eForms SDK code list)
WEIGHTINGS = ("percent", "points")
PATH_SEPARATOR = " > "
# the sources of scoring/reference/world_shares.csv
WORLD_SOURCES = ("USGS Mineral Commodity Summaries 2025; European Commission, Study on the Critical Raw Materials "
                 "for the EU 2023; IEA for battery-grade graphite")
WHOLE = Fraction(100)  # the whole tender in percent


@dataclass(frozen=True)
class MetricSource:
    """Where a numeric criterion takes its value from the bid's resilience profile, and the published handling
    of the bill of materials (scoring.resilience.reading)."""

    metric: str
    stage: str
    material: str | None = None  # None: the whole product, over the bill of materials
    aggregate: str = "mean"  # whole product: mean | worst | pooled (resilience.AGGREGATES)
    undeclared: str = "minimum"  # minimum | world_baseline (resilience.UNDECLARED_HANDLING)

    def to_dict(self) -> dict[str, Any]:
        """The `source` mapping of a tender definition. The handling is written when it is not the default, so a
        tender on the defaults keeps its criteria hash (and its bidders' workbooks stay current)."""
        data = {"metric": self.metric, "stage": self.stage, "material": self.material}
        if self.aggregate != "mean":
            data["aggregate"] = self.aggregate
        if self.undeclared != "minimum":
            data["undeclared"] = self.undeclared
        return data

    def handling_text(self) -> Message:
        """How the bill of materials is read, in the words the bidder and the report see (a Message: the report
        and the pages write it in their language)."""
        undeclared = self._undeclared_message()
        combined = self._combined_message()
        if combined is None:
            return undeclared
        return Message("%(combined)s %(undeclared)s", combined=combined, undeclared=undeclared)

    def _combined_message(self) -> Message | None:
        """How a whole-product criterion combines the materials; None for a criterion on one material."""
        if self.material is not None:
            return None
        if self.aggregate == "worst":
            return Message("Measured per material; the material with the least favourable value counts.")
        if self.aggregate == "pooled":
            return Message("Measured on the pooled supply of all materials, weighted by mass (pooling understates "
                           "the concentration of complementary materials).")
        if self.metric in CONCENTRATION_METRICS:
            return Message("Measured per material, then the mass-weighted mean over the bill of materials.")
        return Message("The mass-weighted mean of the materials' shares over the bill of materials (the same as "
                       "pooling their supply).")

    def _undeclared_message(self) -> Message:
        """What a material left undeclared at the criterion's stage counts as."""
        if self.undeclared == "world_baseline":
            return Message("A material left undeclared at this stage counts at its world supply mix (%(sources)s); "
                           "where there is no world figure, this criterion scores its minimum.",
                           sources=WORLD_SOURCES)
        return Message("A material left undeclared at this stage scores this criterion at its minimum.")


@dataclass(frozen=True)
class Criterion:
    """A group (with children) or a leaf criterion (with a rule)."""

    code: str
    name: str
    type: str = "quality"
    description: str = ""
    weight: Fraction | None = None  # percent mode: share of its level, the level summing to 100
    max_points: Fraction | None = None  # points mode: a leaf's maximum points
    min_score: float | None = None  # groups: minimum percent of the group's maximum (C-546/16 Montte)
    rule: Rule | None = None
    source: MetricSource | None = None
    children: tuple[Criterion, ...] = ()
    # The name and description in each language the tender publishes in ({language: text}), the procedure
    # language's equal to name and description; empty: one language (tender_files/texts.py).
    names: Mapping[str, str] = field(default_factory=dict, hash=False)
    descriptions: Mapping[str, str] = field(default_factory=dict, hash=False)
    is_share_of_total: bool = False  # the author gave the weight as share_of_total; to_dict writes it back so

    @property
    def is_group(self) -> bool:
        """A group scores through its children."""
        return bool(self.children)

    def to_dict(self, parent_share: Fraction = WHOLE) -> dict[str, Any]:
        """The node as it appears in a tender definition; absent optional fields are left out.

        `parent_share` is the parent's share of the total (percent), from which a weight written as
        share_of_total is written back in that form."""
        data: dict[str, Any] = {"code": self.code, "name": self.name, "type": self.type}
        share = None if self.weight is None else share_of_total(self.weight, parent_share)
        weight_key, weight = ("share_of_total", share) if self.is_share_of_total else ("weight", self.weight)
        optional = {"description": self.description or None, weight_key: weight,
                    "max_points": self.max_points, "min_score": self.min_score}
        data.update({key: value if key == "description" else plain_number(value)
                     for key, value in optional.items() if value is not None})
        for key in ("names", "descriptions"):
            if getattr(self, key):
                data[key] = dict(getattr(self, key))
        if self.source is not None:
            data["source"] = self.source.to_dict()
        if self.rule is not None:
            data["rule"] = self.rule.to_params()
        if self.children:
            data["children"] = [child.to_dict(share or Fraction(0)) for child in self.children]
        return data


def share_of_total(weight: Fraction, parent_share: Fraction) -> Fraction:
    """A node's share of the whole tender (percent) from its weight in its level and its parent's share."""
    return parent_share * weight / 100


def weight_from_share(share: Fraction, parent_share: Fraction) -> Fraction:
    """A node's weight in its level (percent) from its share of the whole tender: 10 of a 60 group is 50/3."""
    return share / parent_share * 100


def walk(criteria: Sequence[Criterion], parents: tuple[str, ...] = ()
         ) -> Iterator[tuple[tuple[str, ...], Criterion]]:
    """Every node depth-first with the names of the path down to it (itself included)."""
    for criterion in criteria:
        path = (*parents, criterion.name)
        yield path, criterion
        yield from walk(criterion.children, path)


def path_text(path: Sequence[str]) -> str:
    """A node's path as people read it: "Resilience > REE refining"."""
    return PATH_SEPARATOR.join(path)


def is_weighted(criterion: Criterion, weighting: str) -> bool:
    """Whether the node carries a share of the total (gates and unweighted features do not)."""
    if criterion.is_group:
        return any(is_weighted(child, weighting) for child in criterion.children)
    size = criterion.weight if weighting == "percent" else criterion.max_points
    return bool(size) and size > 0


def effective_weights(criteria: Sequence[Criterion], weighting: str) -> dict[str, Fraction]:
    """Each node's share of the total, exactly: the product of the percent weights down its path (totals
    out of 100), or in points mode the sum of its leaves' maximum points."""
    weights: dict[str, Fraction] = {}
    nothing = Fraction(0)

    def visit(nodes: Sequence[Criterion], parent: Fraction) -> None:
        """Fills `weights` for these nodes and everything below them."""
        for node in nodes:
            if weighting == "percent":
                own = share_of_total(node.weight or nothing, parent) if is_weighted(node, weighting) else nothing
                visit(node.children, own)
            else:
                visit(node.children, nothing)
                own = (sum((weights[child.code] for child in node.children), nothing) if node.is_group
                       else (node.max_points or nothing) if is_weighted(node, weighting) else nothing)
            weights[node.code] = own

    visit(criteria, WHOLE)
    return weights


def level_shares(siblings: Sequence[Criterion], weighting: str) -> list[Fraction]:
    """The siblings' weights as percent of their level, exactly (points mode: share of the level's points)."""
    sizes = effective_weights(siblings, weighting)
    raw = [((c.weight or Fraction(0)) if weighting == "percent" else sizes[c.code]) if is_weighted(c, weighting)
           else Fraction(0) for c in siblings]
    total = sum(raw, Fraction(0))
    return [100 * size / total if total else Fraction(0) for size in raw]
