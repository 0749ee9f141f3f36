"""Weights entered as shares of the whole tender in the tree editor and in tender.yaml: the level percentages
are derived exactly, each criterion shows its share of the total, and the form the officer used survives
export and import."""
from __future__ import annotations

import io
from fractions import Fraction

import yaml

from app.extensions import db
from app.models import Criterion, Tender
from app.records.definition import definition_of
from scoring import parse_tender
from tests.web.setup_steps import (
    PRICE,
    QUALITY,
    add_criterion,
    create_draft,
    criterion_id,
    criterion_version,
    post,
    tender_id_of,
)

YES_NO = {"eforms_type": "quality", "rule_kind": "yes_no"}


def _shares_tree(app, client) -> int:
    """Price 40 and Quality 60 as % of their level; under Quality three criteria of 10, 20 and 30% of the total."""
    tender_id = create_draft(client)
    for fields in (PRICE, QUALITY):
        assert add_criterion(client, tender_id, fields).status_code == 302
    group = str(criterion_id(app, tender_id, "QUAL"))
    for code, share in (("Q1", "10"), ("Q2", "20"), ("Q3", "30")):
        response = add_criterion(client, tender_id, {**YES_NO, "parent": group, "code": code, "name": f"Quality {code}",
                                                     "size": share, "size_form": "total"})
        assert response.status_code == 302, response.get_data(as_text=True)
    return tender_id


def test_a_weight_entered_as_share_of_the_total_gives_exact_level_percentages(app, client, login_as):
    login_as("officer")
    tender_id = _shares_tree(app, client)
    page = client.get(f"/tenders/{tender_id}/criteria").get_data(as_text=True)
    assert "<strong>Quality</strong>:\n        100 ✓" in page
    assert "sum to" not in page and "bill of materials</strong>: Add at least one material" in page
    assert '<td class="num" data-share="Q1">10.0%</td>' in page
    assert '<td class="num" data-share="QUAL">60.0%</td>' in page
    assert '<td class="num" data-weight="Q1">16.67</td>' in page
    with app.app_context():
        definition = definition_of(db.session.get(Tender, tender_id))
    children = definition["criteria"][1]["children"]
    assert [child["share_of_total"] for child in children] == [10, 20, 30]
    assert all("weight" not in child for child in children)
    tender = parse_tender(definition)
    assert [child.weight for child in tender.criteria[1].children] == [Fraction(50, 3), Fraction(100, 3), 50]


def test_the_edit_form_shows_the_share_as_entered_and_can_switch_back(app, client, login_as):
    login_as("officer")
    tender_id = _shares_tree(app, client)
    path = f"/tenders/{tender_id}/criteria/{criterion_id(app, tender_id, 'Q1')}"
    form = client.get(path).get_data(as_text=True)
    assert 'name="size" step="any" type="number" value="10"' in form
    assert '<option selected value="total">percent of the whole tender</option>' in form
    group = str(criterion_id(app, tender_id, "QUAL"))
    fields = {**YES_NO, "parent": group, "code": "Q1", "name": "Quality Q1", "description": "", "min_score": "",
              "source_metric": "", "source_stage": "", "source_material": ""}
    mixed = post(client, path, {**fields, "size": "50", "size_form": "level",
                                "version": criterion_version(app, tender_id, "Q1")})
    assert mixed.status_code == 200
    assert "give their weight as a share of the whole tender: enter this one the same way" in mixed.get_data(
        as_text=True)
    with app.app_context():
        assert db.session.get(Criterion, criterion_id(app, tender_id, "Q1")).share_of_total == 10
    for code in ("Q2", "Q3"):  # switching the level: empty the others' weights first
        other = f"/tenders/{tender_id}/criteria/{criterion_id(app, tender_id, code)}"
        assert post(client, other, {**fields, "code": code, "name": f"Quality {code}", "size": "",
                                    "version": criterion_version(app, tender_id, code)}).status_code == 302
    assert post(client, path, {**fields, "size": "50", "size_form": "level",
                               "version": criterion_version(app, tender_id, "Q1")}).status_code == 302
    with app.app_context():
        row = db.session.get(Criterion, criterion_id(app, tender_id, "Q1"))
        assert (row.weight, row.share_of_total) == (50, None)


def test_a_share_of_the_total_is_refused_in_points_weighting(app, client, login_as):
    login_as("officer")
    tender_id = create_draft(client)
    with app.app_context():
        db.session.get(Tender, tender_id).weighting = "points"
        db.session.commit()
    response = add_criterion(client, tender_id, {**YES_NO, "code": "Q1", "name": "Quality", "size": "10",
                                                 "size_form": "total"})
    assert response.status_code == 200
    assert "maximum points already are its part of the total" in response.get_data(as_text=True)


def test_tender_yaml_with_shares_of_the_total_exports_as_written(app, client, login_as):
    login_as("officer")
    tender_id = _shares_tree(app, client)
    exported = yaml.safe_load(client.get(f"/tenders/{tender_id}/tender.yaml").get_data(as_text=True))
    response = post(client, "/tenders/import", {"file": (io.BytesIO(yaml.safe_dump(
        {**exported, "reference": "RB-SHARES-COPY", "bill_of_materials": {"Nd": 0.225}}).encode("utf-8")),
                                                "tender.yaml")},
        content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        first = db.session.get(Tender, tender_id)
        second = db.session.get(Tender, tender_id_of(response))
        assert definition_of(second)["criteria"] == definition_of(first)["criteria"]
        assert [row.share_of_total for row in second.criteria if row.parent_id] == [10, 20, 30]
