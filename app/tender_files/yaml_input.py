"""YAML that officers type or upload: aliases are refused before anything is built from it.

PyYAML's safe loader still expands aliases, so a few hundred bytes of nested `*name` references
describe a document whose traversal (schema check, error messages) would not end.
"""
from __future__ import annotations

import yaml


def alias_problem(text: str) -> str | None:
    """Why the text is refused when it uses YAML aliases, else None (scanning is linear in the text)."""
    try:
        for token in yaml.scan(text):
            if isinstance(token, yaml.AliasToken):
                return f"YAML aliases (*name) are not accepted (line {token.start_mark.line + 1})"
    except yaml.YAMLError:
        return None  # the parser reports the syntax error itself, with its place
    return None
