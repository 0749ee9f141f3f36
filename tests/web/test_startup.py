"""Starting the app (the web server, every CLI command) loads no heavy library it does not need yet.

WeasyPrint, pikepdf, openpyxl, numpy and jsonschema together took over a second to import; they are imported
where used (rendering a PDF, writing a workbook, sensitivity, checking tender.yaml), so `flask --app wsgi ...`
starts quickly (issue 15: the CLI starts in under 0.5 s). PyYAML is imported when YAML is read or written and
procrastinate when the job queue is used.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LAZY = ("weasyprint", "pikepdf", "openpyxl", "numpy", "jsonschema", "procrastinate", "yaml")
PROBE = ("import json, sys, wsgi; "
         f"print(json.dumps({{name: name in sys.modules for name in {LAZY!r}}}))")


def test_importing_the_app_loads_no_pdf_workbook_or_numeric_library(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'startup.sqlite3'}",
           "SECRET_KEY": "startup-test", "RESBID_AUDIT_KEY": "startup-test",
           "RESBID_AUDIT_CHECKPOINTS": str(tmp_path / "checkpoints.jsonl")}
    probe = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True,
                           timeout=120)
    assert probe.returncode == 0, probe.stderr
    loaded = json.loads(probe.stdout.strip().splitlines()[-1])
    assert loaded == {name: False for name in LAZY}
