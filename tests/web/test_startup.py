"""Starting the app (the web server, every CLI command) loads no heavy library it does not need yet.

WeasyPrint, pikepdf, openpyxl, numpy and jsonschema together took over a second to import; they are imported
where used (rendering a PDF, writing a workbook, sensitivity, checking tender.yaml), so `flask --app wsgi ...`
starts quickly (issue 15: the CLI starts in under 0.5 s). PyYAML is imported when YAML is read or written,
procrastinate when the job queue is used, and Alembic when the schema is migrated (`flask --app wsgi db ...`).
Nor does starting configure SQLAlchemy's mappers (the first query does) or write the URL rules' building code
(the first URL built does: app/routing.py).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LAZY = ("weasyprint", "pikepdf", "openpyxl", "numpy", "jsonschema", "procrastinate", "yaml", "alembic")
PROBE = ("import json, sys, sqlalchemy, wsgi; from app.models import User; "
         f"loaded = {{name: name in sys.modules for name in {LAZY!r}}}; "
         "print(json.dumps({**loaded, 'mappers': sqlalchemy.inspect(User).configured}))")


def test_importing_the_app_loads_no_pdf_workbook_or_numeric_library_and_configures_no_mapper(tmp_path):
    probe = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=_environment(tmp_path), capture_output=True,
                           text=True, timeout=120)
    assert probe.returncode == 0, probe.stderr
    loaded = json.loads(probe.stdout.strip().splitlines()[-1])
    assert loaded == {**{name: False for name in LAZY}, "mappers": False}


def test_the_migration_commands_load_alembic_when_used(tmp_path):
    flask = [sys.executable, "-m", "flask", "--app", "wsgi", "db"]
    env = _environment(tmp_path)
    listed = subprocess.run([*flask, "--help"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert listed.returncode == 0, listed.stderr
    assert "upgrade" in listed.stdout and "grant-app-role" in listed.stdout
    upgraded = subprocess.run([*flask, "upgrade"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert upgraded.returncode == 0, upgraded.stderr
    current = subprocess.run([*flask, "current"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert current.returncode == 0 and "(head)" in current.stdout, current.stderr


def _environment(folder: Path) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": f"sqlite:///{folder / 'startup.sqlite3'}", "SECRET_KEY": "startup-test",
            "RESBID_AUDIT_KEY": "startup-test", "RESBID_AUDIT_CHECKPOINTS": str(folder / "checkpoints.jsonl")}
