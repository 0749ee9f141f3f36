"""Reads the `criteria` list of a tender definition into Criterion nodes, placing every problem.

Shape problems are placed by index ("criteria[1].children[0].rule.anchors"); problems of the tree
as a whole (weights, gates) by the criterion's path ("Resilience > REE refining: weight missing").
Tree checks that a shape problem already explains are dropped (a rule that could not be read is
not also "missing"; a level with an unreadable weight gets no misleading weight sum).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from scoring.criteria import WHOLE, Criterion, MetricSource, path_text, share_of_total, weight_from_share
from scoring.criteria_validation import validate_tree
from scoring.exact import exact_number
from scoring.messages import Message
from scoring.problems import InvalidInput, Problem
from scoring.resilience import AGGREGATES, CONCENTRATION_METRICS, METRICS, STAGES, UNDECLARED_HANDLING
from scoring.rules.registry import rule_from_params

NODE_KEYS = ("code", "name", "names", "type", "description", "descriptions", "weight", "share_of_total",
             "max_points", "min_score", "rule", "source", "children")
SIZE_KEYS = ("weight", "max_points", "min_score")
SOURCE_KEYS = ("metric", "stage", "material", "aggregate", "undeclared")
SUM_MESSAGE = "weights sum to"


@dataclass(frozen=True)
class ParsedCriteria:
    """The criteria read so far and every problem found."""

    criteria: tuple[Criterion, ...]
    problems: tuple[Problem, ...]


def language_texts(raw: Mapping[str, Any], key: str, place: str, problems: list[Problem]) -> dict[str, str]:
    """A text in each language ({language: text}) under `key`; empty when not given."""
    value = raw.get(key)
    if value is None:
        return {}
    if not isinstance(value, Mapping) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        problems.append(Problem(f"{place}.{key}", Message("expected a text per language, got %(value)s",
                                                          value=repr(value))))
        return {}
    return dict(value)


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
            return ParsedCriteria((), (Problem("criteria", Message("expected a non-empty list of criteria")),))
        criteria = self._level(raw, "criteria", (), "criteria", WHOLE)
        tree_problems = [problem for problem in validate_tree(criteria, self.weighting)
                         if (problem.place, problem.message) not in self.explained and not (
                             problem.message.startswith(SUM_MESSAGE) and problem.place in self.unsummable)]
        return ParsedCriteria(criteria, tuple(self.problems + tree_problems))

    def _level(self, raw: Sequence[Any], place: str, names: tuple[str, ...], level_path: str,
               parent_share: Fraction | None) -> tuple[Criterion, ...]:
        """The nodes of one level; a node that cannot be read makes the level's weight sum unjudgeable.

        `parent_share` is the parent's share of the total (None: unknown), from which a share_of_total
        is turned into a percentage of the level."""
        placed = []
        for index, item in enumerate(raw):
            node = self._node(item, f"{place}[{index}]", names, level_path, parent_share)
            if node is None:
                self.unsummable.add(level_path)
            else:
                placed.append((f"{place}[{index}]", node))
        if self.weighting == "percent":
            self._check_shares(placed, place, level_path, parent_share)
        return tuple(node for _, node in placed)

    def _check_shares(self, placed: list[tuple[str, Criterion]], place: str, level_path: str,
                      parent_share: Fraction | None) -> None:
        """One weight form per level; shares of the total add up to the parent's share (exactly: they are
        the decimals the author wrote)."""
        weighted = [(where, node) for where, node in placed if node.weight is not None]
        if not weighted or not any(node.is_share_of_total for _, node in weighted):
            return
        first_is_share = weighted[0][1].is_share_of_total
        mixed = [(where, node) for where, node in weighted if node.is_share_of_total != first_is_share]
        for where, node in mixed:
            key, other = ("share_of_total", "weight") if node.is_share_of_total else ("weight", "share_of_total")
            self.problems.append(Problem(f"{where}.{key}", Message(
                "the other criteria of this level give %(other)s; give every weight of a level in the same form",
                other=other)))
        if mixed or parent_share is None or level_path in self.unsummable:
            self.unsummable.add(level_path)
            return
        total = sum((share_of_total(node.weight, parent_share) for _, node in weighted), Fraction(0))
        if total != parent_share:
            message = (Message("the shares of the total sum to %(total)s, expected 100", total=float(total))
                       if place == "criteria" else
                       Message("the shares of the total sum to %(total)s, but the group's share is %(share)s",
                               total=float(total), share=float(parent_share)))
            self.problems.append(Problem(place, message))
            self.unsummable.add(level_path)

    def _node(self, raw: Any, place: str, names: tuple[str, ...], level_path: str,
              parent_share: Fraction | None) -> Criterion | None:
        """One node, or None if it is not even a mapping."""
        if not isinstance(raw, Mapping):
            self.problems.append(Problem(place, Message("expected a mapping with code, name and a rule or children")))
            return None
        self.problems += [Problem(f"{place}.{key}", Message("unknown field")) for key in raw if key not in NODE_KEYS]
        code, name = self._text(raw, "code", place, required=True), self._text(raw, "name", place, required=True)
        name = name or code or place
        path = (*names, name)
        fields = {key: self._size(raw, key, place) for key in SIZE_KEYS}
        is_share = raw.get("share_of_total") is not None
        if is_share:
            fields["weight"] = self._weight_from_share(raw, place, parent_share)
        weight = fields["weight"]
        share = None if weight is None or parent_share is None else share_of_total(weight, parent_share)
        node = Criterion(code=code, name=name, type=self._text(raw, "type", place) or "quality",
                         description=self._text(raw, "description", place), rule=self._rule(raw, place),
                         names=self._texts(raw, "names", place), descriptions=self._texts(raw, "descriptions", place),
                         source=self._source(raw.get("source"), f"{place}.source"),
                         children=self._children(raw.get("children"), f"{place}.children", path, share),
                         is_share_of_total=is_share and weight is not None, **fields)
        if (raw.get("rule") is not None and node.rule is None) or (raw.get("children") is not None
                                                                    and not node.children):
            self.explained.add((path_text(path), "needs a rule or children"))
        for key in ("weight", "share_of_total", "max_points"):
            if raw.get(key) is not None and fields.get(key, weight) is None:
                self.explained.update({(path_text(path), "weight missing"), (path_text(path), "max points missing")})
                self.unsummable.add(level_path)
        return node

    def _weight_from_share(self, raw: Mapping[str, Any], place: str, parent_share: Fraction | None
                           ) -> Fraction | None:
        """The node's percentage of its level from its share of the whole tender: share / parent's share x 100."""
        value, where = raw["share_of_total"], f"{place}.share_of_total"
        share = exact_number(value)
        if self.weighting != "percent":
            message = Message("applies in percent weighting only; in points weighting each criterion's max_points "
                              "already is its part of the total")
        elif raw.get("weight") is not None:
            message = Message("give weight or share_of_total, not both")
        elif share is None:
            message = Message("expected a number, got %(value)s", value=repr(value))
        elif share <= 0:
            message = Message("expected a share above 0, got %(value)s", value=repr(value))
        elif parent_share == 0:
            message = Message("its group carries no share of the total")
        else:
            return None if parent_share is None else weight_from_share(share, parent_share)
        self.problems.append(Problem(where, message))
        return None

    def _text(self, raw: Mapping[str, Any], key: str, place: str, required: bool = False) -> str:
        """A text field; required ones must not be empty."""
        value = raw.get(key)
        if value is None and not required:
            return ""
        if not isinstance(value, str) or (required and not value.strip()):
            self.problems.append(Problem(f"{place}.{key}", _text_message(value, required)))
            return ""
        return value

    def _texts(self, raw: Mapping[str, Any], key: str, place: str) -> dict[str, str]:
        return language_texts(raw, key, place, self.problems)

    def _size(self, raw: Mapping[str, Any], key: str, place: str) -> Fraction | float | None:
        """weight or max_points: the exact number written; min_score: a number (a gate, not a weight)."""
        value = raw.get(key)
        if value is None:
            return None
        number = exact_number(value)
        if number is None:
            self.problems.append(Problem(f"{place}.{key}", Message("expected a number, got %(value)s",
                                                                   value=repr(value))))
        elif key == "min_score":
            if not 0 < number <= 100:
                self.problems.append(Problem(f"{place}.{key}", Message(
                    "expected a percentage of the group's maximum, above 0 and at most 100, got %(value)s",
                    value=repr(value))))
                return None
            return float(number)
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
            self.problems.append(Problem(place, Message("expected %(keys)s", keys=f"{{{', '.join(SOURCE_KEYS)}}}")))
            return None
        metric, stage, material = raw.get("metric"), raw.get("stage"), raw.get("material")
        aggregate, undeclared = raw.get("aggregate", "mean"), raw.get("undeclared", "minimum")
        problems = []
        for key, value, allowed in (("metric", metric, METRICS), ("stage", stage, STAGES),
                                    ("aggregate", aggregate, AGGREGATES),
                                    ("undeclared", undeclared, UNDECLARED_HANDLING)):
            if value not in allowed:
                problems.append(Problem(f"{place}.{key}", Message("expected one of %(options)s, got %(value)s",
                                                                  options=", ".join(allowed), value=repr(value))))
        if material is not None and (not isinstance(material, str) or material not in self.bill):
            problems.append(Problem(f"{place}.material", Message("%(material)s is not in the bill_of_materials",
                                                                 material=repr(material))))
        if material is None and not self.bill:
            problems.append(Problem(place, Message("a whole-product metric (no material) needs a bill_of_materials")))
        if material is not None and raw.get("aggregate") is not None:
            problems.append(Problem(f"{place}.aggregate",
                                    Message("applies to a whole-product metric only (no material)")))
        elif aggregate == "pooled" and undeclared == "world_baseline" and metric in CONCENTRATION_METRICS:
            problems.append(Problem(f"{place}.undeclared", Message(
                "the world baseline gives each material's concentration, which cannot be pooled: use aggregate mean "
                "or worst")))
        self.problems += problems
        return None if problems else MetricSource(metric, stage, material, aggregate, undeclared)

    def _children(self, raw: Any, place: str, path: tuple[str, ...], share: Fraction | None
                  ) -> tuple[Criterion, ...]:
        """A group's children (`share`: the group's share of the total): a non-empty list when given."""
        if raw is None:
            return ()
        if not isinstance(raw, Sequence) or isinstance(raw, str) or not raw:
            self.problems.append(Problem(place, Message("expected a non-empty list of criteria")))
            return ()
        return self._level(raw, place, path, path_text(path), share)


def _text_message(value: Any, required: bool) -> Message:
    """Why a text field could not be read."""
    if value is None:
        return Message("missing")
    if required:
        return Message("expected a non-empty text, got %(value)s", value=repr(value))
    return Message("expected a text, got %(value)s", value=repr(value))
