"""JSON-safe dicts from frozen dataclasses and back, driven by their type hints.

One generic codec instead of a to_dict/from_dict pair per result type, so a new field cannot
be forgotten on one side: the round trip is exact for the types the results use (dataclasses,
NamedTuples, tuples, optional values, str/int/float/bool, and plain unions of those).
"""

from __future__ import annotations

import dataclasses
import types
import typing
from functools import cache
from typing import Any, TypeVar

T = TypeVar("T")
PRIMITIVES = (str, int, float, bool, type(None))


def to_jsonable(value: Any) -> Any:
    """Dataclasses to dicts and tuples to lists, recursively; primitives unchanged."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if _is_named_tuple(type(value)):
        return {name: to_jsonable(item) for name, item in zip(value._fields, value)}
    if isinstance(value, (tuple, list)):
        return [to_jsonable(item) for item in value]
    if isinstance(value, dict):
        return {str(key): to_jsonable(item) for key, item in value.items()}
    if isinstance(value, PRIMITIVES):
        return value
    raise TypeError(f"{type(value).__name__} is not JSON-safe")


def from_jsonable(cls: type[T], data: Any) -> T:
    """Rebuilds a dataclass (or any annotated type) from what to_jsonable produced."""
    return _decode(cls, data)


def _is_named_tuple(hint: Any) -> bool:
    """A typing.NamedTuple class (a tuple subclass with named fields)."""
    return isinstance(hint, type) and issubclass(hint, tuple) and hasattr(hint, "_fields")


@cache
def _hints(cls: type) -> dict[str, Any]:
    """The resolved type hints of a dataclass's fields."""
    return typing.get_type_hints(cls)


def _decode(hint: Any, data: Any) -> Any:
    """Decodes data according to one type hint."""
    origin = typing.get_origin(hint)
    if dataclasses.is_dataclass(hint):
        hints = _hints(hint)
        return hint(**{f.name: _decode(hints[f.name], data[f.name])
                       for f in dataclasses.fields(hint) if f.init and f.name in data})
    if _is_named_tuple(hint):
        hints = _hints(hint)
        return hint(**{name: _decode(hints[name], data[name]) for name in hint._fields if name in data})
    if origin in (types.UnionType, typing.Union):
        options = typing.get_args(hint)
        if data is None:
            return None
        structured = [option for option in options if option not in PRIMITIVES]
        if structured and not isinstance(data, PRIMITIVES):
            return _decode(structured[0], data)
        return float(data) if float in options and type(data) is int and int not in options else data
    if origin is tuple:
        args = typing.get_args(hint)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_decode(args[0], item) for item in data)
        return tuple(_decode(arg, item) for arg, item in zip(args, data))
    if origin is dict:
        _, value_hint = typing.get_args(hint)
        return {key: _decode(value_hint, item) for key, item in data.items()}
    if hint is float:
        return float(data)
    return data
