"""The officer sets a tender's document rules on the award-rules page; the tender page states them, and tender.yaml
carries them out and back in. A wrong entry in an uploaded file is placed."""
from __future__ import annotations

import io
from pathlib import Path

import yaml

from app.extensions import db
from app.models import Tender
from app.records.definition import definition_of
from scoring.document_rules import FORMATS
from tests.web.setup_steps import build_valid_tree, create_draft, post, stored, tender_id_of

SAMPLE = Path(__file__).parents[2] / "sample_tenders" / "ndfeb-magnets" / "tender.yaml"

RULES = {"weighting": "percent", "award_method": "weighted_sum", "tie_break-0": "quality", "tie_break-1": "price",
         "tie_break-2": "submitted_at", "tie_break-3": "lots", "below_mean_of_others_pct": "",
         "below_next_pct": "", "excluded_control_countries": "", "partner_group": ""}


def _upload(client, text: str):
    return post(client, "/tenders/import", {"file": (io.BytesIO(text.encode("utf-8")), "tender.yaml")},
                content_type="multipart/form-data")


def test_the_officer_sets_the_rules_the_tender_page_states_them_and_tender_yaml_round_trips_them(
        app, client, login_as):
    login_as("officer")
    tender_id = create_draft(client)
    build_valid_tree(app, client, tender_id)  # a tender.yaml that imports back
    path = f"/tenders/{tender_id}/rules"
    form = client.get(path).get_data(as_text=True)
    assert all(f'checked id="formats-{number}"' in form for number in range(len(FORMATS)))  # the default: all
    assert 'checked id="evidence_required' not in form
    shown = client.get(f"/tenders/{tender_id}").get_data(as_text=True)
    assert "not required at any stage" in shown

    refused = post(client, path, {**RULES, "evidence_required": ["processing"],
                              "version": stored(app, tender_id).version})
    assert refused.status_code == 200 and "tick at least one format" in refused.get_data(as_text=True)
    assert stored(app, tender_id).document_rules is None

    saved = post(client, path, {**RULES, "formats": ["jpeg", "pdf"], "evidence_required": ["processing", "extraction"],
                                "version": stored(app, tender_id).version})
    assert saved.status_code == 302
    with app.app_context():
        assert definition_of(db.session.get(Tender, tender_id))["documents"] == {
            "formats": ["pdf", "jpeg"], "evidence_required": ["extraction", "processing"]}
    page = client.get(f"/tenders/{tender_id}").get_data(as_text=True)
    assert page.split('id="document-formats">', 1)[1].startswith("PDF or JPEG</td>")
    assert page.split('id="evidence-rule">', 1)[1].startswith(
        "Every supply line at the extraction and refining stage needs a document that proves it.</td>")
    german = client.get(f"/tenders/{tender_id}", headers={"Accept-Language": "de"}).get_data(as_text=True)
    assert german.split('id="document-formats">', 1)[1].startswith("PDF oder JPEG</td>")
    assert "Raffination" in german.split('id="evidence-rule">', 1)[1].split("</td>", 1)[0]

    twin = post(client, f"/tenders/{tender_id}/duplicate", {"version": stored(app, tender_id).version})
    assert stored(app, tender_id_of(twin)).document_rules == stored(app, tender_id).document_rules  # a copy keeps them
    exported = yaml.safe_load(client.get(f"/tenders/{tender_id}/tender.yaml").get_data(as_text=True))
    assert exported["documents"] == {"formats": ["pdf", "jpeg"], "evidence_required": ["extraction", "processing"]}
    copy = tender_id_of(_upload(client, yaml.safe_dump({**exported, "reference": "RB-TEST-01-IMPORTED"})))
    assert stored(app, copy).document_rules == exported["documents"]

    back_to_defaults = post(client, path, {**RULES, "formats": list(FORMATS),
                                       "version": stored(app, tender_id).version})
    assert back_to_defaults.status_code == 302
    assert stored(app, tender_id).document_rules is None  # an unchanged tender: no `documents` key at all
    with app.app_context():
        assert "documents" not in definition_of(db.session.get(Tender, tender_id))


def test_an_unknown_format_or_stage_in_an_uploaded_tender_yaml_is_placed(app, client, login_as):
    login_as("officer")
    sample = yaml.safe_load(SAMPLE.read_text("utf-8"))
    text = yaml.safe_dump({**sample, "documents": {"formats": ["pdf", "gif"], "evidence_required": ["recycling"]}})
    response = _upload(client, text)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "tender.yaml: documents.formats[1]: Unknown format &#39;gif&#39;" in page
    assert "tender.yaml: documents.evidence_required[0]: Unknown stage &#39;recycling&#39;" in page
