"""The pure libraries' public names, each imported from its module on first use (scoring/exports.py): every name a
package lists is one its module defines, and a name it does not list is an AttributeError, as for any module."""
from __future__ import annotations

import importlib

import pytest


@pytest.mark.parametrize("package", ["scoring", "workbooks"])
def test_every_listed_name_comes_from_its_module_and_no_other_name_exists(package):
    library = importlib.import_module(package)
    star: dict = {}
    exec(f"from {package} import *", star)
    assert sorted(name for name in star if name != "__builtins__") == library.__all__
    assert all(star[name] is getattr(library, name) for name in library.__all__)
    with pytest.raises(AttributeError, match=f"module '{package}' has no attribute 'evaluate_everything'"):
        library.evaluate_everything
