"""resbid's Flask class: an app whose web part (pages, error pages, request hooks) joins it when its URL map is
first read.

Adding the web part imports the views and, through them, nearly all of resbid: every service, the scoring engine,
the workbook reader. A command serves no page, and that import was a quarter of every command's start (issue 15:
a command starts in under 0.5 s). Whatever needs the web part reads the URL map first: routing a request, building
a URL, `flask routes`, a test walking the rules. Each finds the map complete, as if the web part had been added when
the app was built; a web worker adds it on its first request.
"""
from __future__ import annotations

from collections.abc import Callable
from threading import RLock

from flask import Flask
from werkzeug.routing import Map

from sandbox import collector_paused


class ResbidFlask(Flask):
    def __init__(self, *args, **kwargs) -> None:
        self._web: Callable[[Flask], None] | None = None  # adds the web part, until it has been added
        self._adding_web = False
        self._web_lock = RLock()  # re-entrant: adding the web part reads the map
        super().__init__(*args, **kwargs)

    def add_web_on_first_use(self, add: Callable[[Flask], None]) -> None:
        """Have `add(app)` run once, the first time anything reads the URL map."""
        self._web = add

    @property
    def url_map(self) -> Map:
        if self._web is not None:
            self._add_web()
        return self._url_map

    @url_map.setter
    def url_map(self, value: Map) -> None:
        self._url_map = value

    def _add_web(self) -> None:
        """A thread that reads the map while another adds the web part waits for it (threaded development server)."""
        with self._web_lock:
            if self._web is None or self._adding_web:
                return
            self._adding_web = True
            try:
                with collector_paused():  # the modules' objects live as long as the process: nothing to collect
                    self._web(self)
                self._web = None
            finally:
                self._adding_web = False
