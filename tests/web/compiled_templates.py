"""The templates compiled once per test process, not once per app.

Nearly every web test builds its own app (its own database, keys and clock), and each app's Jinja environment
compiles every template it renders again: parsing, generating and compiling Python were a tenth of a web test's
time. Jinja's bytecode cache hands each new environment the code an earlier one compiled from the same source
(a template's checksum is its source's, so an edited template is compiled again). Every test app has the same
filters, globals and extensions (create_app), so the code means the same in each.
"""
from __future__ import annotations

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket


class CompiledTemplates(BytecodeCache):
    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self._code:
            bucket.bytecode_from_string(self._code[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()
