"""URL rules that write their URL-building code on the first URL they build, and the number an address may hold.

When a rule is added, Werkzeug writes and compiles two small Python functions that build its URLs. For resbid's
94 rules that was 70 of the 86 ms `create_app` took: paid by every command before it starts and by every test's
app, though a command builds a handful of URLs at most and a web worker builds each page's
links from a few dozen rules. Here each rule writes the same functions when first asked for a URL, and keeps them.
Werkzeug is pinned in requirements.txt: the hook, `Rule._compile_builder`, is not public API.
"""
from __future__ import annotations

from werkzeug.routing import IntegerConverter, Rule

from app.forms import MAX_ID


class RuleBuildingOnFirstUse(Rule):
    def _compile_builder(self, append_unknown: bool = True):
        written = None

        def build(rule: Rule, **values):
            nonlocal written
            if written is None:
                written = Rule._compile_builder(rule, append_unknown)
            return written(rule, **values)

        return build


class RecordNumberConverter(IntegerConverter):
    """`<int:...>` in resbid's rules: a record id or number that fits the database's integer columns. A larger one
    (an edited address) matches no rule, so it is a 404 like any id that names no record, rather than a query
    the database refuses (SQLite cannot bind it, PostgreSQL's integer is out of range)."""

    def __init__(self, map, *args, **kwargs) -> None:
        super().__init__(map, *args, **{"max": MAX_ID, **kwargs})
