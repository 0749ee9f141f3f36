"""Load benchmark of the web pages under gunicorn, beside a bare Flask + SQLAlchemy page, on PostgreSQL and SQLite.

Run: .venv/bin/python benchmarks/bench_load.py [postgresql] [sqlite]   (default both)
Settings (environment): RESBID_BENCH_SECONDS (30) of load per page, RESBID_BENCH_CONNECTIONS (20),
RESBID_BENCH_BIDS (50,500: the tenders' sizes),
RESBID_BENCH_POSTGRES (postgresql://postgres@127.0.0.1:5432/postgres: a server where the bench may create and
drop its database), RESBID_BENCH_DATABASE (resbid_bench: that database's name).
Two tender folders of 50 and 500 bids are built from the magnet sample (benchmarks/tender_folders.py), then for
each engine a fresh database gets the demo accounts, the sample tenders and both folders, imported, opened and
finalised. resbid and the bare page (benchmarks/bare_app.py, 50
rows of the same database) are served by gunicorn with 2 workers as the README's production section says, with
its job worker on PostgreSQL (the queued sensitivity analyses and the report's render); wrk
loads each page in turn for the set seconds at the set connections, signed in as the officer (or the bidder for
the portal). Before each run, the page is checked to answer 200 and timed alone (median of 3); after it, the
bench waits until the workers are idle, so the requests wrk left queued do not weigh on the next page. The
report status page comes last: its first visit starts the render of the report; the bench polls it as a
browser does until the report is rendered, then loads it: what most polls, and every later visit, find (while
the render runs, its processes take CPU from every page, not only this one).
The bare page is loaded before the first page and again after each one: this machine's speed drifts by a quarter
within minutes, so each page's ratio is to the mean of the bare runs just before and just after it.
Printed per engine: requests/s, p50 and p99 latency of the requests that finished within the run (wrk leaves
out those still running at its end), errors (answers other than 200, and socket errors), the workers' CPU time per
request (user and system over the run and the drain after it, divided by the requests wrk counted: what a request
costs the server itself, whatever share of the cores wrk took), that ratio, each run of the bare page in the order
measured; then the memory of each resbid worker after the runs.
Goals (issue 15): every page at 500 bids at least half the bare page's requests/s, p99 under 150 ms, 0 errors,
on both engines; every worker under 300 MB.
"""
from __future__ import annotations

import logging
import math
import os
import secrets
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402 (the path above makes the repository importable)

from benchmarks.load_tool import TICKS, WRK, JobWorker, Load, Server, fetch, load, sign_in  # noqa: E402
from benchmarks.tender_folders import build_folder, load_finalised  # noqa: E402

SECONDS = int(os.environ.get("RESBID_BENCH_SECONDS", 30))
CONNECTIONS = int(os.environ.get("RESBID_BENCH_CONNECTIONS", 20))
POSTGRES = os.environ.get("RESBID_BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres")
DATABASE = os.environ.get("RESBID_BENCH_DATABASE", "resbid_bench")  # helpers sharing a server each name their own
SIZES = tuple(sorted(int(bids) for bids in os.environ.get("RESBID_BENCH_BIDS", "50,500").split(",")))
LARGE = SIZES[-1]  # the goals are for the largest tender
OFFICER, BIDDER = "officer@resbid.example", "bidder@resbid.example"  # the demo accounts; the officer chairs
GOAL_RATIO, GOAL_P99, GOAL_MB = 0.5, 0.150, 300
RENDER_LIMIT = 900  # seconds the report of the large tender may take to render before its status page is loaded


@dataclass(frozen=True)
class Page:
    name: str
    bids: int | None  # the tender's bids, for the pages of one tender
    path: str
    account: str | None  # who is signed in; None: nobody
    renders: bool = False  # its first visit starts a document's render; measured last, while it renders


BARE = Page("bare Flask + SQLAlchemy (50 rows)", None, "/", None)  # served by benchmarks/bare_app.py


def pages(tenders: dict[int, int], compared: list[str]) -> list[Page]:
    large = tenders[LARGE]
    return [Page("login", None, "/login", None),
            Page("bidder portal, open tenders", None, "/portal/", BIDDER),
            *(Page("results", bids, f"/tenders/{tender}/results", OFFICER) for bids, tender in tenders.items()),
            Page("side-by-side (3 bids)", LARGE, f"/tenders/{large}/results?" + "&".join(
                f"bid={label}" for label in compared), OFFICER),
            Page("report status", LARGE, f"/reports/tenders/{large}", OFFICER, renders=True)]


