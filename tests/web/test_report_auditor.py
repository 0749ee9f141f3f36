"""The demo auditor downloads the finalised sample's report and evidence bundle (rendered once for the module).

Proves: every bundle file matches SHA256SUMS; the report names every bidder, total, rank, criterion
and weight and quotes the audit head hash; it is PDF/A-3b with the evaluation JSON embedded, equal
to `tender evaluate --json` on the bundle's tender folder; it is rendered once and served from the
cache; its SHA-256 is in the audit log; auditors only read, and only their authority's finalised tenders.
"""
from __future__ import annotations

import hashlib
import io
import json
import re
import subprocess
import zipfile
from pathlib import Path

import pikepdf
import pytest
from sqlalchemy import func, select

from app import create_app
from app.audit.signing import checkpoint_mac
from app.demo import DEMO_PASSWORD
from app.extensions import db
from app.models import AuditCheckpoint, AuditEvent, RenderedDocument, Tender
from app.models.report import BUNDLE, REPORT
from app.reports import context, jobs
from app.reports.bundle import build_evidence_bundle
from app.reports.jobs import context_key
from app.reports.sources import OUTSIDE_RECORD, report_data_version, stored_report_context
from tests.web.conftest import csrf_token, login
from tests.web.query_counting import counted
from tests.web.report_helpers import pdf_text, squeezed, wait_until_rendered

AUDITOR = "auditor@resbid.example"
MAGNET_BID = Path(__file__).parents[2] / "sample_tenders" / "ndfeb-magnets" / "bids" / "iberiman-magnetics.xlsx"


@pytest.fixture(scope="module")
def demo(databases, tmp_path_factory):
    """A demo database, the auditor's report and evidence bundle, downloaded once through the web pages."""
    uri = databases.new()
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": uri, "SECRET_KEY": "reports",
                      "SESSION_COOKIE_SECURE": False,  # checkpoints of this database only, as an instance keeps them
                      "RESBID_AUDIT_CHECKPOINTS": str(tmp_path_factory.mktemp("audit") / "checkpoints.jsonl")})
    assert app.test_cli_runner().invoke(args=["demo", "load"]).exit_code == 0
    with app.app_context():
        tenders = {tender.status: tender.id for tender in db.session.scalars(select(Tender))}
    client = app.test_client()
    login(client, AUDITOR, DEMO_PASSWORD)
    tender_id = tenders["finalised"]
    built = []  # every evidence bundle built while the module runs

    def build(*args, **kwargs):
        built.append(build_evidence_bundle(*args, **kwargs))
        return built[-1]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(jobs, "build_evidence_bundle", build)
        wait_until_rendered(client, f"/reports/tenders/{tender_id}")
        report = client.get(f"/reports/tenders/{tender_id}/report.pdf")
        wait_until_rendered(client, f"/auditor/tenders/{tender_id}/evidence")
        bundle = client.get(f"/auditor/tenders/{tender_id}/evidence.zip")
        assert report.status_code == 200 and bundle.status_code == 200
        folder = tmp_path_factory.mktemp("evidence")
        zipfile.ZipFile(io.BytesIO(bundle.data)).extractall(folder)
        yield {"app": app, "client": client, "tenders": tenders, "tender_id": tender_id, "pdf": report.data,
               "report_response": report, "bundle": next(folder.iterdir()), "bundle_zip": bundle.data,
               "built": built}
    with app.app_context():
        db.engine.dispose()
    databases.drop(uri)


def test_every_file_of_the_evidence_bundle_matches_sha256sums(demo):
    folder = demo["bundle"]
    check = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=folder, capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    listed = {line.split("  ", 1)[1] for line in (folder / "SHA256SUMS").read_text().splitlines()}
    present = {path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file()}
    assert listed == present - {"SHA256SUMS"}
    assert {"tender.yaml", "evaluation.json", "audit-events.jsonl", "report.pdf"} <= listed
    assert (folder / "report.pdf").read_bytes() == demo["pdf"]


def test_bundle_keeps_the_original_workbooks_byte_for_byte(demo):
    from app.models import Bid

    with demo["app"].app_context():
        stored = {bid.label: bid.workbook for bid in db.session.scalars(
            select(Bid).where(Bid.tender_id == demo["tender_id"]))}
    for label, data in stored.items():
        assert (demo["bundle"] / "bids" / f"{label}.xlsx").read_bytes() == data


