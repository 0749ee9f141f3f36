"""Benchmark of the officers' pages: time and SQL statements of one request for tenders of many bids.

Run: .venv/bin/python benchmarks/bench_web.py [bid counts...]   (default 50, 500)
The BESS sample (six bids, with its committee's scores) is imported into a fresh SQLite database and its bids
are copied under new bidders up to each count; the chair then loads the results page, the side-by-side
comparison of three bids and the Excel matrix through the app (no server, no network), each once to warm up
and RUNS times measured. Printed: the median and best time, and the number
of SQL statements of one request, which should not grow with the bids (issue 15).

The exports are then set beside the time of writing their bytes alone (goal of issue 15: each export of
500 bids under 1 s plus that floor): the Excel matrix's floor is openpyxl's write_only mode writing the
same cells' values with no styles; the evidence bundle (built in-process from a stand-in report PDF and
the report context's evaluation.json, as the auditor's download does once the report is rendered) has for
floor zipping its same files with the same compression. The report context the bundle's view also builds
is printed on its own line: it is the evaluation, not the bundle.
"""
from __future__ import annotations

import io
import logging
import os
import secrets
import shutil
import statistics
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import openpyxl  # noqa: E402
from flask_login import login_user  # noqa: E402
from sqlalchemy import event, select  # noqa: E402

from app import create_app, schema_migrations  # noqa: E402
from app.auth.passwords import hash_password  # noqa: E402
from app.extensions import db  # noqa: E402
from app.models import Answer, Bid, CommitteeMember, Organisation, Score, SupplyLine, Tender, User  # noqa: E402
from app.models.organisation import OPERATOR  # noqa: E402
from app.models.tender import OPENED  # noqa: E402
from app.reports.bundle import build_evidence_bundle  # noqa: E402
from app.reports.sources import stored_report_context  # noqa: E402

DEFAULT_COUNTS = (50, 500)
RUNS = 5
PASSWORD = "benchmark password of the chair"
PDF_BYTES = 2_000_000  # a stand-in for the rendered report of the bundle
SAMPLE = ROOT / "sample_tenders" / "bess-utility"


def build(folder: Path, bids: int):
    """An app on a fresh database holding the sample opened with `bids` bids; the tender's id and chair's email."""
    uri = f"sqlite:///{folder / 'bench.sqlite3'}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": uri, "SECRET_KEY": secrets.token_hex(16), "TESTING": True,
                      "WTF_CSRF_ENABLED": False, "SESSION_COOKIE_SECURE": False,
                      "RESBID_AUDIT_KEY": secrets.token_hex(32),
                      "RESBID_AUDIT_CHECKPOINTS": str(folder / "checkpoints.jsonl")})
    with app.app_context():
        schema_migrations.upgrade()
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
        with app.app_context():
            export_floor = matrix_floor(client.get(pages["Excel matrix"]).data)
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
        figures["  Excel floor (write_only)"] = export_floor
        figures.update(bundle_figures(app, tender_id, chair))
        engine.dispose()
        return figures
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def timed(work, runs: int = RUNS) -> tuple[float, float, int]:
    """Median and best seconds of `work()` over `runs` runs (after one to warm up); no statement count."""
    work()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times), 0


def matrix_floor(data: bytes) -> tuple[float, float, int]:
    """Writing the exported workbook's cell values again, in openpyxl's write_only mode, with no styles."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheets = {sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)] for sheet in book}

    def write():
        out = openpyxl.Workbook(write_only=True)
        for title, rows in sheets.items():
            sheet = out.create_sheet(title)
            for row in rows:
                sheet.append(row)
        out.save(io.BytesIO())
    return timed(write)


def bundle_figures(app, tender_id: int, chair: str) -> dict[str, tuple[float, float, int]]:
    """The evidence bundle built in-process as the auditor's view builds it, its floor and the report context."""
    pdf = secrets.token_bytes(PDF_BYTES)  # compressed PDF streams do not compress further
    with app.test_request_context():
        login_user(db.session.scalars(select(User).where(User.email == chair)).one())
        tender = db.session.get(Tender, tender_id)
        context_time = timed(lambda: stored_report_context(tender), runs=1)
        evaluation_json = stored_report_context(tender)["evaluation_json"]
        statements = []

        def count(*_args):
            statements.append(1)

        def build():
            data = build_evidence_bundle(tender, pdf, evaluation_json)
            db.session.rollback()  # the export's audit event
            return data

        build()
        event.listen(db.engine, "before_cursor_execute", count)
        median, best, _ = timed(build)
        event.remove(db.engine, "before_cursor_execute", count)
        bundle = build()
    archive = zipfile.ZipFile(io.BytesIO(bundle))
    entries = [(info, archive.read(info)) for info in archive.infolist()]

    def floor():
        with zipfile.ZipFile(io.BytesIO(), "w") as out:
            for info, data in entries:
                out.writestr(info, data, compress_type=info.compress_type)
    return {"evidence bundle": (median, best, len(statements) // (RUNS + 1)),
            "  bundle floor (zip)": timed(floor), "  report context": context_time}


def main(counts: list[int]) -> None:
    os.environ.setdefault("RESBID_AUDIT_KEY", secrets.token_hex(32))
    logging.disable(logging.INFO)  # the migrations' progress lines
    print(f"officer pages, one request, SQLite, median of {RUNS}")
    print(f"{'page':<28} {'bids':>6} {'median ms':>10} {'best ms':>10} {'statements':>11}")
    for bids in counts:
        for page, (median, best, statements) in measure(bids).items():
            print(f"{page:<28} {bids:>6} {median * 1000:>10.0f} {best * 1000:>10.0f} {statements:>11}", flush=True)


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or list(DEFAULT_COUNTS))
