"""The reference data's names as messages of a translation catalogue: a Babel extraction method.

The materials' display names (materials.csv `name`) are what people read of a material code ("Nd" -> "Neodymium"),
so an application that writes them in another language needs them in its catalogue. Babel cannot read CSV; babel.cfg
names this function as the extraction method of materials.csv (`[scoring.reference.catalogue.extract_names: ...]`),
so each name becomes a msgid with the row it comes from. It needs nothing from Babel and the library translates
nothing.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import IO, Any


def extract_names(fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: dict) -> Iterator[tuple]:
    """Babel's extractor interface: (line number, function name, message, comments) for each row's `name`."""
    rows = csv.DictReader(io.StringIO(fileobj.read().decode(options.get("encoding", "utf-8")), newline=""))
    for row in rows:
        if row.get("name"):
            yield rows.line_num, None, row["name"], []
