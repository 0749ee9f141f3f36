"""How a pure library's package names its public API: each name imported from its module when first asked for
(PEP 562), so that importing one small module of the library (scoring.problems, say) loads that module alone."""
from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from importlib import import_module
from typing import Any


def lazy_exports(package: str, modules: Mapping[str, tuple[str, ...]]) -> tuple[list[str], Callable[[str], Any]]:
    """The package's `__all__` and `__getattr__`, from each module and the public names it defines."""
    homes = {name: module for module, names in modules.items() for name in names}

    def exported(name: str) -> Any:
        if name not in homes:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(import_module(homes[name]), name)
        setattr(sys.modules[package], name, value)  # kept: found directly from now on
        return value

    return sorted(homes), exported
