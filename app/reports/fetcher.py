"""The only door WeasyPrint has to the outside world: data: URIs pass, everything else is refused.

WeasyPrint's default fetcher reads local files and follows URLs (verified on WeasyPrint 70.0;
docs/security.md: PDF rendering), so every document is rendered with this one. Reports need no file
or network resource at all: fonts come from the system, charts are inline SVG, styles are passed as a parsed CSS object.
"""
from __future__ import annotations

import logging

from weasyprint.urls import URLFetcher

log = logging.getLogger(__name__)


class DataOnlyFetcher(URLFetcher):
    """Serves data: URIs; refuses and logs every other URL. `requested` lists every URL asked for."""

    def __init__(self) -> None:
        super().__init__(timeout=1, allowed_protocols=("data",), allow_redirects=False)
        self.requested: list[str] = []

    def fetch(self, url: str, headers=None):
        self.requested.append(url)
        if url[:5].lower() == "data:":
            return super().fetch(url, headers)
        log.warning("report rendering refused to fetch %.200r", url)
        raise ValueError("resbid documents load no external resources")

    @property
    def refused(self) -> list[str]:
        """The URLs that were asked for and refused (an empty list on every legitimate render)."""
        return [url for url in self.requested if url[:5].lower() != "data:"]
