"""Checking tender.yaml's shape against the JSON Schema kept beside this module."""
from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from scoring.problems import Problem

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator


@cache
def tender_schema() -> dict:
    """The JSON Schema of tender.yaml (tender_files/tender.schema.json)."""
    return json.loads(resources.files(__package__).joinpath("tender.schema.json").read_text("utf-8"))


@cache
def _validator() -> Draft202012Validator:
    from jsonschema import Draft202012Validator, FormatChecker  # imported where used: 0.1 s the CLI need not pay
    return Draft202012Validator(tender_schema(), format_checker=FormatChecker())


def yaml_path(parts) -> str:
    """["criteria", 2, "rule"] -> "criteria[2].rule", the way the messages name places."""
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(top level)"


def schema_problems(data: object, file: str = "tender.yaml") -> list[Problem]:
    """Every place where `data` breaks the schema, deepest first within each branch."""
    errors = sorted(_validator().iter_errors(data), key=lambda e: (list(map(str, e.absolute_path)), e.message))
    return [Problem(f"{file}: {yaml_path(error.absolute_path)}", error.message) for error in errors]
