"""Starting the app (the web server, every CLI command) loads no heavy library it does not need yet.

WeasyPrint, pikepdf, openpyxl, numpy and jsonschema together took over a second to import; they are imported
where used (rendering a PDF, writing a workbook, sensitivity, checking tender.yaml), so `flask --app wsgi ...`
starts quickly (issue 15: the CLI starts in under 0.5 s). PyYAML is imported when YAML is read or written,
procrastinate when the job queue is used, and Alembic when the schema is migrated (`flask --app wsgi db ...`).
Nor does starting configure SQLAlchemy's mappers (the first query does) or write the URL rules' building code
(the first URL built does: app/routing.py). Nor does it import the views, and with them the scoring engine and the
workbook reader: the web part joins the app when its URL map is first read (app/application.py), so a command that
serves no page never loads them, and a page finds them all.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
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

WEB = ("app.tenders.views", "app.portal.views", "scoring.evaluation", "workbooks.reader", "tender_files.bids")
WEB_PROBE = ("import json, sys, wsgi; "
             f"before = [name for name in {WEB!r} if name in sys.modules]; "
             "status = wsgi.app.test_client().get('/login').status_code; "
             f"after = [name for name in {WEB!r} if name in sys.modules]; "
             "print(json.dumps({'before': before, 'status': status, 'after': after}))")


def test_the_views_scoring_engine_and_workbook_reader_are_loaded_by_the_first_request_not_by_starting(tmp_path):
    probe = subprocess.run([sys.executable, "-c", WEB_PROBE], cwd=ROOT, env=_environment(tmp_path),
                           capture_output=True, text=True, timeout=120)
    assert probe.returncode == 0, probe.stderr
    loaded = json.loads(probe.stdout.strip().splitlines()[-1])
    assert loaded == {"before": [], "status": 200, "after": list(WEB)}


def test_a_command_group_lists_its_commands_without_loading_what_they_do(tmp_path):
    probe = ("import sys; from flask.cli import main; sys.argv = ['flask', '--app', 'wsgi', 'tender', '--help']\n"
             "try:\n    main()\nexcept SystemExit:\n    pass\n"
             f"print([name for name in {(*WEB, 'app.cli.tender_work')!r} if name in sys.modules])")
    listed = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=_environment(tmp_path), capture_output=True,
                            text=True, timeout=120)
    assert listed.returncode == 0, listed.stderr
    assert "check-bid" in listed.stdout and "Evaluate a tender folder" in listed.stdout
    assert listed.stdout.strip().splitlines()[-1] == "[]"


def test_threads_reading_the_url_map_at_once_each_find_every_page(app):
    """The threaded development server's first requests may arrive together: none may route on half a map."""
    start = threading.Barrier(4)
    found = []

    def read() -> None:
        start.wait()
        found.append(len(list(app.url_map.iter_rules())))

    threads = [threading.Thread(target=read) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(found)) == 1 and found[0] > 90


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
