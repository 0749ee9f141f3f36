"""Benchmark of the command line's start-up: how long a short `flask --app wsgi ...` command takes.

Run: .venv/bin/python benchmarks/bench_cli.py
Goal (issue 15, "Quick commands"): the CLI starts in under 0.5 s of CPU time. Two commands are timed, each
RUNS times in a fresh process on an empty SQLite database (migrated beforehand, not timed): the help of a
command group, which only loads the app, and `audit verify`, a real command that reads the database; and, for
comparison, importing the framework alone (Flask, SQLAlchemy, the Flask extensions), the floor under any command's
start on this machine. Then, once, `tender import` of a 500-bid folder built from the magnet sample
(benchmarks/tender_folders.py; its building is not timed), its bid workbooks read as they always are, each in a
forked child.
CPU s is the child's user + system time (what start-up costs, whatever else the machine runs); s is wall-clock.
Run it through `make bench`, which compiles the bytecode first as an installation has it: with
PYTHONDONTWRITEBYTECODE set and no bytecode, every start compiles the sources again (about 0.3 s).
"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.tender_folders import build_folder  # noqa: E402 (the path above makes the repository importable)

FLASK = [str(Path(sys.executable).parent / "flask"), "--app", "wsgi"]
RUNS = 5
GOAL_CPU_SECONDS = 0.5
COMMANDS = (("tender --help", ["tender", "--help"]), ("audit verify (empty database)", ["audit", "verify"]))
IMPORTED_BIDS = 500
# What every command imports before any of resbid's own code: the floor under its start-up.
FRAMEWORK = ("flask", "flask_sqlalchemy", "sqlalchemy.orm", "flask_login", "flask_wtf", "flask_babel")


def timed(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of one command in a fresh process; stops the benchmark if the command fails."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed: {process.stderr.read().decode()[-2000:]}")
    process.stderr.close()
    return usage.ru_utime + usage.ru_stime, wall


def median_run(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """The median CPU and wall seconds of RUNS runs of the command."""
    runs = [timed(command, env) for _ in range(RUNS)]
    return statistics.median(run[0] for run in runs), statistics.median(run[1] for run in runs)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{folder}/cli.sqlite3", "SECRET_KEY": "bench-cli",
               "RESBID_AUDIT_KEY": "bench-cli", "RESBID_AUDIT_CHECKPOINTS": f"{folder}/checkpoints.jsonl"}
        subprocess.run(FLASK + ["db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True)
        print(f"median of {RUNS} runs, each a fresh process; goal: under {GOAL_CPU_SECONDS:g} s of CPU time")
        for label, arguments in COMMANDS:
            cpu, wall = median_run(FLASK + arguments, env)
            verdict = "met" if cpu < GOAL_CPU_SECONDS else "NOT MET"
            print(f"  flask --app wsgi {label:32} CPU {cpu:.2f} s, {wall:.2f} s ({verdict})")
        cpu, wall = median_run([sys.executable, "-c", f"import {', '.join(FRAMEWORK)}"], env)
        print(f"  for comparison, importing Flask, SQLAlchemy and the extensions alone: CPU {cpu:.2f} s, {wall:.2f} s")
        tender = build_folder(Path(folder) / "tender", IMPORTED_BIDS, "BENCH-CLI-IMPORT")
        cpu, wall = timed(FLASK + ["tender", "import", str(tender)], env)
        print(f"\n  flask --app wsgi tender import of {IMPORTED_BIDS} bids: {wall:.1f} s, CPU {cpu:.1f} s with its "
              "reading children (once; issue 15 measured 18 s when it was filed)")


if __name__ == "__main__":
    main()