def test_report_names_every_bidder_total_rank_criterion_weight_and_the_head_hash(demo):
    text = squeezed(pdf_text(demo["pdf"]))
    evaluation = json.loads((demo["bundle"] / "evaluation.json").read_text())
    for bid in evaluation["bids"]:
        assert squeezed(bid["bidder"]) in text
        assert f"{bid['total']:.2f}" in text
        if bid["rank"]:
            assert squeezed(f"{bid['rank']}. {bid['bidder']}") in text
    tender_yaml = (demo["bundle"] / "tender.yaml").read_text()
    with demo["app"].app_context():
        tender = db.session.get(Tender, demo["tender_id"])
        for criterion in tender.criteria:
            assert squeezed(criterion.name) in text
            if criterion.weight is not None:
                assert f"{criterion.weight:.1f}" in text
        head = db.session.scalars(select(AuditEvent).where(
            AuditEvent.tender_id == tender.id, AuditEvent.action.not_in(OUTSIDE_RECORD))
            .order_by(AuditEvent.seq.desc())).first()
    assert head.action == "tender.finalise"
    assert head.sha256 in text
    assert tender.reference in tender_yaml
    assert "DRAFT" not in text
    assert tender.time_zone == "Europe/Brussels"  # named by its place, as the tender form names it, not by its id
    assert squeezed("time zone (Belgium · Brussels)") in text and "Europe/Brussels" not in text


def test_report_and_bundle_carry_the_signed_checkpoint_of_finalisation(demo):
    text = squeezed(pdf_text(demo["pdf"]))
    bundled = json.loads((demo["bundle"] / "audit-checkpoint.json").read_text())
    with demo["app"].app_context():
        finalise = db.session.scalars(select(AuditEvent).where(
            AuditEvent.tender_id == demo["tender_id"], AuditEvent.action == "tender.finalise")).one()
        signed = db.session.scalars(select(AuditCheckpoint).where(AuditCheckpoint.reason == "finalisation")).one()
        assert bundled["mac"] == checkpoint_mac(bundled)
    assert (signed.count, signed.head_sha256) == (finalise.seq, finalise.sha256)
    assert signed.head_sha256 in text and signed.mac in text and squeezed("at finalisation") in text
    assert bundled["count"] >= signed.count


def test_report_is_pdfa_3b_with_metadata_and_the_cli_evaluation_embedded(demo):
    with pikepdf.open(io.BytesIO(demo["pdf"])) as pdf:
        xmp = pdf.open_metadata()
        assert xmp["pdfaid:part"] == "3" and xmp["pdfaid:conformance"] == "B"
        info = pdf.docinfo
        assert "RB-2027-MAG-01" in str(info["/Title"]) and str(info["/Author"])
        assert "Directive 2014/24/EU" in str(info["/Subject"]) and "evaluation report" in str(info["/Keywords"])
        embedded = pdf.attachments["evaluation.json"].get_file().read_bytes()
    assert embedded == (demo["bundle"] / "evaluation.json").read_bytes()
    cli = demo["app"].test_cli_runner().invoke(args=["tender", "evaluate", str(demo["bundle"]), "--json"])
    assert cli.exit_code == 0, cli.output
    assert json.loads(embedded) == json.loads(cli.stdout)
    assert embedded.decode() == cli.stdout.rstrip("\n")


def test_report_is_rendered_once_served_from_the_cache_and_its_hash_audited(demo):
    client, tender_id = demo["client"], demo["tender_id"]
    assert client.get(f"/reports/tenders/{tender_id}/report.pdf").data == demo["pdf"]
    with demo["app"].app_context():
        rows = db.session.scalars(select(RenderedDocument).where(RenderedDocument.kind == REPORT)).all()
        renders = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "report.render")).all()
        assert len(rows) == 1 and len(renders) == 1
        assert rows[0].key == context_key(REPORT, stored_report_context(db.session.get(Tender, tender_id)))
    assert json.loads(renders[0].details)["sha256"] == hashlib.sha256(demo["pdf"]).hexdigest()
    assert renders[0].actor == AUDITOR and renders[0].tender_id == tender_id


def test_a_done_report_is_polled_without_reading_its_row_and_downloaded_from_it(demo):
    client, status = demo["client"], f"/reports/tenders/{demo['tender_id']}"
    client.get(status)  # the worker's caches now hold the done document
    with counted(demo["app"]) as statements:
        page = client.get(status).get_data(as_text=True)
    assert 'id="download"' in page and hashlib.sha256(demo["pdf"]).hexdigest() in page
    assert not [statement for statement in statements if "rendered_document" in statement]
    with counted(demo["app"]) as statements:
        assert client.get(f"{status}/report.pdf").data == demo["pdf"]
    assert len([statement for statement in statements if "rendered_document" in statement]) == 1  # the bytes


