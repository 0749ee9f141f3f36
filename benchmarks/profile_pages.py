"""Time and profile one request of each page in-process (no server): the per-request cost the load bench multiplies.

Run: .venv/bin/python benchmarks/profile_pages.py [--profile] [page names...]
Settings (environment): RESBID_PROFILE_BIDS (500), RESBID_PROFILE_RUNS (200), RESBID_PROFILE_DIR (a temporary
folder: give one to keep the built database between runs, it is then reused), RESBID_PROFILE_TOP (25),
RESBID_PROFILE_SORT (cumulative; tottime: time in each function itself).
A tender of that many bids is built from the magnet sample (benchmarks/tender_folders.py), publishing a share for
the facility most of its bids name (so the committee's bid page compares each bid with the others), imported,
opened and finalised beside the demo accounts and sample tenders in a SQLite database, and its report rendered
(the load bench too loads the status page of a rendered report, as most visits find it); the app, configured as in
production (no debug, no testing), serves each page to the signed-in account through Flask's test client: twice
to warm up, then RUNS times measured, in batches of 40. Printed per page: milliseconds per request over all runs
and in the fastest batch, and SQL statements of one request; with --profile, cProfile's heaviest functions
(cumulative time) of the measured requests. This machine's speed drifts by a quarter within minutes, so to compare
two versions of the code, run each a few times in turn and compare the fastest batches.
Not part of `make bench` (its name does not start with bench_): a tool to find where a request's time goes.
"""
from __future__ import annotations

import cProfile
import logging
import os
import pstats
import secrets
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import delete, event, select  # noqa: E402 (the path above makes the repository importable)

BIDS = int(os.environ.get("RESBID_PROFILE_BIDS", 500))
RUNS = int(os.environ.get("RESBID_PROFILE_RUNS", 200))
TOP = int(os.environ.get("RESBID_PROFILE_TOP", 25))
BATCH = 40  # requests timed together: the fastest batch is the page's cost on an undisturbed machine
OFFICER, BIDDER = "officer@resbid.example", "bidder@resbid.example"
AGENT = {"User-Agent": "resbid page profile"}  # sessions are bound to the User-Agent
# a made-up share of a facility the magnet sample's bids name, for profiling only: not a published capacity
FACILITY = {"facility_shares": {"Mount Weld concentrate, Western Australia": {
    "material": "Nd", "stage": "extraction", "share": 50, "source": "page profile, not a published capacity"}}}


def make_app(folder: Path):
    from app import create_app

    keys = folder / "keys.txt"
    if not keys.exists():
        keys.write_text(f"{secrets.token_hex(32)}\n{secrets.token_hex(32)}\n")
    secret, audit = keys.read_text().split()
    return create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'resbid.sqlite3'}", "SECRET_KEY": secret,
                       "RESBID_AUDIT_KEY": audit, "RESBID_AUDIT_CHECKPOINTS": str(folder / "checkpoints.jsonl"),
                       "SESSION_COOKIE_SECURE": False}, instance_path=folder)


def prepare(folder: Path):
    """The app on the database in `folder` (built when missing), the large tender's id, three of its bids (id and
    label)."""
    from app import schema_migrations
    from app.extensions import db
    from app.models import Bid, RenderedDocument, Tender
    from app.models.report import RENDERING
    from app.reports.service import request_report
    from benchmarks.tender_folders import build_folder, load_finalised

    built = (folder / "resbid.sqlite3").exists()
    app = make_app(folder)
    with app.app_context():
        schema_migrations.upgrade()  # a kept database gets newer migrations
        if not built:
            started = time.monotonic()
            load_finalised(build_folder(folder / "tender", BIDS, f"PROFILE-{BIDS}", FACILITY))
            print(f"database of {BIDS} bids built in {time.monotonic() - started:.0f} s", flush=True)
        tender = db.session.scalar(select(Tender.id).where(Tender.reference == f"PROFILE-{BIDS}"))
        bids = db.session.execute(select(Bid.id, Bid.label).where(Bid.tender_id == tender).order_by(Bid.id).limit(3))
        bids = bids.all()
    with app.test_request_context():  # rendered here, as the load bench waits for it before loading its page
        # a render an earlier run started in its own process (by visiting the page) ended with that process
        db.session.execute(delete(RenderedDocument).where(RenderedDocument.status == RENDERING))
        db.session.commit()
        started = time.monotonic()
        document, _ = request_report(db.session.get(Tender, tender), wait=True)
        assert document.is_done, f"the report did not render: {document.status} {document.error}"
        print(f"report rendered (or found) in {time.monotonic() - started:.0f} s", flush=True)
    return app, tender, bids


