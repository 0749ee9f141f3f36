"""The officer sets a draft's contract performance conditions (Directive 2014/24/EU Art. 70) on their own set-up
page: checked by the scoring library's reader, each refusal at its field with nothing stored, saved with the
tender's version and audited; the tender pages state them and tender.yaml carries them out and back in."""
from __future__ import annotations

import io
import json

import pytest
import yaml
from sqlalchemy import select

from app.clock import clock
from app.errors import UserError
from app.extensions import db
from app.models import AuditEvent, Tender
from app.tenders.performance_setup import update_performance
from tests.web.conftest import csrf_token, login
from tests.web.page_words import english_in, page_text
from tests.web.setup_steps import (
    NOW,
    add_criterion,
    build_valid_tree,
    create_draft,
    criterion_id,
    post,
    publish,
    stored,
    tender_id_of,
)

FORM = {"binding": ["QUAL-ND-REF"], "tolerance_value": "2.5", "tolerance_unit": "metric",
        "period": "yearly", "periods": "4", "report_within_days": "90", "remedy_plan_days": "60",
        "amount_per_point": "2500", "termination_after": "2"}
SAVED = {"binding": ["QUAL-ND-REF"], "tolerance": {"value": 2.5, "unit": "metric"},
         "reporting": {"period": "yearly", "periods": 4, "report_within_days": 90},
         "consequences": {"remedy_plan_days": 60, "amount_per_point": 2500.0, "termination_after": 2}}
NOT_A_METRIC = "'QUAL-EOL' is not a criterion that reads a resilience metric of the supply chain"
HHI = {"code": "QUAL-DY-HHI", "name": "Dysprosium mining concentration", "eforms_type": "quality", "size": "10",
       "rule_kind": "linear", "better": "lower", "anchors-0-value": "1500", "anchors-0-points": "100",
       "anchors-1-value": "5000", "anchors-1-points": "0", "source_metric": "hhi", "source_stage": "extraction",
       "source_material": "Nd"}


@pytest.fixture
def draft(app, client, login_as) -> int:
    """A draft with a valid tree: one criterion (QUAL-ND-REF) reads a resilience metric, QUAL-EOL does not."""
    clock.freeze(NOW)
    login_as("officer")
    tender_id = create_draft(client)
    build_valid_tree(app, client, tender_id)
    return tender_id


def _save(app, client, tender_id: int, fields: dict, version: int | None = None):
    version = stored(app, tender_id).version if version is None else version
    return post(client, f"/tenders/{tender_id}/performance", {**fields, "version": version})


def _events(app) -> list[dict]:
    with app.app_context():
        events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "tender.update"))
        return [details for details in (json.loads(event.details) for event in events)
                if details.get("part") == "contract_performance"]


def test_the_form_lists_only_the_metric_criteria_by_name_and_saves_what_was_typed(app, client, draft):
    page = client.get(f"/tenders/{draft}/performance").get_data(as_text=True)
    assert "QUAL-ND-REF · Neodymium refining concentration" in page
    assert "Recycling in the EU" not in page and 'value="QUAL-EOL"' not in page  # read from no metric
    assert "points of the metric (percentage points, HHI points)" in page and "the criterion's points" in page
    assert f'href="/tenders/{draft}/performance"' in client.get(f"/tenders/{draft}/rules").get_data(as_text=True)

    response = _save(app, client, draft, FORM)
    assert response.status_code == 302 and response.headers["Location"] == f"/tenders/{draft}"
    assert stored(app, draft).contract_performance == SAVED
    events = _events(app)
    assert len(events) == 1 and events[0]["binding"] == ["QUAL-ND-REF"]
    shown = client.get(f"/tenders/{draft}").get_data(as_text=True)
    assert shown.split('id="performance-binding">', 1)[1].startswith(
        "QUAL-ND-REF · Neodymium refining concentration</td>")
    assert shown.split('id="performance-reporting">', 1)[1].startswith(
        "a report per contract year for 4 years, within 90 days of the year&#39;s end</td>")
    again = client.get(f"/tenders/{draft}/performance").get_data(as_text=True)  # the form shows what was saved
    assert 'value="2.5"' in again and 'value="4"' in again and 'checked id="binding-0"' in again


