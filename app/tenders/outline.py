"""A tender's criteria tree as the pages show it, read from the rows even while the draft is incomplete.

Rules are shown with the words and formula scoring quotes everywhere (describe(), formula()), so the
officer reads each rule exactly as bidders will.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, replace
from fractions import Fraction

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms.fields.choices import SelectChoice

from app.models import Criterion, Tender
from app.records.texts import criterion_name
from scoring.criteria import PATH_SEPARATOR, WHOLE, MetricSource, share_of_total, weight_from_share
from scoring.exact import plain_number
from scoring.messages import Message
from scoring.problems import InvalidInput
from scoring.rules import Rule, rule_from_params

FULL_LEVEL = 100
# What a measured criterion's value is counted in (scoring/resilience/__init__.py).
METRIC_UNITS = {"hhi": _l("HHI, 0 to 10,000")}
SHARE_UNIT = _l("percent of the material's mass")


@dataclass(frozen=True)
class Level:
    """The siblings under one parent and what their weights add up to."""

    path: str  # "criteria" for the top level, else the parent's path
    exact_total: Fraction  # the siblings' weights (percent of the level) or maximum points (points) added up

    @property
    def total(self) -> int | float:
        """The sum as shown: to two decimals, 100 not 100.00."""
        return plain_number(round(self.exact_total, 2))

    @property
    def is_complete(self) -> bool:
        """Percent weights of a level must sum to exactly 100."""
        return self.exact_total == FULL_LEVEL


@dataclass(frozen=True)
class Node:
    """One criterion with its place in the tree and its parsed rule."""

    row: Criterion
    depth: int
    path: str
    rule: Rule | None
    is_first: bool
    is_last: bool
    children: tuple[int, ...]  # the ids of its children: a group when not empty
    weight: Fraction | None  # percent of its level (derived when entered as a share of the total); points: max
    share: Fraction | None  # percent weighting: its share of the whole tender, when its ancestors' weights are known

    @property
    def size(self) -> int | float | None:
        """The weight, share of the total or maximum points as entered (40, not 40.0000)."""
        value = next((v for v in (self.row.weight, self.row.share_of_total, self.row.max_points) if v is not None),
                     None)
        return None if value is None else plain_number(value)

    @property
    def source_handling(self) -> Message | str:
        """How a measured criterion reads the bill of materials, as the workbook and the report say it (a Message:
        the page prints it in the reader's language)."""
        return MetricSource(**self.row.source).handling_text() if self.row.source else ""

    @property
    def is_share_entered(self) -> bool:
        """Whether the officer entered the weight as a share of the whole tender."""
        return self.row.share_of_total is not None

    def unit(self, currency: str) -> str:
        """What the criterion's value is counted in: the currency, a metric's unit, levels of a scale, yes/no."""
        if self.children or self.rule is None:
            return ""
        kind = self.rule.kind
        if kind.startswith("price_"):
            return _("%(currency)s, price excluding VAT", currency=currency)
        if self.row.source:
            return str(METRIC_UNITS.get(self.row.source["metric"], SHARE_UNIT))
        if kind == "judgement":
            return _("levels 0 to %(scale)s", scale=self.rule.scale)
        if kind in ("yes_no", "pass_fail"):
            return _("yes or no")
        if kind == "prozorro_feature":
            return _("one of the options")
        return _("the number the bidder answers")

    @property
    def weight_shown(self) -> int | float | None:
        """The weight in its level to two decimals (10 of a 60 group: 16.67)."""
        return None if self.weight is None else plain_number(round(self.weight, 2))

    @property
    def share_shown(self) -> int | float | None:
        """The share of the whole tender to two decimals."""
        return None if self.share is None else plain_number(round(self.share, 2))


class Outline:
    """The tree in reading order, each level's weight sum, and lookups by id."""

    def __init__(self, tender: Tender) -> None:
        self._by_parent: dict[int | None, list[Criterion]] = defaultdict(list)
        for row in tender.criteria:
            self._by_parent[row.parent_id].append(row)
        for siblings in self._by_parent.values():
            siblings.sort(key=lambda row: (row.position, row.id or 0))
        self._is_percent = tender.weighting == "percent"
        self.nodes: list[Node] = list(self._walk(None, 1, (), WHOLE))
        if not self._is_percent:
            self.nodes = _points_shares(self.nodes)
        self._by_id = {node.row.id: node for node in self.nodes}

    def _walk(self, parent_id: int | None, depth: int, names: tuple[str, ...], parent_share: Fraction | None
              ) -> Iterator[Node]:
        siblings = self._by_parent.get(parent_id, [])
        for index, row in enumerate(siblings):
            path = (*names, criterion_name(row))
            children = tuple(child.id for child in self._by_parent.get(row.id, []))
            weight, share = self._weighed(row, parent_share)
            yield Node(row, depth, PATH_SEPARATOR.join(path), parsed_rule(row), index == 0,
                       index == len(siblings) - 1, children, weight, share)
            yield from self._walk(row.id, depth + 1, path, share)

    def _weighed(self, row: Criterion, parent_share: Fraction | None) -> tuple[Fraction | None, Fraction | None]:
        """The row's weight in its level and share of the total, each None when it cannot be known yet."""
        if not self._is_percent:
            return (None if row.max_points is None else Fraction(row.max_points)), None
        if row.share_of_total is not None:
            share = Fraction(row.share_of_total)
            return (weight_from_share(share, parent_share) if parent_share else None), share
        if row.weight is None or parent_share is None:
            return None, None
        weight = Fraction(row.weight)
        return weight, share_of_total(weight, parent_share)

    def node(self, criterion_id: int) -> Node | None:
        """The node of that criterion, if it belongs to this tender."""
        return self._by_id.get(criterion_id)

    def siblings(self, parent_id: int | None) -> list[Criterion]:
        """The rows under one parent (None: the top level), in order."""
        return list(self._by_parent.get(parent_id, []))

    def subtree(self, criterion_id: int) -> list[Criterion]:
        """The criterion and everything below it, deepest first (the order to delete them in)."""
        rows = []
        for child in self._by_parent.get(criterion_id, []):
            rows += self.subtree(child.id)
        return rows + [self._by_id[criterion_id].row]

    def parent_choices(self, moving: int | None = None) -> list[SelectChoice]:
        """Where a criterion may sit: the top level or any node without a rule, never inside itself."""
        excluded = {row.id for row in self.subtree(moving)} if moving else set()
        groups = [node for node in self.nodes if not node.row.rule_kind and node.row.id not in excluded]
        return [SelectChoice("", _("(top level)"))] + [SelectChoice(str(node.row.id), node.path) for node in groups]

    def levels(self) -> list[Level]:
        """Every level that has criteria, the top level first, with its weight sum."""
        parents = [(None, "criteria")] + [(node.row.id, node.path) for node in self.nodes if node.children]
        return [Level(path, sum((self._by_id[row.id].weight or Fraction(0) for row in self._by_parent[parent]),
                                Fraction(0))) for parent, path in parents]


def _points_shares(nodes: list[Node]) -> list[Node]:
    """Points weighting: each criterion's share of the total is its points (a group: its criteria's) over all."""
    by_id = {node.row.id: node for node in nodes}

    def points(node: Node) -> Fraction:
        if node.children:
            return sum((points(by_id[child]) for child in node.children), Fraction(0))
        return Fraction(node.row.max_points) if node.row.max_points is not None else Fraction(0)

    total = sum((points(node) for node in nodes if node.depth == 1), Fraction(0))
    if not total:
        return nodes
    return [replace(node, share=points(node) * 100 / total) for node in nodes]


def parsed_rule(row: Criterion) -> Rule | None:
    """The row's rule, or None when it has none (forms only store rules that parse)."""
    if not row.rule_kind:
        return None
    try:
        return rule_from_params({**row.rule_params, "kind": row.rule_kind}, "rule")
    except InvalidInput:
        return None