def prepare(url: str, folders: dict[int, Path], work: Path) -> tuple[dict[int, int], list[str], dict[str, str]]:
    """Load a fresh database at `url`: tender id per bid count, three bid labels of the large tender to compare,
    and the environment resbid runs with."""
    from sqlalchemy import select

    from app import create_app, schema_migrations
    from app.extensions import db
    from app.models import Bid

    env = {"DATABASE_URL": url, "SECRET_KEY": secrets.token_hex(32), "RESBID_AUDIT_KEY": secrets.token_hex(32),
           "RESBID_AUDIT_CHECKPOINTS": str(work / "checkpoints.jsonl"), "SESSION_COOKIE_SECURE": "0"}
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": env["SECRET_KEY"],
                      "RESBID_AUDIT_KEY": env["RESBID_AUDIT_KEY"],
                      "RESBID_AUDIT_CHECKPOINTS": env["RESBID_AUDIT_CHECKPOINTS"]})
    with app.app_context():
        schema_migrations.upgrade()
        tenders = {bids: load_finalised(folder) for bids, folder in folders.items()}
        compared = db.session.scalars(select(Bid.label).where(Bid.tender_id == tenders[LARGE])
                                      .order_by(Bid.id).limit(3)).all()
        db.engine.dispose()
    return tenders, compared, env


def measure(engine: str, url: str, folders: dict[int, Path], work: Path) -> None:
    started = time.monotonic()
    tenders, compared, env = prepare(url, folders, work)
    print(f"\n{engine}: database loaded in {time.monotonic() - started:.0f} s; "
          f"{SECONDS} s per page at {CONNECTIONS} connections", flush=True)
    resbid = Server("wsgi:app", env, work / f"gunicorn-{engine}.log", ROOT)
    bare = Server("benchmarks.bare_app:app", env, work / f"gunicorn-bare-{engine}.log", ROOT)
    jobs = JobWorker(env, work / "worker.log", ROOT) if engine == "PostgreSQL" else None  # SQLite: in the server
    try:
        from app.demo import DEMO_PASSWORD

        cookies = {account: sign_in(resbid.url, account, DEMO_PASSWORD) for account in (OFFICER, BIDDER)}
        print(f"{'page':<34} {'bids':>5} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} "
              f"{'alone ms':>9} {'CPU ms':>7} {'vs bare':>8}  goals at {LARGE} bids", flush=True)
        before = run(bare, BARE, None)
        print(row(BARE, *before, None, []), flush=True)
        missed = []
        for page in pages(tenders, compared):
            figures, alone, cpu = run(resbid, page, cookies.get(page.account))
            after = run(bare, BARE, None)
            bare_rate = (before[0].per_second + after[0].per_second) / 2
            goals = goals_missed(page, figures, bare_rate)
            missed += [page.name] if goals else []
            print(row(page, figures, alone, cpu, bare_rate, goals), flush=True)
            print(row(BARE, *after, None, []), flush=True)
            before = after
        for pid, (rss, hwm) in resbid.memory_mb().items():
            print(f"resbid worker {pid}: {rss:.0f} MB resident now, {hwm:.0f} MB at its peak "
                  f"({'within' if hwm < GOAL_MB else 'ABOVE'} the goal of {GOAL_MB} MB)")
        if set(resbid.workers()) != set(resbid.started_workers) or resbid.timeouts():
            print(f"gunicorn replaced its workers during the runs ({resbid.timeouts()} killed for a request over "
                  "its 30 s timeout): the memory above is of the replacements")
        large = sum(page.bids == LARGE for page in pages(tenders, compared))
        verdict = f"MISSED by {len(missed)} of {large} pages: {', '.join(missed)}" if missed else "met by every page"
        print(f"goals at {LARGE} bids on {engine}: {verdict}", flush=True)
    finally:
        resbid.stop()
        bare.stop()
        if jobs:
            jobs.stop()


