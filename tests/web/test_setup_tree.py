"""The criteria-tree editor: add, nest, reorder and remove; weight sums and tree problems at criteria paths;
rule parameters checked by the scoring library with placed messages; rules shown as they will be published;
bill of materials and award rules through their forms."""
from __future__ import annotations

import html

from sqlalchemy import select

from app.clock import clock
from app.extensions import db
from app.models import Criterion, Tender
from app.records.definition import definition_of
from app.tenders.outline import Outline
from tests.web.setup_steps import (
    CRITERION_FORM,
    LINEAR_WORDS,
    NOW,
    PRICE,
    QUALITY,
    RECYCLING,
    REFINING,
    add_criterion,
    build_valid_tree,
    create_draft,
    criterion_id,
    criterion_version,
    post,
    stored,
)


def _codes(app, tender_id: int) -> list[tuple[int, str]]:
    """The tree in reading order as (depth, code)."""
    with app.app_context():
        return [(node.depth, node.row.code) for node in Outline(db.session.get(Tender, tender_id)).nodes]


def _edit(client, app, tender_id: int, code: str, fields: dict):
    path = f"/tenders/{tender_id}/criteria/{criterion_id(app, tender_id, code)}"
    return post(client, path, {**CRITERION_FORM, **fields, "version": criterion_version(app, tender_id, code)})


def _button(client, app, tender_id: int, code: str, action: str, **fields):
    path = f"/tenders/{tender_id}/criteria/{criterion_id(app, tender_id, code)}/{action}"
    return post(client, path, {**fields, "version": criterion_version(app, tender_id, code)})


def test_level_sums_and_tree_problems_are_shown_at_the_criterion_path(app, client, login_as):
    login_as("officer")
    tender_id = create_draft(client)
    add_criterion(client, tender_id, PRICE)
    add_criterion(client, tender_id, QUALITY)
    group = str(criterion_id(app, tender_id, "QUAL"))
    add_criterion(client, tender_id, {**RECYCLING, "parent": group, "size": "30"})
    add_criterion(client, tender_id, {"code": "QUAL-TECH", "name": "Technical proposal", "parent": group,
                                      "size": "30"})
    page = client.get(f"/tenders/{tender_id}/criteria").get_data(as_text=True)
    assert "<strong>Top level</strong>:\n        100 ✓" in page
    assert "<strong>Quality</strong>:\n        60 — must be 100" in page
    assert "<strong>Quality</strong>: Weights sum to 60, expected 100" in page
    assert "<strong>Quality &gt; Technical proposal</strong>: Needs a rule or children" in page
    assert "Declaration: yes gets full points; no gets no points." in page


def test_a_saved_rule_is_shown_as_it_will_be_published(app, client, login_as):
    login_as("officer")
    tender_id = create_draft(client)
    post(client, f"/tenders/{tender_id}/materials", {"lines-0-material": "Nd", "lines-0-kg_per_unit": "0.2",
                                                     "version": 1})
    assert add_criterion(client, tender_id, REFINING).status_code == 302
    refining = criterion_id(app, tender_id, "QUAL-ND-REF")
    page = client.get(f"/tenders/{tender_id}/criteria/{refining}").get_data(as_text=True)
    assert LINEAR_WORDS in page
    assert "points = max points × (100 + (0 − 100) × (value − 50) / (100 − 50)) / 100" in page
    with app.app_context():
        row = db.session.get(Criterion, refining)
        assert row.source == {"metric": "largest_third_country_share", "stage": "processing", "material": "Nd"}
        assert row.rule_params == {"better": "lower", "anchors": [[50.0, 100.0], [100.0, 0.0]]}


def test_the_published_handling_of_the_bill_of_materials_is_set_shown_and_kept_on_edit(app, client, login_as):
    login_as("officer")
    tender_id = create_draft(client)
    post(client, f"/tenders/{tender_id}/materials", {"lines-0-material": "Nd", "lines-0-kg_per_unit": "0.2",
                                                     "version": 1})
    whole = {**REFINING, "source_material": "", "source_metric": "hhi", "source_aggregate": "worst",
             "source_undeclared": "world_baseline",
             "anchors-0-value": "2500", "anchors-1-value": "10000"}
    assert add_criterion(client, tender_id, whole).status_code == 302
    with app.app_context():
        assert db.session.get(Criterion, criterion_id(app, tender_id, "QUAL-ND-REF")).source == {
            "metric": "hhi", "stage": "processing", "material": None, "aggregate": "worst",
            "undeclared": "world_baseline"}
    page = client.get(f"/tenders/{tender_id}/criteria").get_data(as_text=True)
    assert "Measured per material; the material with the least favourable value counts." in page
    form = client.get(f"/tenders/{tender_id}/criteria/{criterion_id(app, tender_id, 'QUAL-ND-REF')}"
                      ).get_data(as_text=True)
    assert '<option selected value="worst">' in form and '<option selected value="world_baseline">' in form
    assert _edit(client, app, tender_id, "QUAL-ND-REF", {**whole, "name": "Refining HHI"}).status_code == 302
    with app.app_context():
        assert db.session.get(Criterion, criterion_id(app, tender_id, "QUAL-ND-REF")).source["aggregate"] == "worst"