def test_a_report_per_call_off_leaves_the_years_out_and_no_conditions_clears_the_section(app, client, draft):
    call_off = {**FORM, "period": "call_off", "remedy_plan_days": "", "amount_per_point": "", "termination_after": "",
                "tolerance_unit": "points", "tolerance_value": "0"}
    assert _save(app, client, draft, call_off).status_code == 302
    assert stored(app, draft).contract_performance == {
        "binding": ["QUAL-ND-REF"], "tolerance": {"value": 0.0, "unit": "points"},
        "reporting": {"period": "call_off", "report_within_days": 90}, "consequences": {}}
    shown = page_text(client.get(f"/tenders/{draft}").get_data(as_text=True))
    assert "a report per call-off, within 90 days" in shown and "0 criterion points" in shown

    assert _save(app, client, draft, {**FORM, "clear": "Publish no conditions"}).status_code == 302
    assert stored(app, draft).contract_performance is None
    assert [details["binding"] for details in _events(app)] == [["QUAL-ND-REF"], []]
    assert "The tender publishes no contract performance conditions." in client.get(
        f"/tenders/{draft}").get_data(as_text=True)


@pytest.mark.parametrize(("change", "field", "said"), [
    ({"binding": []}, "Resilience criteria the contractor is bound to", "tick at least one criterion"),
    ({"tolerance_value": "-1"}, "Tolerance", "expected a number of 0 or more, got -1"),
    ({"tolerance_value": "two"}, "Tolerance", "expected a number of 0 or more, got 'two'"),
    ({"periods": ""}, "Number of contract years", "expected a whole number of 1 or more, got nothing"),
    ({"periods": "2.5"}, "Number of contract years", "expected a whole number of 1 or more, got 2.5"),
    ({"report_within_days": "soon"}, "Days to report after a period ends",
     "expected a whole number of 1 or more, got 'soon'"),
    ({"amount_per_point": "0"}, "Amount per point below the commitment", "expected an amount above 0, got 0"),
    ({"amount_per_point": "2,500"}, "Amount per point below the commitment",
     "expected an amount above 0, got '2,500'"),  # 2.5 or 2500: never guessed
    ({"tolerance_value": "nan"}, "Tolerance", "expected a number of 0 or more, got 'nan'"),
    ({"binding": ["QUAL-EOL"]}, "Resilience criteria the contractor is bound to", NOT_A_METRIC),
])
def test_each_bad_entry_is_placed_at_its_field_and_changes_nothing(app, client, draft, change, field, said):
    assert _save(app, client, draft, FORM).status_code == 302
    version = stored(app, draft).version
    response = _save(app, client, draft, {**FORM, **change})
    page = page_text(response.get_data(as_text=True))
    assert response.status_code == 200 and f"{field}: {said}" in page, page
    assert stored(app, draft).contract_performance == SAVED and stored(app, draft).version == version
    assert len(_events(app)) == 1


def test_an_import_refuses_the_same_entries_with_the_same_messages(app, client, draft):
    """The schema checks a file's shapes first; what only the reader knows (which criteria read a metric, the years
    of a yearly report) it says in the same words as the form."""
    exported = yaml.safe_load(client.get(f"/tenders/{draft}/tender.yaml").get_data(as_text=True))
    wrong = {**exported, "reference": "RB-TEST-01-WRONG", "contract_performance": {
        **SAVED, "binding": ["QUAL-EOL"], "reporting": {"period": "yearly", "report_within_days": 90}}}
    response = post(client, "/tenders/import", {"file": (io.BytesIO(yaml.safe_dump(wrong).encode()), "tender.yaml")},
                    content_type="multipart/form-data")
    page = page_text(response.get_data(as_text=True))
    assert response.status_code == 422
    assert f"contract_performance.binding[0]: {NOT_A_METRIC}" in page, page
    assert "contract_performance.reporting.periods: Expected a whole number of 1 or more, got None." in page


def test_the_export_after_editing_imports_with_the_same_conditions(app, client, draft):
    assert _save(app, client, draft, FORM).status_code == 302
    exported = yaml.safe_load(client.get(f"/tenders/{draft}/tender.yaml").get_data(as_text=True))
    assert exported["contract_performance"] == SAVED
    copy = post(client, "/tenders/import", {"file": (io.BytesIO(yaml.safe_dump(
        {**exported, "reference": "RB-TEST-01-BACK"}).encode()), "tender.yaml")}, content_type="multipart/form-data")
    assert copy.status_code == 302, copy.get_data(as_text=True)
    assert stored(app, tender_id_of(copy)).contract_performance == SAVED