def test_bundle_is_built_once_per_data_version_and_served_from_its_stored_bytes(demo):
    client, tender_id = demo["client"], demo["tender_id"]
    assert demo["built"] == [demo["bundle_zip"]]  # what build_evidence_bundle gave, stored as it was
    page = client.get(f"/auditor/tenders/{tender_id}/evidence").get_data(as_text=True)
    response = client.get(f"/auditor/tenders/{tender_id}/evidence.zip")
    assert response.data == demo["bundle_zip"] and demo["built"] == [demo["bundle_zip"]]  # not built again
    assert response.mimetype == "application/zip" and "no-store" in response.headers["Cache-Control"]
    sha256 = hashlib.sha256(demo["bundle_zip"]).hexdigest()
    assert f'id="document-sha256">{sha256}<' in page and 'id="evidence"' not in page
    assert [word for word in AUDIT_PAGE_DEVELOPER_WORDS if word in _shown(page)] == []
    with demo["app"].app_context():
        rows = db.session.scalars(select(RenderedDocument).where(RenderedDocument.kind == BUNDLE)).all()
        builds = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "bundle.render")).all()
        exports = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "tender.export")).all()
        assert len(rows) == 1 and rows[0].pdf_sha256 == sha256 and len(builds) == 1 and len(exports) == 1
    assert json.loads(builds[0].details)["sha256"] == sha256
    assert {builds[0].actor, exports[0].actor} == {AUDITOR} and builds[0].tender_id == tender_id


def test_downloads_are_attachments_kept_out_of_shared_caches(demo):
    response = demo["report_response"]
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response.headers["Cache-Control"]


def test_auditor_page_lists_the_finalised_tender_links_the_audit_log_and_has_no_form_but_logout(demo):
    html = demo["client"].get("/auditor/").get_data(as_text=True)
    assert "RB-2027-MAG-01" in html and 'href="/audit/"' in html
    assert f'/auditor/tenders/{demo["tender_id"]}/evidence.zip' in html
    assert html.count("<form") == 2 and 'action="/logout"' in html and 'action="/language"' in html  # and no other
    assert "<script" not in html
    assert demo["client"].post(f"/auditor/tenders/{demo['tender_id']}/evidence.zip").status_code == 405
    audit_page = demo["client"].get("/audit/").get_data(as_text=True)
    assert "Check the whole log now" in audit_page  # the one thing an auditor may ask of the application


def test_auditor_is_refused_tenders_not_finalised_with_an_audit_event(demo):
    client = demo["client"]
    for status in ("published", "closed"):  # the report page says when it opens; the files are refused
        page = client.get(f"/reports/tenders/{demo['tenders'][status]}").get_data(as_text=True)
        assert 'id="not-yet"' in page and "once the committee has finalised the evaluation" in page
        assert client.get(f"/reports/tenders/{demo['tenders'][status]}/report.pdf").status_code == 403
        assert client.get(f"/auditor/tenders/{demo['tenders'][status]}/evidence.zip").status_code == 403
    with demo["app"].app_context():
        last = db.session.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc())).first()
    assert last.action == "access.denied" and "not finalised" in last.details


def test_auditor_of_another_authority_gets_404(demo):
    from app.auth.passwords import hash_password
    from app.models import Organisation, User

    with demo["app"].app_context():
        other = Organisation(name="Other authority (test)", kind="authority", country="FR")
        db.session.add(other)
        db.session.flush()
        db.session.add(User(email="auditor-fr@resbid.example", role="auditor", organisation_id=other.id,
                            password_hash=hash_password("correct horse battery staple")))
        db.session.commit()
    client = demo["app"].test_client()
    login(client, "auditor-fr@resbid.example")
    assert client.get(f"/reports/tenders/{demo['tender_id']}/report.pdf").status_code == 404
    assert client.get(f"/auditor/tenders/{demo['tender_id']}/evidence.zip").status_code == 404
    assert "RB-2027-MAG-01" not in client.get("/auditor/").get_data(as_text=True)


