"""Debrief letters (each bidder only its own, only after finalisation) and the report commands of the CLI."""
from __future__ import annotations

import io
import json
from pathlib import Path

import pikepdf
import pytest
from sqlalchemy import select

from app import create_app
from app.auth.passwords import hash_password
from app.demo import DEMO_PASSWORD
from app.extensions import db
from app.models import AuditEvent, Organisation, Tender, User
from tests.web.conftest import PASSWORD, login
from tests.web.report_helpers import pdf_text, squeezed, wait_until_rendered

SAMPLE = Path(__file__).parents[2] / "sample_tenders" / "ndfeb-magnets"


@pytest.fixture(scope="module")
def demo(databases, tmp_path_factory):
    uri = databases.new()
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": uri, "SECRET_KEY": "debriefs",
                      "SESSION_COOKIE_SECURE": False,  # checkpoints of this database only, as an instance keeps them
                      "RESBID_AUDIT_CHECKPOINTS": str(tmp_path_factory.mktemp("audit") / "checkpoints.jsonl")})
    assert app.test_cli_runner().invoke(args=["demo", "load"]).exit_code == 0
    with app.app_context():
        tenders = {tender.status: tender.id for tender in db.session.scalars(select(Tender))}
        lahntal = db.session.scalar(select(Organisation.id).where(Organisation.name == "Lahntal Magnettechnik GmbH"))
        db.session.add(User(email="sales@lahntal.example", role="bidder", organisation_id=lahntal,
                            password_hash=hash_password(PASSWORD)))
        db.session.commit()
    yield app, tenders
    with app.app_context():
        db.engine.dispose()
    databases.drop(uri)


def _last_event(app) -> AuditEvent:
    with app.app_context():
        return db.session.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc())).first()


def test_bidder_downloads_its_own_debrief_with_the_winners_scores_and_nobody_elses(demo):
    app, tenders = demo
    client = app.test_client()
    login(client, "sales@lahntal.example")
    assert "RB-2027-MAG-01" in client.get("/debriefs/").get_data(as_text=True)
    wait_until_rendered(client, f"/debriefs/{tenders['finalised']}")
    response = client.get(f"/debriefs/{tenders['finalised']}/letter.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = squeezed(pdf_text(response.data))
    assert squeezed("Lahntal Magnettechnik GmbH") in text
    assert squeezed("submitted by Nordic Magnet Works AB") in text
    assert squeezed("Relative advantages of the selected tender") in text
    assert squeezed("standstill period of 10 calendar days") in text  # Directive 89/665/EEC Art. 2a(2)
    for other in ("Danubia", "Iberiman", "Kvarken", "Baltic Magnet"):
        assert other not in text
    with pikepdf.open(io.BytesIO(response.data)) as pdf:
        assert pdf.open_metadata()["pdfaid:part"] == "3"
    assert _last_event(app).action == "debrief.render"


def test_debrief_before_finalisation_is_refused_with_an_audit_event(demo):
    app, tenders = demo
    client = app.test_client()
    login(client, "bidder@resbid.example", DEMO_PASSWORD)  # Hardanger bids in the tender still open for bids
    assert client.get(f"/debriefs/{tenders['published']}/letter.pdf").status_code == 403
    event = _last_event(app)
    assert event.action == "access.denied" and "after finalisation" in event.details


def test_bidder_without_a_bid_in_the_tender_gets_404_with_an_audit_event(demo):
    app, tenders = demo
    client = app.test_client()
    login(client, "bidder@resbid.example", DEMO_PASSWORD)
    assert client.get(f"/debriefs/{tenders['finalised']}/letter.pdf").status_code == 404
    assert client.get(f"/debriefs/{tenders['finalised']}").status_code == 404
    assert _last_event(app).action == "access.denied"


def test_other_roles_cannot_fetch_debrief_letters(demo):
    app, tenders = demo
    client = app.test_client()
    login(client, "auditor@resbid.example", DEMO_PASSWORD)
    assert client.get(f"/debriefs/{tenders['finalised']}/letter.pdf").status_code == 403


def test_cli_writes_a_draft_report_of_a_folder_embedding_the_same_json_as_evaluate(demo, tmp_path):
    app, _ = demo
    runner = app.test_cli_runner()
    output = tmp_path / "report.pdf"
    result = runner.invoke(args=["tender", "evaluate", str(SAMPLE), "--pdf", str(output), "--json"])
    assert result.exit_code == 0, result.output
    with pikepdf.open(output) as pdf:
        embedded = pdf.attachments["evaluation.json"].get_file().read_bytes().decode()
    assert json.loads(embedded) == json.loads(result.stdout)
    text = pdf_text(output.read_bytes())
    assert "DRAFT" in text and "Evaluated from a tender folder" in text


def test_cli_report_of_a_stored_tender_is_a_draft_until_finalised_and_refused_while_sealed(demo, tmp_path):
    app, tenders = demo
    runner = app.test_cli_runner()
    output = tmp_path / "draft.pdf"
    with app.app_context():
        sealed = db.session.get(Tender, tenders["published"]).reference
        tender = db.session.get(Tender, tenders["closed"])
        tender.status, reference = "evaluating", tender.reference  # opened, scoring under way
        db.session.commit()
    result = runner.invoke(args=["tender", "report", sealed, "-o", str(output)])
    assert result.exit_code == 1 and "sealed" in result.output and not output.exists()
    result = runner.invoke(args=["tender", "report", reference, "-o", str(output)])
    assert result.exit_code == 0, result.output
    text = pdf_text(output.read_bytes())
    assert "DRAFT" in text and "Not finalised (tender status: evaluating)" in text
    assert runner.invoke(args=["tender", "report", "NO-SUCH", "-o", str(output)]).exit_code == 1
