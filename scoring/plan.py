"""The tender's tree flattened once for scoring: leaves and groups with paths and effective weights."""

from __future__ import annotations

from dataclasses import dataclass

from scoring.criteria import Criterion, effective_weights, path_text, walk
from scoring.definition import Tender
from scoring.rules.base import PRICE, Rule
from scoring.rules.prozorro import ProzorroFeatureRule


@dataclass(frozen=True)
class LeafPlan:
    """A leaf criterion with its path and effective weight (its share of the total).

    code, rule and max_points repeat the criterion's, read once here: scoring reads them for every bid.
    """

    criterion: Criterion
    path: str
    weight: float
    code: str
    rule: Rule
    max_points: float


@dataclass(frozen=True)
class GroupPlan:
    """A group with its path, effective weight and the positions of its leaves in ScoringPlan.leaves."""

    criterion: Criterion
    path: str
    weight: float
    leaf_indices: tuple[int, ...]


@dataclass(frozen=True)
class ScoringPlan:
    """Everything evaluate needs to know about the tree, computed once per evaluation."""

    leaves: tuple[LeafPlan, ...]
    groups: tuple[GroupPlan, ...]
    max_total: float

    @property
    def has_metrics(self) -> bool:
        """Whether any criterion reads the bids' resilience profiles."""
        return any(leaf.criterion.source is not None for leaf in self.leaves)

    @property
    def feature_indices(self) -> tuple[int, ...]:
        """Positions of the ProZorro feature criteria in `leaves`."""
        return tuple(index for index, leaf in enumerate(self.leaves) if isinstance(leaf.rule, ProzorroFeatureRule))


def plan_scoring(tender: Tender) -> ScoringPlan:
    """Flattens the tender's tree in definition order; the exact effective weights become floats here, where
    points are about to be multiplied by them (one rounding: 9.99, never 9.989999999999998)."""
    exact = effective_weights(tender.criteria, tender.weighting)
    weights = {code: float(weight) for code, weight in exact.items()}
    leaves: list[LeafPlan] = []
    index_of: dict[str, int] = {}
    for path, node in walk(tender.criteria):
        if not node.is_group:
            index_of[node.code] = len(leaves)
            leaves.append(LeafPlan(node, path_text(path), weights[node.code], node.code, node.rule,
                                   node.rule.max_points))
    groups = tuple(
        GroupPlan(node, path_text(path), weights[node.code],
                  tuple(index_of[leaf.code] for _, leaf in walk(node.children) if not leaf.is_group))
        for path, node in walk(tender.criteria) if node.is_group)
    return ScoringPlan(tuple(leaves), groups, float(sum(exact[node.code] for node in tender.criteria)))


def needs_price(tender: Tender, plan: ScoringPlan) -> bool:
    """Whether every bid must carry a valid price: a price criterion or a ProZorro comparison uses it."""
    return (tender.award_method == "prozorro" or bool(plan.feature_indices)
            or any(leaf.rule.value_kind == PRICE for leaf in plan.leaves))
