"""Benchmark of the officers' pages: time and SQL statements of one request for tenders of many bids.

Run: .venv/bin/python benchmarks/bench_web.py [bid counts...]   (default 50, 500)
The BESS sample (six bids, with its committee's scores) is imported into a fresh SQLite database and its bids
are copied under new bidders up to each count; the chair then loads the results page, the side-by-side
comparison of three bids and the Excel matrix through the app (no server, no network), each once to warm up
and RUNS times measured. Printed: the median and best time, and the number
of SQL statements of one request, which should not grow with the bids (issue 15).
"""
from __future__ import annotations

import logging
import os
import secrets
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import flask_migrate  # noqa: E402 (the path above makes the repository importable)
from sqlalchemy import event, select  # noqa: E402

from app import create_app  # noqa: E402
from app.auth.passwords import hash_password  # noqa: E402
from app.extensions import db  # noqa: E402
from app.models import Answer, Bid, CommitteeMember, Organisation, Score, SupplyLine, Tender, User  # noqa: E402
from app.models.organisation import OPERATOR  # noqa: E402
from app.models.tender import OPENED  # noqa: E402

DEFAULT_COUNTS = (50, 500)
RUNS = 5
PASSWORD = "benchmark password of the chair"
SAMPLE = ROOT / "sample_tenders" / "bess-utility"


def build(folder: Path, bids: int):
    """An app on a fresh database holding the sample opened with `bids` bids; the tender's id and chair's email."""
    uri = f"sqlite:///{folder / 'bench.sqlite3'}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": uri, "SECRET_KEY": secrets.token_hex(16), "TESTING": True,
                      "WTF_CSRF_ENABLED": False, "SESSION_COOKIE_SECURE": False,
                      "RESBID_AUDIT_KEY": secrets.token_hex(32),
                      "RESBID_AUDIT_CHECKPOINTS": str(folder / "checkpoints.jsonl")})
    with app.app_context():
        flask_migrate.upgrade(directory=str(ROOT / "migrations"))
    result = app.test_cli_runner().invoke(args=["tender", "import", str(SAMPLE)])
    assert result.exit_code == 0, result.output
    with app.app_context():
        tender = db.session.scalars(select(Tender)).one()
        tender.status = OPENED  # the bench skips the four-eyes opening: it measures reading, not the workflow
        chair = db.session.scalars(select(User).join(CommitteeMember, CommitteeMember.user_id == User.id)
                                   .where(CommitteeMember.is_chair)).one()
        chair.is_enabled, chair.password_hash = True, hash_password(PASSWORD)
        _copy_bids(tender.id, bids)
        db.session.commit()
        return app, tender.id, chair.email


def _copy_bids(tender_id: int, total: int) -> None:
    """Copy the sample's bids, each under a new bidder with its answers, supply lines and scores, up to `total`."""
    sample = db.session.scalars(select(Bid).where(Bid.tender_id == tender_id).order_by(Bid.id)).all()
    for n in range(total - len(sample)):
        bid = sample[n % len(sample)]
        copy = Bid(tender_id=tender_id, label=f"{bid.label}-{n + 2}", version_no=1, submitted_at=bid.submitted_at,
                   organisation=Organisation(name=f"{bid.organisation.name} {n + 2}", kind=OPERATOR,
                                             country=bid.organisation.country),
                   filename=bid.filename, workbook=bid.workbook, workbook_sha256=bid.workbook_sha256,
                   price=bid.price, controlling_entity=bid.controlling_entity,
                   controlling_country=bid.controlling_country, exclusion_reason=bid.exclusion_reason,
                   abnormal_decision=bid.abnormal_decision, abnormal_reason=bid.abnormal_reason)
        copy.answers = [Answer(criterion_code=a.criterion_code, value=a.value, place=a.place) for a in bid.answers]
        copy.supply_lines = [SupplyLine(material=s.material, stage=s.stage, country=s.country, share=s.share,
                                        recycled=s.recycled, supplier=s.supplier, evidence=s.evidence, place=s.place)
                             for s in bid.supply_lines]
        db.session.add(copy)
        db.session.flush()
        for score in db.session.scalars(select(Score).where(Score.bid_id == bid.id)):
            db.session.add(Score(**{c.key: getattr(score, c.key) for c in Score.__table__.columns
                                    if c.key not in ("id", "bid_id")}, bid_id=copy.id))


def measure(bids: int) -> dict[str, tuple[float, float, int]]:
    """Per page: median and best seconds of one request, and its SQL statements."""
    folder = Path(tempfile.mkdtemp(prefix="resbid-bench-web-"))
    try:
        app, tender_id, chair = build(folder, bids)
        client = app.test_client()
        assert client.post("/login", data={"email": chair, "password": PASSWORD}).status_code == 302
        with app.app_context():
            engine = db.engine
            labels = db.session.scalars(select(Bid.label).where(Bid.tender_id == tender_id).limit(3)).all()
        base = f"/tenders/{tender_id}"
        pages = {"results": f"{base}/results", "side-by-side (3 bids)": f"{base}/results?" + "&".join(
            f"bid={label}" for label in labels), "Excel matrix": f"{base}/export.xlsx"}
        figures = {}
        for name, path in pages.items():
            assert client.get(path).status_code == 200
            statements = []

            def count(*_args, statements=statements):
                statements.append(1)

            event.listen(engine, "before_cursor_execute", count)
            times = []
            for _ in range(RUNS):
                start = time.perf_counter()
                response = client.get(path)
                times.append(time.perf_counter() - start)
                assert response.status_code == 200
            event.remove(engine, "before_cursor_execute", count)
            figures[name] = (statistics.median(times), min(times), len(statements) // RUNS)
        engine.dispose()
        return figures
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main(counts: list[int]) -> None:
    os.environ.setdefault("RESBID_AUDIT_KEY", secrets.token_hex(32))
    logging.disable(logging.INFO)  # the migrations' progress lines
    print(f"officer pages, one request, SQLite, median of {RUNS}")
    print(f"{'page':<22} {'bids':>6} {'median ms':>10} {'best ms':>10} {'statements':>11}")
    for bids in counts:
        for page, (median, best, statements) in measure(bids).items():
            print(f"{page:<22} {bids:>6} {median * 1000:>10.0f} {best * 1000:>10.0f} {statements:>11}", flush=True)


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or list(DEFAULT_COUNTS))
