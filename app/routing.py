"""URL rules that write their URL-building code on the first URL they build.

When a rule is added, Werkzeug writes and compiles two small Python functions that build its URLs. For resbid's
94 rules that was 70 of the 86 ms `create_app` took: paid by every command before it starts and by every test's
app, though a command builds a handful of URLs at most and a web worker builds each page's
links from a few dozen rules. Here each rule writes the same functions when first asked for a URL, and keeps them.
Werkzeug is pinned in requirements.txt: the hook, `Rule._compile_builder`, is not public API.
"""
from __future__ import annotations

from werkzeug.routing import Rule


class RuleBuildingOnFirstUse(Rule):
    def _compile_builder(self, append_unknown: bool = True):
        written = None

        def build(rule: Rule, **values):
            nonlocal written
            if written is None:
                written = Rule._compile_builder(rule, append_unknown)
            return written(rule, **values)

        return build