def test_status_page_reloads_itself_while_rendering_without_any_script(demo):
    with demo["app"].app_context():
        count = db.session.scalar(select(func.count()).select_from(RenderedDocument))
        row = db.session.scalars(select(RenderedDocument).where(  # the report the status page shows: the newest
            RenderedDocument.kind == REPORT, RenderedDocument.tender_id == demo["tender_id"])
            .order_by(RenderedDocument.id.desc())).first()  # (without an order, PostgreSQL may give another first)
        row.status, row_id = "rendering", row.id
        db.session.commit()
    # Read by another worker's app, which has not seen the row done (a done row never changes: each app keeps it).
    config = {name: demo["app"].config[name] for name in ("TESTING", "SQLALCHEMY_DATABASE_URI", "SECRET_KEY",
                                                           "SESSION_COOKIE_SECURE", "RESBID_AUDIT_CHECKPOINTS")}
    other = create_app(config)
    client = other.test_client()
    login(client, AUDITOR, DEMO_PASSWORD)
    try:
        page = f"/reports/tenders/{demo['tender_id']}"
        response = client.get(page)
        html = response.get_data(as_text=True)
        # an HTTP Refresh the user can stop (WCAG 2.2.1), no meta refresh and no script
        assert response.headers["Refresh"] == "3" and "http-equiv" not in html and "<script" not in html
        assert 'id="render-status"' in html and 'id="download"' not in html
        assert 'id="refresh-now"' in html and f'href="{page}?still=1"' in html
        still = client.get(f"{page}?still=1")
        assert "Refresh" not in still.headers and 'id="refresh-now"' in still.get_data(as_text=True)
    finally:
        with demo["app"].app_context():
            row = db.session.get(RenderedDocument, row_id)
            row.status = "done"
            db.session.commit()
            assert db.session.scalar(select(func.count()).select_from(RenderedDocument)) == count
        with other.app_context():
            db.engine.dispose()


def test_polling_the_report_evaluates_nothing_and_only_a_recorded_change_gives_a_new_version(demo, monkeypatch):
    client, tender_id, status = demo["client"], demo["tender_id"], f"/reports/tenders/{demo['tender_id']}"
    wait_until_rendered(client, status)
    evaluations = []
    evaluate = context.evaluate
    monkeypatch.setattr(context, "evaluate", lambda *args: evaluations.append(args) or evaluate(*args))
    for _ in range(3):
        assert 'id="download"' in client.get(status).get_data(as_text=True)
    assert client.get(f"{status}/report.pdf").status_code == 200
    assert evaluations == []

    def version():
        with demo["app"].app_context():
            return report_data_version(db.session.get(Tender, tender_id))

    first = version()
    assert client.get(f"/auditor/tenders/{tender_id}/evidence.zip").status_code == 200  # a copy, not a change
    assert version() == first
    bidder = demo["app"].test_client()
    login(bidder, "bidder@resbid.example", DEMO_PASSWORD)
    page = f"/portal/tenders/{tender_id}"
    assessed = bidder.post(f"{page}/self-assessment", content_type="multipart/form-data", data={
        "workbook": (io.BytesIO(MAGNET_BID.read_bytes()), "bid.xlsx"), "csrf_token": csrf_token(bidder, page),
        "live_version": 0})
    assert assessed.status_code == 200  # recorded in the tender's audit trail, which the report lists
    assert version() != first


@pytest.mark.parametrize(("language", "report", "bundle"), [
    ("de", "Vergabevermerk", "Beweismittelpaket"), ("fr", "Rapport d’évaluation", "Dossier de preuves")])
def test_the_documents_status_pages_are_titled_in_the_reader_s_language(demo, language, report, bundle):
    with demo["app"].app_context():
        reference = db.session.get(Tender, demo["tender_id"]).reference
    browser = {"Accept-Language": language}  # the demo auditor chose no language: the browser's
    for path, title in ((f"/reports/tenders/{demo['tender_id']}", report),
                        (f"/auditor/tenders/{demo['tender_id']}/evidence", bundle)):
        html = demo["client"].get(path, headers=browser).get_data(as_text=True)
        assert f"<title>{title} {reference} · resbid</title>" in html and f"<h1>{title} {reference}</h1>" in html
        assert "Evaluation report" not in html and "Evidence bundle" not in html, path


AUDIT_PAGE_DEVELOPER_WORDS = ("user_id", "object_id", "tender_id", "_", ".import", ".submit", "seq ", "None",
                              "SHA256SUMS", "+00:00")


def test_auditor_pages_name_things_as_people_do(demo):
    """The auditor's pages and the audit log read as words: references, companies, addresses, actions, zoned times."""
    client = demo["client"]
    for url in ("/auditor/", "/audit/", "/audit/?page=2"):
        shown = _shown(client.get(url).get_data(as_text=True))
        assert [word for word in AUDIT_PAGE_DEVELOPER_WORDS if word in shown] == [], (url, shown[:3000])
    events = client.get("/audit/").get_data(as_text=True).partition('id="audit-events"')[2]
    assert "RB-2027-MAG-01" in events and "CET" in events or "CEST" in events


def _shown(page: str) -> str:
    """The text a person reads in a page's main part."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]*>", " ", page.partition("<main")[2]))