def run(server: Server, page: Page, cookie: str | None) -> tuple[Load, float, float]:
    """wrk's figures of the page, the median seconds of one request alone (the page must answer 200), and the
    workers' CPU seconds per request under the load."""
    url = server.url + page.path
    for _ in range(2):  # each worker's first request (imports, caches)
        status, _seconds, headers = fetch(url, cookie)
        if status != 200:
            raise RuntimeError(f"{page.name} ({page.path}) answered {status}, not 200")
    if cookie and "Set-Cookie" in headers:  # a browser keeps the cookie it is sent; wrk sends the first one always
        print(f"  ({page.name} sends a new session cookie on every visit: each request below pays for one)", flush=True)
    if page.renders:
        waited = wait_for_render(url, cookie) if "Refresh" in headers else 0.0
        print(f"  (the report of {LARGE} bids rendered in the background for {waited:.0f} s, its render processes "
              "beside the workers; the status page is loaded once it is ready, as most polls find it)", flush=True)
    alone = statistics.median(fetch(url, cookie)[1] for _ in range(3))
    ticks = server.cpu_ticks()
    figures = load(url, cookie, SECONDS, CONNECTIONS)
    server.drain()
    return figures, alone, (server.cpu_ticks() - ticks) / TICKS / max(figures.requests, 1)


def wait_for_render(url: str, cookie: str | None) -> float:
    """Poll the status page as its Refresh header asks until the document is rendered: the seconds it took."""
    started = time.monotonic()
    while "Refresh" in fetch(url, cookie)[2]:
        if time.monotonic() - started > RENDER_LIMIT:
            raise RuntimeError(f"the report did not render within {RENDER_LIMIT} s")
        time.sleep(3)
    return time.monotonic() - started


def goals_missed(page: Page, figures: Load, bare_rate: float) -> list[str]:
    """The goals a page of the large tender misses: half the bare page's requests/s, p99, errors."""
    if page.bids != LARGE:
        return []
    return [name for name, held in (("req/s", figures.per_second >= GOAL_RATIO * bare_rate),
                                    ("p99", figures.p99 < GOAL_P99), ("errors", figures.errors == 0)) if not held]


def row(page: Page, figures: Load, alone: float, cpu: float, bare_rate: float | None, missed: list[str]) -> str:
    """A page's figures; its ratio to the bare page's mean requests/s around it (none for the bare page)."""
    ratio = f"{figures.per_second / bare_rate:.2f}" if bare_rate else "-"
    goals = "" if page.bids != LARGE else "MISSED: " + ", ".join(missed) if missed else "met"
    return (f"{page.name:<34} {page.bids or '-':>5} {figures.per_second:>8.2f} {_ms(figures.p50):>8} "
            f"{_ms(figures.p99):>8} {figures.errors:>7} {_ms(alone):>9} {cpu * 1000:>7.2f} {ratio:>8}  {goals}")


def _ms(seconds: float) -> str:
    return "-" if math.isnan(seconds) else f"{seconds * 1000:.0f}"


def postgresql(work: Path, folders: dict[int, Path]) -> None:
    with psycopg.connect(POSTGRES, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {DATABASE}")
    try:
        url = POSTGRES.rsplit("/", 1)[0] + f"/{DATABASE}"
        measure("PostgreSQL", url, folders, work / "postgresql")
    finally:
        with psycopg.connect(POSTGRES, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")


def sqlite(work: Path, folders: dict[int, Path]) -> None:
    measure("SQLite", f"sqlite:///{work / 'sqlite' / 'resbid.sqlite3'}", folders, work / "sqlite")


def main(engines: list[str]) -> None:
    if not Path(WRK).exists():
        print(f"web pages under load: skipped, {WRK} is missing (Debian: apt-get install -y wrk)")
        return
    logging.disable(logging.INFO)  # the migrations' progress lines
    work = Path(tempfile.mkdtemp(prefix="resbid-bench-load-"))
    try:
        started = time.monotonic()
        folders = {bids: build_folder(work / f"tender-{bids}", bids, f"BENCH-LOAD-{bids}") for bids in SIZES}
        print(f"web pages under load: gunicorn, 2 workers; tenders of {' and '.join(map(str, SIZES))} bids from the "
              f"magnet sample, built in {time.monotonic() - started:.0f} s", flush=True)
        for engine in engines:
            (work / engine).mkdir()
            {"postgresql": postgresql, "sqlite": sqlite}[engine](work, folders)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1:] or ["postgresql", "sqlite"])
