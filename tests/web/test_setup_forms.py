"""A form per rule kind instead of typed parameters: the price formulas listed with their formula and a worked
example, tables for anchors, bands, descriptors and options, the scoring library's problems placed at the field
the officer typed into, and stored rules shown again in the same fields."""
from __future__ import annotations

import re

from app.extensions import db
from app.models import Criterion
from tests.web.setup_steps import (
    CRITERION_FORM,
    REFINING,
    add_criterion,
    create_draft,
    criterion_id,
    criterion_version,
    post,
)

PLAIN = {**REFINING, "source_metric": "", "source_stage": "", "source_material": ""}


def _errors(response) -> list[str]:
    return re.findall(r'class="error" role="alert">([^<]*)<', response.get_data(as_text=True))


def test_the_page_lists_each_price_formula_with_its_formula_and_a_worked_example(client, login_as):
    login_as("officer")
    tender_id = create_draft(client)
    page = client.get(f"/tenders/{tender_id}/criteria/new").get_data(as_text=True)
    assert "rule_params" not in page and "YAML" not in page
    assert "points = max points × Pmin / P" in page
    # Proportional on 100 000, 125 000 and 180 000: 100 × 100000/125000 = 80; 100 × 100000/180000 = 55.56.
    assert "100,000 gets 100.00; 125,000 gets 80.00; 180,000 gets 55.56." in page
    assert "Price: logarithmic" in page and "Judgement by the committee on a scale" in page


def test_choosing_a_kind_shows_its_fields_and_keeps_what_was_typed(app, client, login_as):
    login_as("officer")
    tender_id = create_draft(client)
    response = post(client, f"/tenders/{tender_id}/criteria/new",
                    {**CRITERION_FORM, "code": "PLAN", "name": "Plan", "size": "20", "rule_kind": "judgement",
                     "choose": "1"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and 'id="descriptors"' in page and 'value="PLAN"' in page
    assert 'name="descriptors-5"' in page and "Please correct" not in page
    assert criterion_id(app, tender_id, "PLAN") is None


def test_problems_are_placed_at_the_field_in_plain_words_and_nothing_is_saved(app, client, login_as):
    login_as("officer")
    tender_id = create_draft(client)
    one_end = add_criterion(client, tender_id, {**PLAIN, "anchors-1-value": "", "anchors-1-points": ""})
    assert one_end.status_code == 200
    assert any("row 2" in error and "missing" in error.lower() for error in _errors(one_end)), _errors(one_end)
    same = add_criterion(client, tender_id, {**PLAIN, "anchors-1-value": "50"})
    assert "The two ends of the line: The two anchors need different values" in _errors(same)
    bands = add_criterion(client, tender_id, {**PLAIN, "rule_kind": "bands", "bands-0-lower": "10",
                                              "bands-0-upper": "5", "bands-0-points": "100"})
    assert any(error.startswith("Row 1") or "row 1" in error for error in _errors(bands)), _errors(bands)
    assert "From must be below to" in bands.get_data(as_text=True)
    preset = add_criterion(client, tender_id, {**PLAIN, "rule_kind": "price_preset_range", "eforms_type": "price",
                                               "pset_min": "900", "pset_max": "800"})
    assert any("above the price for full points" in error for error in _errors(preset)), _errors(preset)
    assert all("pset" not in error and "rule." not in error for error in _errors(preset))
    assert criterion_id(app, tender_id, "QUAL-ND-REF") is None


def test_stored_rules_come_back_in_their_fields(app, client, login_as):
    login_as("officer")
    tender_id = create_draft(client)
    bands = {**PLAIN, "code": "LEAD", "rule_kind": "bands", "bands-0-upper": "30", "bands-0-points": "100",
             "bands-1-lower": "30", "bands-1-upper": "60", "bands-1-points": "50", "otherwise": "0"}
    assert add_criterion(client, tender_id, bands).status_code == 302
    judgement = {**PLAIN, "code": "PLAN", "rule_kind": "judgement", "scale": "2", "descriptors-0": "none",
                 "descriptors-1": "acceptable", "descriptors-2": "excellent"}
    assert add_criterion(client, tender_id, judgement).status_code == 302
    lead_id, plan_id = criterion_id(app, tender_id, "LEAD"), criterion_id(app, tender_id, "PLAN")
    with app.app_context():
        assert db.session.get(Criterion, lead_id).rule_params["bands"][1] == {"from": 30.0, "to": 60.0, "points": 50.0}
        assert db.session.get(Criterion, plan_id).rule_params["descriptors"] == ["none", "acceptable", "excellent"]
    path = f"/tenders/{tender_id}/criteria/{lead_id}"
    page = client.get(path).get_data(as_text=True)
    assert 'name="bands-1-lower" step="any" type="number" value="30"' in page and 'name="bands-3-lower"' in page
    edited = post(client, path, {**CRITERION_FORM, **bands, "bands-1-points": "40",
                                 "version": criterion_version(app, tender_id, "LEAD")})
    assert edited.status_code == 302
    with app.app_context():
        assert db.session.get(Criterion, lead_id).rule_params["bands"][1]["points"] == 40
    plan_page = client.get(f"/tenders/{tender_id}/criteria/{plan_id}").get_data(as_text=True)
    assert 'value="excellent"' in plan_page
