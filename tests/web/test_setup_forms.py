"""A form per rule kind instead of typed parameters: the price formulas listed with their formula and a worked
example, tables for anchors, bands, descriptors and options, the scoring library's problems placed at the field
the officer typed into, and stored rules shown again in the same fields."""
from __future__ import annotations

import io
import re

import yaml

from app.extensions import db
from app.models import Criterion, Tender
from app.tenders.outline import Outline
from tests.web.setup_steps import (
    CRITERION_FORM,
    DETAILS,
    REFINING,
    add_criterion,
    build_valid_tree,
    create_draft,
    criterion_id,
    criterion_version,
    post,
    stored,
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


def test_the_details_form_checks_codes_and_offers_currencies_and_zones_as_lists(app, client, login_as):
    login_as("officer")
    page = client.get("/tenders/new").get_data(as_text=True)
    assert '<select id="currency" name="currency" required>' in page
    assert '<option value="JPY">JPY · Japanese Yen</option>' in page  # CLDR's name, in the reader's language
    assert '<option selected value="Europe/Brussels">Belgium · Brussels</option>' in page  # CLDR's names again
    assert '<option value="America/New_York">United States · New York</option>' in page and ">Europe/" not in page
    bad = post(client, "/tenders/new", {**DETAILS, "cn_code": "8505 11", "cpv_code": "3143400-7",
                                        "estimated_value": "0", "currency": "EURO", "time_zone": "Mars/Olympus"})
    errors = _errors(bad)
    assert "CN code: expected the eight digits of a CN code, such as 8505 11 00" in errors
    assert "CPV code: expected eight digits, a hyphen and the check digit, such as 31434000-7" in errors
    assert any(error.startswith("Estimated value") for error in errors)
    assert any(error.startswith("Currency") for error in errors) and any(e.startswith("Time zone") for e in errors)
    for zone in ("x" * 20_000, "9" * 400):  # longer than a file name: zoneinfo raises OSError, not "not found"
        assert any(error.startswith("Time zone") for error in _errors(post(client, "/tenders/new",
                                                                            {**DETAILS, "time_zone": zone})))
    for value in ("sNaN", "NaN", "-Infinity", "twelve"):  # Decimal reads the first three; sNaN made NumberRange raise
        assert _errors(post(client, "/tenders/new", {
            **DETAILS, "estimated_value": value})) == ["Estimated value (excluding VAT): enter a number"]
    tender_id = create_draft(client, cn_code="85051100", reference="RB-CN")
    assert stored(app, tender_id).cn_code == "8505 11 00"


def test_a_zone_the_list_does_not_hold_is_offered_named_and_kept_when_the_details_are_saved(app, client, login_as):
    """US/Eastern, an IANA alias of America/New_York, stays the tender's zone through an edit."""
    login_as("officer")
    tender_id = create_draft(client, time_zone="US/Eastern")
    page = client.get(f"/tenders/{tender_id}/details").get_data(as_text=True)
    assert '<option selected value="US/Eastern">United States · New York</option>' in page
    saved = post(client, f"/tenders/{tender_id}/details", {**DETAILS, "time_zone": "US/Eastern",
                                                            "version": str(stored(app, tender_id).version)})
    assert saved.status_code == 302 and stored(app, tender_id).time_zone == "US/Eastern"


def test_a_tender_yaml_with_a_malformed_cn_code_is_refused_at_the_key(app, client, login_as):
    login_as("officer")
    tender_id = create_draft(client)
    build_valid_tree(app, client, tender_id)
    exported = yaml.safe_load(client.get(f"/tenders/{tender_id}/tender.yaml").get_data(as_text=True))
    response = post(client, "/tenders/import", {"file": (io.BytesIO(yaml.safe_dump(
        {**exported, "reference": "RB-CN-BAD", "cn_code": "8505-11"}).encode("utf-8")), "tender.yaml")},
        content_type="multipart/form-data")
    assert response.status_code == 422
    assert "Expected the eight digits of a CN code, such as 8505 11 00" in response.get_data(as_text=True)


def test_the_tree_shows_each_criterion_s_share_of_the_total_and_its_unit(app, client, login_as):
    login_as("officer")
    tender_id = create_draft(client)
    build_valid_tree(app, client, tender_id)
    page = client.get(f"/tenders/{tender_id}/criteria").get_data(as_text=True)
    # Quality 60% of the total, its two criteria 50% of it each: 30.0% of the total.
    assert '<td class="num" data-share="PRICE">40.0%</td>' in page
    assert '<td class="num" data-share="QUAL-EOL">30.0%</td>' in page
    assert '<td data-unit="PRICE">EUR, price excluding VAT</td>' in page
    assert '<td data-unit="QUAL-EOL">yes or no</td>' in page
    assert '<td data-unit="QUAL-ND-REF">percent of the material&#39;s mass</td>' in page


def test_with_points_weighting_the_share_is_the_points_over_the_total():
    tender = Tender(weighting="points", criteria=[
        Criterion(id=1, code="PRICE", name="Price", position=0, max_points=60, rule_kind="price_proportional",
                  rule_params={}),
        Criterion(id=2, code="Q", name="Quality", position=1),
        Criterion(id=3, code="Q1", name="Plan", parent_id=2, position=0, max_points=30, rule_kind="judgement",
                  rule_params={"scale": 5, "descriptors": ["none", "poor", "fair", "good", "very good", "best"]}),
        Criterion(id=4, code="Q2", name="Recycling", parent_id=2, position=1, max_points=10, rule_kind="yes_no",
                  rule_params={})])
    nodes = {node.row.code: node for node in Outline(tender).nodes}
    assert {code: float(node.share) for code, node in nodes.items()} == {"PRICE": 60, "Q": 40, "Q1": 30, "Q2": 10}
    assert nodes["Q1"].unit("EUR") == "levels 0 to 5" and nodes["Q"].unit("EUR") == ""
