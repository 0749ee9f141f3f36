"""YAML that officers type or upload, read by one loader that refuses what would mislead or exhaust the server.

- Aliases (`*name`): PyYAML's safe loader expands them, so a few hundred bytes describe a document whose
  traversal would not end.
- Nesting deeper than MAX_DEPTH: the composer recurses once per level, and Python's stack ends first.
- Duplicate keys: the safe loader keeps the last one silently, so a criterion could carry a weight its author
  did not see.
- `.inf` and `.nan`: not amounts anyone can publish; they would pass a range check (nan compares false) or
  overflow a sum.
Timestamps stay text, so the schema and the parsers see what was written.
"""
from __future__ import annotations

import math
from typing import Any

import yaml

from scoring.messages import Message

# Deeper than any tender.yaml or rule the schema admits (a criteria tree of ten levels is about 25), far below
# the recursion limit.
MAX_DEPTH = 50


class YamlRefused(yaml.MarkedYAMLError):
    """Valid YAML that resbid does not accept; `problem` says why, `problem_mark` where."""

    def __init__(self, problem: Message, mark) -> None:
        super().__init__(problem=problem, problem_mark=mark)


class OfficerYamlLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """SafeLoader refusing repeated keys and numbers no one can publish, each as a YAMLError carrying the place it
    was found. libyaml's parser and composer where PyYAML was built with it (as its wheels are): a 500-bid
    scores.yaml loads in 0.18 s instead of 1.15 s; the aliases and the depth are refused before, by
    load_officer_yaml, since libyaml's composer calls no Python."""

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if isinstance(key, (str, int, float, bool)) and key in seen:
                twice = Message("%(key)s is given twice in the same mapping", key=str(key))
                raise YamlRefused(twice, key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep)

    def construct_finite_float(self, node) -> float:
        value = self.construct_yaml_float(node)
        if not math.isfinite(value):
            raise YamlRefused(Message("%(value)s is not a finite number", value=node.value), node.start_mark)
        return value


OfficerYamlLoader.add_constructor("tag:yaml.org,2002:float", OfficerYamlLoader.construct_finite_float)
OfficerYamlLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_officer_yaml(text: str) -> Any:
    """The document; yaml.YAMLError (YamlRefused for the refusals above) otherwise, worded by yaml_problem."""
    _refuse_aliases_and_depth(text)
    return yaml.load(text, Loader=OfficerYamlLoader)


def _refuse_aliases_and_depth(text: str) -> None:
    """Reads the parser's events, which hold no document (its states are a list, not a recursion), and refuses
    the first alias or node nested deeper than MAX_DEPTH (a scalar counts as a level, as in a path) before any is
    composed."""
    depth = 0  # of the collections open
    for event in yaml.parse(text, Loader=OfficerYamlLoader):
        if isinstance(event, yaml.AliasEvent):
            raise YamlRefused(Message("YAML aliases (*name) are not accepted"), event.start_mark)
        if isinstance(event, (yaml.ScalarEvent, yaml.CollectionStartEvent)) and depth + 1 > MAX_DEPTH:
            raise YamlRefused(Message("nested more than %(depth)s levels deep", depth=MAX_DEPTH), event.start_mark)
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def yaml_problem(error: yaml.YAMLError) -> Message:
    """What is wrong and where, as an officer reads it; PyYAML's own words for a parse error stay as it wrote them
    (a technical detail after the place)."""
    mark = getattr(error, "problem_mark", None)
    if isinstance(error, YamlRefused):
        return Message("%(problem)s (line %(line)s)", problem=error.problem, line=str(mark.line + 1))
    detail = str(getattr(error, "problem", None) or error)
    if mark:
        return Message("not valid YAML at line %(line)s, column %(column)s: %(detail)s", line=str(mark.line + 1),
                       column=str(mark.column + 1), detail=detail)
    return Message("not valid YAML: %(detail)s", detail=detail)
