"""Checking tender.yaml's shape against the JSON Schema kept beside this module."""
from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from scoring.messages import Message
from scoring.problems import Problem

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator, ValidationError


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
    return [Problem(f"{file}: {yaml_path(error.absolute_path)}", schema_message(error)) for error in errors]


def schema_message(error: ValidationError) -> Message | str:
    """What a schema error says, as a message an application can translate (jsonschema's English words); the
    values quoted as the file writes them. A keyword the schema does not use keeps jsonschema's text."""
    value, expected = repr(error.instance), error.validator_value
    if error.validator == "type":
        types = ", ".join(map(repr, expected)) if isinstance(expected, list) else repr(expected)
        return Message("%(value)s is not of type %(types)s", value=value, types=types)
    if error.validator == "enum":
        return Message("%(value)s is not one of %(options)s", value=value, options=repr(expected))
    if error.validator == "required":
        name = error.message.removesuffix(" is a required property")
        return Message("%(name)s is a required property", name=name)
    if error.validator == "additionalProperties":
        extra = sorted((key for key in error.instance if key not in error.schema.get("properties", {})), key=str)
        names = ", ".join(map(repr, extra))
        if len(extra) == 1:
            return Message("Additional properties are not allowed (%(names)s was unexpected)", names=names)
        return Message("Additional properties are not allowed (%(names)s were unexpected)", names=names)
    if error.validator in ("minLength", "minItems", "minProperties"):
        return (Message("%(value)s should be non-empty", value=value) if expected == 1
                else Message("%(value)s is too short", value=value))
    if error.validator in ("maxLength", "maxItems"):
        return Message("%(value)s is too long", value=value)
    if error.validator == "pattern":
        return Message("%(value)s does not match %(pattern)s", value=value, pattern=repr(expected))
    if error.validator == "minimum":
        return Message("%(value)s is less than the minimum of %(minimum)s", value=value, minimum=repr(expected))
    if error.validator == "maximum":
        return Message("%(value)s is greater than the maximum of %(maximum)s", value=value, maximum=repr(expected))
    if error.validator == "exclusiveMinimum":
        return Message("%(value)s is less than or equal to the minimum of %(minimum)s", value=value,
                       minimum=repr(expected))
    if error.validator == "uniqueItems":
        return Message("%(value)s has non-unique elements", value=value)
    if error.validator == "format":
        return Message("%(value)s is not a %(format)s", value=value, format=repr(expected))
    return error.message