def test_a_stale_form_is_refused_and_a_criterion_added_since_is_offered(app, client, draft):
    old = stored(app, draft).version
    assert _save(app, client, draft, FORM).status_code == 302
    stale = _save(app, client, draft, {**FORM, "termination_after": "3"}, version=old)
    assert stale.status_code == 409
    assert stored(app, draft).contract_performance == SAVED
    group = str(criterion_id(app, draft, "QUAL"))
    assert add_criterion(client, draft, {**HHI, "parent": group}).status_code == 302
    assert "QUAL-DY-HHI · Dysprosium mining concentration" in client.get(
        f"/tenders/{draft}/performance").get_data(as_text=True)


def test_the_service_reads_the_binding_criteria_against_the_tree_as_it_is_when_it_saves(app, client, draft):
    """The form's choices are the criteria as the page was built; the verb, under the tender's lock, reads them
    again (a criterion's edit does not change the tender's version)."""
    with app.test_request_context():
        tender = db.session.get(Tender, draft)
        with pytest.raises(UserError) as refused:
            update_performance(tender, {**SAVED, "binding": ["QUAL-EOL"]}, tender.version)
        assert refused.value.place == "binding"
        db.session.rollback()
    assert stored(app, draft).contract_performance is None and _events(app) == []


def test_only_a_draft_of_the_officer_s_own_authority_and_only_with_the_csrf_token(app, client, draft, make_user):
    stranger = app.test_client()
    login(stranger, make_user("officer"))
    assert stranger.get(f"/tenders/{draft}/performance").status_code == 404
    refused = stranger.post(f"/tenders/{draft}/performance", data={
        **FORM, "version": stored(app, draft).version, "csrf_token": csrf_token(stranger, "/tenders/new")})
    assert refused.status_code == 404
    bidder = app.test_client()
    login(bidder, make_user("bidder"))
    assert bidder.get(f"/tenders/{draft}/performance").status_code == 403
    forged = client.post(f"/tenders/{draft}/performance", data={**FORM, "version": stored(app, draft).version})
    assert forged.status_code == 400
    assert stored(app, draft).contract_performance is None and _events(app) == []

    assert _save(app, client, draft, FORM).status_code == 302
    assert publish(client, draft).status_code == 302
    assert client.get(f"/tenders/{draft}/performance").status_code == 403
    assert _save(app, client, draft, {**FORM, "clear": "Publish no conditions"}).status_code == 403
    assert stored(app, draft).contract_performance == SAVED
    shown = client.get(f"/tenders/{draft}").get_data(as_text=True)
    assert 'id="performance-binding"' in shown and 'id="edit-performance"' not in shown
    seen = bidder.get(f"/portal/tenders/{draft}").get_data(as_text=True)  # what bidders read of the tender
    assert seen.split('id="performance-binding">', 1)[1].startswith(
        "QUAL-ND-REF · Neodymium refining concentration</td>")
    assert "a remedy plan within 60 days; 2,500.00 EUR per point below the commitment" in seen


ENGLISH_WORDS = ["Contract", "performance", "conditions", "Tolerance", "Reporting", "Binding", "criteria", "yearly",
                "call-off", "points", "metric", "Days", "Save", "Amount", "terminate", "nothing", "expected"]


def test_the_page_and_its_refusals_are_german_and_french(app, client, draft):
    client.post("/language", data={"language": "de", "next": "/dashboard",
                                   "csrf_token": csrf_token(client, "/dashboard")})
    page = page_text(client.get(f"/tenders/{draft}/performance").get_data(as_text=True))
    assert "Bedingungen für die Auftragsausführung" in page
    own = ("QUAL-ND-REF · Neodymium refining concentration", "RB-TEST-01", "Sintered NdFeB magnet sets")
    assert english_in(page, ENGLISH_WORDS, own) == [], page
    refused = page_text(_save(app, client, draft, {**FORM, "periods": "", "binding": []}).get_data(as_text=True))
    assert english_in(refused, ENGLISH_WORDS, own) == [], refused
    assert "ganze Zahl von 1 oder mehr erwartet, angegeben ist nichts" in refused
    assert _save(app, client, draft, FORM).status_code == 302
    overview = page_text(client.get(f"/tenders/{draft}").get_data(as_text=True))
    assert "Bedingungen für die Auftragsausführung" in overview and "Abhilfeplan" in overview
    client.post("/language", data={"language": "fr", "next": "/dashboard",
                                   "csrf_token": csrf_token(client, "/dashboard")})
    french = page_text(client.get(f"/tenders/{draft}/performance").get_data(as_text=True))
    assert "Conditions d’exécution du marché" in french
    same_in_french = {"conditions", "points"}
    assert english_in(french, [word for word in ENGLISH_WORDS if word not in same_in_french], own) == [], french