def pages(tender: int, bids: list[tuple[int, str]]) -> dict[str, tuple[str | None, str]]:
    compared = "&".join(f"bid={label}" for _, label in bids)
    return {"login": (None, "/login"), "portal": (BIDDER, "/portal/"), "dashboard": (OFFICER, "/tenders/"),
            "results": (OFFICER, f"/tenders/{tender}/results"),
            "side-by-side": (OFFICER, f"/tenders/{tender}/results?{compared}"),
            "bid": (OFFICER, f"/tenders/{tender}/bids/{bids[0][0]}"),
            "report-status": (OFFICER, f"/reports/tenders/{tender}")}  # as the load bench: rendered


def client_of(app, account: str | None):
    from app.demo import DEMO_PASSWORD

    client = app.test_client()
    if account:
        page = client.get("/login", headers=AGENT).get_data(as_text=True)
        token = page.split('name="csrf_token"', 1)[1].split('value="', 1)[1].split('"', 1)[0]
        answer = client.post("/login", headers=AGENT,
                             data={"csrf_token": token, "email": account, "password": DEMO_PASSWORD})
        assert answer.status_code == 302 and not answer.location.endswith("/login"), answer.status
    return client


def statements(app, client, path: str) -> int:
    from app.extensions import db

    with app.app_context():
        engine = db.engine
    seen = []

    def count(*_args):
        seen.append(1)

    event.listen(engine, "before_cursor_execute", count)
    try:
        client.get(path, headers=AGENT)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(seen)


def measure(app, name: str, account: str | None, path: str, profile: bool) -> None:
    client = client_of(app, account)
    for _ in range(2):
        answer = client.get(path, headers=AGENT)
        assert answer.status_code == 200, f"{name} {path} answered {answer.status_code}"
    count = statements(app, client, path)
    profiler = cProfile.Profile() if profile else None
    batches = []
    if profiler:
        profiler.enable()
    for first in range(0, RUNS, BATCH):
        runs = min(BATCH, RUNS - first)
        started = time.perf_counter()
        for _ in range(runs):
            client.get(path, headers=AGENT)
        batches.append((time.perf_counter() - started, runs))
    if profiler:
        profiler.disable()
    mean = sum(seconds for seconds, _ in batches) / RUNS
    fastest = min(seconds / runs for seconds, runs in batches)
    print(f"{name:<14} {mean * 1000:8.2f} ms (fastest batch {fastest * 1000:.2f}) {count:5d} statements  {path}",
          flush=True)
    if profiler:
        pstats.Stats(profiler).sort_stats(os.environ.get("RESBID_PROFILE_SORT", "cumulative")).print_stats(TOP)


def main(arguments: list[str]) -> None:
    logging.disable(logging.INFO)
    profile = "--profile" in arguments
    chosen = [argument for argument in arguments if not argument.startswith("--")]
    folder = Path(os.environ.get("RESBID_PROFILE_DIR") or tempfile.mkdtemp(prefix="resbid-profile-"))
    folder.mkdir(parents=True, exist_ok=True)
    app, tender, bids = prepare(folder)
    for name, (account, path) in pages(tender, bids).items():
        if not chosen or name in chosen:
            measure(app, name, account, path, profile)


if __name__ == "__main__":
    main(sys.argv[1:])
