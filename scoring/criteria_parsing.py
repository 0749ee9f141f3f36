"""Reads the `criteria` list of a tender definition into Criterion nodes, placing every problem.

Shape problems are placed by index ("criteria[1].children[0].rule.anchors"); problems of the tree
as a whole (weights, gates) by the criterion's path ("Resilience > REE refining: weight missing").
Tree checks that a shape problem already explains are dropped (a rule that could not be read is
not also "missing"; a level with an unreadable weight gets no misleading weight sum).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from scoring.criteria import Criterion, MetricSource, path_text
from scoring.criteria_validation import validate_tree
from scoring.problems import InvalidInput, Problem
from scoring.resilience import AGGREGATES, CONCENTRATION_METRICS, METRICS, STAGES, UNDECLARED_HANDLING
from scoring.rules.base import as_number
from scoring.rules.registry import rule_from_params

NODE_KEYS = ("code", "name", "type", "description", "weight", "max_points", "min_score", "rule", "source",
             "children")
SIZE_KEYS = ("weight", "max_points", "min_score")
SOURCE_KEYS = ("metric", "stage", "material", "aggregate", "undeclared")
SUM_MESSAGE = "weights sum to"


@dataclass(frozen=True)
class ParsedCriteria:
    """The criteria read so far and every problem found."""

    criteria: tuple[Criterion, ...]
    problems: tuple[Problem, ...]


class CriteriaParser:
    """One pass over the criteria list, collecting problems instead of stopping."""

    def __init__(self, weighting: str, bill_of_materials: Mapping[str, float]):
        self.weighting = weighting
        self.bill = bill_of_materials
        self.problems: list[Problem] = []
        self.explained: set[tuple[str, str]] = set()  # (path, tree message) already explained by a shape problem
        self.unsummable: set[str] = set()  # levels whose weight sum cannot be judged

    def parse(self, raw: Any) -> ParsedCriteria:
        """The criteria tree and its problems: shape first, then the tree checks on what could be read."""
        if not isinstance(raw, Sequence) or isinstance(raw, str) or not raw:
            return ParsedCriteria((), (Problem("criteria", "expected a non-empty list of criteria"),))
        criteria = self._level(raw, "criteria", (), "criteria")
        tree_problems = [problem for problem in validate_tree(criteria, self.weighting)
                         if (problem.place, problem.message) not in self.explained and not (
                             problem.message.startswith(SUM_MESSAGE) and problem.place in self.unsummable)]
        return ParsedCriteria(criteria, tuple(self.problems + tree_problems))

    def _level(self, raw: Sequence[Any], place: str, names: tuple[str, ...], level_path: str
               ) -> tuple[Criterion, ...]:
        """The nodes of one level; a node that cannot be read makes the level's weight sum unjudgeable."""
        nodes = []
        for index, item in enumerate(raw):
            node = self._node(item, f"{place}[{index}]", names, level_path)
            if node is None:
                self.unsummable.add(level_path)
            else:
                nodes.append(node)
        return tuple(nodes)

    def _node(self, raw: Any, place: str, names: tuple[str, ...], level_path: str) -> Criterion | None:
        """One node, or None if it is not even a mapping."""
        if not isinstance(raw, Mapping):
            self.problems.append(Problem(place, "expected a mapping with code, name and a rule or children"))
            return None
        self.problems += [Problem(f"{place}.{key}", "unknown field") for key in raw if key not in NODE_KEYS]
        code, name = self._text(raw, "code", place, required=True), self._text(raw, "name", place, required=True)
        name = name or code or place
        path = (*names, name)
        fields = {key: self._size(raw, key, place) for key in SIZE_KEYS}
        node = Criterion(code=code, name=name, type=self._text(raw, "type", place) or "quality",
                         description=self._text(raw, "description", place), rule=self._rule(raw, place),
                         source=self._source(raw.get("source"), f"{place}.source"),
                         children=self._children(raw.get("children"), f"{place}.children", path), **fields)
        if (raw.get("rule") is not None and node.rule is None) or (raw.get("children") is not None
                                                                    and not node.children):
            self.explained.add((path_text(path), "needs a rule or children"))
        for key in ("weight", "max_points"):
            if raw.get(key) is not None and fields[key] is None:
                self.explained.update({(path_text(path), "weight missing"), (path_text(path), "max points missing")})
                self.unsummable.add(level_path)
        return node

    def _text(self, raw: Mapping[str, Any], key: str, place: str, required: bool = False) -> str:
        """A text field; required ones must not be empty."""
        value = raw.get(key)
        if value is None and not required:
            return ""
        if not isinstance(value, str) or (required and not value.strip()):
            self.problems.append(Problem(f"{place}.{key}", "missing" if value is None else
                                         f"expected a{' non-empty' if required else ''} text, got {value!r}"))
            return ""
        return value

    def _size(self, raw: Mapping[str, Any], key: str, place: str) -> float | None:
        """weight, max_points or min_score: a number when given."""
        value = raw.get(key)
        if value is None:
            return None
        number = as_number(value)
        if number is None:
            self.problems.append(Problem(f"{place}.{key}", f"expected a number, got {value!r}"))
        elif key == "min_score" and not 0 < number <= 100:
            self.problems.append(Problem(f"{place}.{key}", "expected a percentage of the group's maximum, "
                                                           f"above 0 and at most 100, got {value!r}"))
            return None
        return number

    def _rule(self, raw: Mapping[str, Any], place: str):
        """The leaf's rule, or None (its problems recorded)."""
        if raw.get("rule") is None:
            return None
        try:
            return rule_from_params(raw["rule"], f"{place}.rule")
        except InvalidInput as error:
            self.problems += error.problems
            return None

    def _source(self, raw: Any, place: str) -> MetricSource | None:
        """{metric, stage, material, aggregate, undeclared}: a resilience metric of the bid's declared supply chain
        and the published handling of the bill of materials."""
        if raw is None:
            return None
        if not isinstance(raw, Mapping) or set(raw) - set(SOURCE_KEYS):
            self.problems.append(Problem(place, f"expected {{{', '.join(SOURCE_KEYS)}}}"))
            return None
        metric, stage, material = raw.get("metric"), raw.get("stage"), raw.get("material")
        aggregate, undeclared = raw.get("aggregate", "mean"), raw.get("undeclared", "minimum")
        problems = []
        for key, value, allowed in (("metric", metric, METRICS), ("stage", stage, STAGES),
                                    ("aggregate", aggregate, AGGREGATES),
                                    ("undeclared", undeclared, UNDECLARED_HANDLING)):
            if value not in allowed:
                problems.append(Problem(f"{place}.{key}", f"expected one of {', '.join(allowed)}, got {value!r}"))
        if material is not None and (not isinstance(material, str) or material not in self.bill):
            problems.append(Problem(f"{place}.material", f"{material!r} is not in the bill_of_materials"))
        if material is None and not self.bill:
            problems.append(Problem(place, "a whole-product metric (no material) needs a bill_of_materials"))
        if material is not None and raw.get("aggregate") is not None:
            problems.append(Problem(f"{place}.aggregate", "applies to a whole-product metric only (no material)"))
        elif aggregate == "pooled" and undeclared == "world_baseline" and metric in CONCENTRATION_METRICS:
            problems.append(Problem(f"{place}.undeclared", "the world baseline gives each material's "
                                    "concentration, which cannot be pooled: use aggregate mean or worst"))
        self.problems += problems
        return None if problems else MetricSource(metric, stage, material, aggregate, undeclared)

    def _children(self, raw: Any, place: str, path: tuple[str, ...]) -> tuple[Criterion, ...]:
        """A group's children: a non-empty list when given."""
        if raw is None:
            return ()
        if not isinstance(raw, Sequence) or isinstance(raw, str) or not raw:
            self.problems.append(Problem(place, "expected a non-empty list of criteria"))
            return ()
        return self._level(raw, place, path, path_text(path))
