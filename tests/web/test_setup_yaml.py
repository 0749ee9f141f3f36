"""tender.yaml in and out of the web set-up: a broken file lists placed problems and stores nothing; an export
imports back into an equal definition; the bidder workbook is previewed from a draft."""
from __future__ import annotations

import io
from pathlib import Path
from zipfile import ZipFile

import yaml
from sqlalchemy import func, select

from app.clock import clock
from app.extensions import db
from app.models import AuditEvent, Tender, User
from app.records.definition import definition_of, meta_of
from scoring import parse_tender
from tests.web.setup_steps import DETAILS, NOW, build_valid_tree, create_draft, post, stored, tender_id_of

SAMPLE = Path(__file__).parents[2] / "sample_tenders" / "ndfeb-magnets" / "tender.yaml"


def _upload(client, text: str, name: str = "tender.yaml"):
    return post(client, "/tenders/import", {"file": (io.BytesIO(text.encode("utf-8")), name)},
                content_type="multipart/form-data")


def _count(app, model, *where) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_a_broken_tender_yaml_lists_placed_problems_and_creates_nothing(app, client, login_as):
    login_as("officer")
    sample = yaml.safe_load(SAMPLE.read_text("utf-8"))
    sample["submission_deadline"], sample["opening_time"] = "2027-02-15T12:00:00+01:00", "2027-02-15T14:00:00+01:00"
    sample["criteria"][1]["children"][0]["weight"] = 15  # the resilience group now sums to 90
    sample["criteria"][0]["rule"]["a"] = 5
    broken = {
        "criteria:\n  - code: [unclosed\n": "tender.yaml: Not valid YAML at line 3",
        "a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n": "tender.yaml: YAML aliases (*name) are not accepted (line 2)",
        yaml.safe_dump({**sample, "colour": "blue"}): "tender.yaml: (top level): Additional properties",
        yaml.safe_dump(sample): "tender.yaml: Supply-chain resilience: Weights sum to 90, expected 100.",
    }
    for text, message in broken.items():
        response = _upload(client, text)
        assert response.status_code == 422
        assert message in response.get_data(as_text=True), message
    assert "tender.yaml: criteria[0].rule.a: Expected one of 1.5, 2, 3" in response.get_data(as_text=True)
    wrong_type = _upload(client, "reference: x", name="tender.txt")
    assert wrong_type.status_code == 422
    assert "Choose a tender file in YAML." in wrong_type.get_data(as_text=True)
    assert _count(app, Tender) == 0
    assert _count(app, AuditEvent, AuditEvent.action == "tender.import") == 0


def test_numbers_that_cannot_be_published_repeated_keys_and_deep_nesting_are_refused_at_their_line(
        app, client, login_as):
    login_as("officer")
    sample = SAMPLE.read_text("utf-8")
    weight = "    weight: 40\n"  # the price criterion's, the first of two
    before = sample[:sample.index(weight)]
    line = before.count("\n") + 1
    refused = {
        sample.replace(weight, "    weight: .inf\n", 1): f"tender.yaml: .inf is not a finite number (line {line})",
        sample.replace(weight, "    weight: .NaN\n", 1): f"tender.yaml: .NaN is not a finite number (line {line})",
        sample.replace(weight, f"{weight}    weight: 10\n", 1):
            f"tender.yaml: Weight is given twice in the same mapping (line {line + 1})",
        "criteria: " + "[" * 5000 + "]" * 5000 + "\n": "tender.yaml: Nested more than 50 levels deep (line 1)",
    }
    for text, message in refused.items():
        response = _upload(client, text)
        assert response.status_code == 422
        assert message in response.get_data(as_text=True), message
    assert _count(app, Tender) == 0


def test_an_imported_tender_becomes_a_draft_of_the_officer_authority(app, client, login_as):
    login_as("officer")
    response = _upload(client, SAMPLE.read_text("utf-8"))
    assert response.status_code == 302
    tender = stored(app, tender_id_of(response))
    assert (tender.reference, tender.status) == ("RB-2027-MAG-01", "draft")
    with app.app_context():
        tender = db.session.get(Tender, tender.id)
        assert tender.authority.name != "Central Purchasing Body for Energy and Defence (demo)"
        assert len(tender.criteria) == 12
    again = _upload(client, SAMPLE.read_text("utf-8"))
    assert "tender.yaml: reference: a tender with reference RB-2027-MAG-01 already exists" in again.get_data(
        as_text=True)


def test_an_exported_tender_yaml_imports_into_an_equal_definition(app, client, login_as):
    clock.freeze(NOW)
    login_as("officer")
    original = create_draft(client)
    build_valid_tree(app, client, original)
    response = client.get(f"/tenders/{original}/tender.yaml")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == "attachment; filename=RB-TEST-01.tender.yaml"
    exported = yaml.safe_load(response.get_data(as_text=True))
    copy = tender_id_of(_upload(client, yaml.safe_dump({**exported, "reference": "RB-TEST-01-COPY"})))
    with app.app_context():
        first, second = db.session.get(Tender, original), db.session.get(Tender, copy)
        assert parse_tender({**definition_of(second), "reference": "RB-TEST-01"}) == parse_tender(definition_of(first))
        assert meta_of(second).__dict__ | {"reference": "RB-TEST-01"} == meta_of(first).__dict__
    assert _count(app, AuditEvent, AuditEvent.action == "tender.export") == 1


def test_the_bidder_workbook_is_previewed_once_the_draft_is_complete(app, client, login_as):
    clock.freeze(NOW)
    login_as("officer")
    tender_id = create_draft(client)
    incomplete = client.get(f"/tenders/{tender_id}/workbook.xlsx", follow_redirects=True)
    assert "previewed once the definition has no problems left" in incomplete.get_data(as_text=True)
    build_valid_tree(app, client, tender_id)
    response = client.get(f"/tenders/{tender_id}/workbook.xlsx")
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "xl/workbook.xml" in ZipFile(io.BytesIO(response.data)).namelist()
    assert _count(app, AuditEvent, AuditEvent.action == "tender.preview_workbook") == 1


def test_an_officer_of_no_authority_is_told_why_it_can_neither_create_nor_import_a_tender(app, client, login_as):
    email = login_as("officer")
    with app.app_context():
        db.session.scalar(select(User).filter_by(email=email)).organisation_id = None
        db.session.commit()
    for response in (_upload(client, SAMPLE.read_text("utf-8")),
                     post(client, "/tenders/new", {**DETAILS})):
        assert response.status_code == 403
        assert "belongs to no contracting authority" in response.get_data(as_text=True)
    assert _count(app, Tender) == 0
    assert _count(app, AuditEvent, AuditEvent.action == "access.denied",
                  AuditEvent.details.contains("no contracting authority")) == 2