def test_criteria_are_nested_reordered_and_removed(app, client, login_as):
    clock.freeze(NOW)
    login_as("officer")
    tender_id = create_draft(client)
    build_valid_tree(app, client, tender_id)
    assert _codes(app, tender_id) == [(1, "PRICE"), (1, "QUAL"), (2, "QUAL-EOL"), (2, "QUAL-ND-REF")]
    assert _button(client, app, tender_id, "QUAL", "move", direction="up").status_code == 302
    assert _button(client, app, tender_id, "QUAL-ND-REF", "move", direction="up").status_code == 302
    assert _codes(app, tender_id) == [(1, "QUAL"), (2, "QUAL-ND-REF"), (2, "QUAL-EOL"), (1, "PRICE")]
    assert _edit(client, app, tender_id, "QUAL-EOL", {**RECYCLING, "parent": ""}).status_code == 302
    assert _codes(app, tender_id) == [(1, "QUAL"), (2, "QUAL-ND-REF"), (1, "PRICE"), (1, "QUAL-EOL")]
    first_moved_up = _button(client, app, tender_id, "QUAL", "move", direction="up")
    assert "Quality is already the first of its level." in client.get(
        first_moved_up.headers["Location"]).get_data(as_text=True)
    assert _button(client, app, tender_id, "QUAL", "remove").status_code == 302
    assert _codes(app, tender_id) == [(1, "PRICE"), (1, "QUAL-EOL")]
    with app.app_context():
        positions = [row.position for row in db.session.scalars(
            select(Criterion).where(Criterion.tender_id == tender_id).order_by(Criterion.position))]
    assert positions == [0, 1]


def test_a_criterion_cannot_be_nested_in_itself_or_under_a_rule(app, client, login_as):
    clock.freeze(NOW)
    login_as("officer")
    tender_id = create_draft(client)
    build_valid_tree(app, client, tender_id)
    for code, parent in (("QUAL", "QUAL"), ("QUAL", "QUAL-EOL"), ("PRICE", "QUAL-EOL")):
        fields = {**(QUALITY if code == "QUAL" else PRICE), "parent": str(criterion_id(app, tender_id, parent))}
        response = _edit(client, app, tender_id, code, fields)
        assert response.status_code == 200, (code, parent)
        assert "Not a valid choice" in response.get_data(as_text=True)
    assert _codes(app, tender_id) == [(1, "PRICE"), (1, "QUAL"), (2, "QUAL-EOL"), (2, "QUAL-ND-REF")]


def test_a_criterion_of_another_tender_is_not_found(app, client, login_as):
    clock.freeze(NOW)
    login_as("officer")
    first = create_draft(client)
    build_valid_tree(app, client, first)
    second = create_draft(client, reference="RB-TEST-02")
    price = criterion_id(app, first, "PRICE")
    assert client.get(f"/tenders/{second}/criteria/{price}").status_code == 404
    assert post(client, f"/tenders/{second}/criteria/{price}/remove", {"version": 1}).status_code == 404
    assert criterion_id(app, first, "PRICE") == price


def test_codes_are_unique_within_a_tender(app, client, login_as):
    login_as("officer")
    tender_id = create_draft(client)
    add_criterion(client, tender_id, PRICE)
    response = add_criterion(client, tender_id, {**QUALITY, "code": "PRICE"})
    assert "another criterion of this tender already has the code PRICE" in response.get_data(as_text=True)
    assert _codes(app, tender_id) == [(1, "PRICE")]


def test_bill_of_materials_lines_are_checked_against_the_reference_data(app, client, login_as):
    login_as("officer")
    tender_id = create_draft(client)
    path = f"/tenders/{tender_id}/materials"
    for lines, message in (({"lines-0-material": "Nd", "lines-0-kg_per_unit": "0"}, "mass must be a number above 0"),
                           ({"lines-0-material": "Nd", "lines-0-kg_per_unit": "0.2", "lines-1-material": "Nd",
                             "lines-1-kg_per_unit": "0.1"}, "each material once"),
                           ({"lines-0-material": "Nd"}, "give each material its kg per unit")):
        response = post(client, path, {**lines, "version": 1})
        assert message in response.get_data(as_text=True), lines
    saved = post(client, path, {"lines-0-material": "Nd", "lines-0-kg_per_unit": "0.225", "lines-1-material": "Dy",
                                "lines-1-kg_per_unit": "0.025", "lines-2-material": "", "version": 1})
    assert saved.status_code == 302
    assert stored(app, tender_id).bill_of_materials == {"Nd": 0.225, "Dy": 0.025}


def test_tie_break_abnormally_low_and_eligibility_are_set_and_checked(app, client, login_as):
    login_as("officer")
    tender_id = create_draft(client)
    path = f"/tenders/{tender_id}/rules"
    rules = {"weighting": "percent", "award_method": "weighted_sum", "tie_break-0": "price",
             "tie_break-1": "quality", "tie_break-2": "lots", "tie_break-3": "", "below_mean_of_others_pct": "35",
             "below_next_pct": "", "excluded_control_countries": "cn, RU", "partner_group": "",
             "formats": ["pdf", "png", "jpeg", "docx", "xlsx", "odt"], "version": 1}
    for change, message in (({"tie_break-2": "", "tie_break-3": "lots"}, "without gaps"),
                            ({"tie_break-1": "lots", "tie_break-2": "quality"}, "drawing lots settles every tie"),
                            ({"tie_break-1": "price"}, "a step appears twice"),
                            ({"below_next_pct": "100"}, "expected a percentage between 0 and 100"),
                            ({"excluded_control_countries": "CN, XX"}, "'XX' is not an ISO 3166-1"),
                            ({"partner_group": "FR"}, "FR is an EU-27 member")):
        response = post(client, path, {**rules, **change})
        assert response.status_code == 200, change
        assert message in html.unescape(response.get_data(as_text=True)), change
    assert post(client, path, rules).status_code == 302
    with app.app_context():
        data = definition_of(db.session.get(Tender, tender_id))
    assert data["tie_break"] == ["price", "quality", "lots"]
    assert data["abnormally_low"] == {"below_mean_of_others_pct": 35.0, "below_next_pct": None}
    assert data["eligibility"] == {"excluded_control_countries": ["CN", "RU"]}
    assert "partner_group" not in data
