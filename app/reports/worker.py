"""`python -m app.reports.worker OUTPUT`: render one document from a JSON context read on stdin.

A separate process so that a long render never holds a web worker, and so that its memory and CPU
time can be capped (docs/security.md: PDF rendering; WeasyPrint's documentation warns of endless
renders). It runs at a lower priority (and so do the processes it forks to lay out parts), so web
requests keep the CPU they need. It needs no database and no secret: the context holds everything the document shows.
Protocol (sandbox/): the job {"kind", "context", "processes"} after the limits; stdout "progress DONE TOTAL"
lines; the PDF is written to OUTPUT; any failure exits non-zero with the reason on stderr.
"""
from __future__ import annotations

import json
import logging
import os
import sys
from pathlib import Path

from sandbox import take_job

NICENESS = 10  # below web requests, above nothing else


def main(output: str) -> None:
    job = json.loads(take_job())
    os.nice(NICENESS)
    logging.basicConfig(level=logging.ERROR, stream=sys.stderr, format="%(name)s: %(message)s")
    logging.getLogger("app.reports").setLevel(logging.WARNING)
    from app.reports.renderers import RENDERERS  # after the limits: WeasyPrint's import is the big one

    def progress(done: int, total: int) -> None:
        print(f"progress {done} {total}", flush=True)

    Path(output).write_bytes(RENDERERS[job["kind"]](job["context"], progress, job["processes"]))


if __name__ == "__main__":
    main(sys.argv[1])
