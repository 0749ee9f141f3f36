"""The officer publishes a draft's plausibility figures on its own set-up page: the recycling input rates with
their margin and the facility shares, each with a source. The scoring library's reader checks them, so a wrong
entry gets the message a tender.yaml would, on its line and field; a save is audited; a published tender's page is
refused; the set-up tabs link to it; a German page reads in German."""
from __future__ import annotations

import json

from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent, Tender
from app.records.definition import definition_of
from tests.web.page_words import english_in, page_text
from tests.web.setup_steps import DETAILS, create_draft, post, published_tender, stored

FACILITY = {"facilities-0-facility": "Solvay La Rochelle", "facilities-0-material": "Nd",
            "facilities-0-stage": "processing", "facilities-0-share": "150",
            "facilities-0-source": "Test report, p. 14"}  # test figures, not a published capacity
RATE = {"rates-0-material": "Co", "rates-0-rate": "22", "rates-0-source": "Test study, table 3", "margin": "10"}


def _path(tender_id: int) -> str:
    return f"/tenders/{tender_id}/plausibility"


def _save(app, client, tender_id: int, fields: dict):
    return post(client, _path(tender_id), {**fields, "version": stored(app, tender_id).version})


def _audited(app) -> list[dict]:
    with app.app_context():
        return [json.loads(text) for text in db.session.scalars(
            select(AuditEvent.details).where(AuditEvent.action == "tender.update").order_by(AuditEvent.seq))
            if json.loads(text).get("part") == "plausibility"]


def test_the_officer_saves_facility_shares_alone_then_with_rates_then_clears_them(app, client, login_as):
    login_as("officer")
    tender_id = create_draft(client)
    assert f'href="{_path(tender_id)}"' in client.get(f"/tenders/{tender_id}/rules").get_data(as_text=True)
    page = client.get(_path(tender_id)).get_data(as_text=True)
    assert 'name="facilities-2-facility"' in page and 'name="rates-2-material"' in page  # spare lines, no script

    saved = _save(app, client, tender_id, FACILITY)
    assert saved.status_code == 302, saved.get_data(as_text=True)
    assert stored(app, tender_id).plausibility_rules == {"facility_shares": {"Solvay La Rochelle": {
        "material": "Nd", "stage": "processing", "share": 150, "source": "Test report, p. 14"}}}
    overview = client.get(f"/tenders/{tender_id}").get_data(as_text=True)
    assert overview.split('id="facility-rule">', 1)[1].startswith(
        "The supply lines naming a facility are flagged when two or more bids name it for more than the share of the "
        "need the tender publishes for it: Solvay La Rochelle, Neodymium at the refining stage: 150% (Test report, "
        "p. 14)</td>")
    german = client.get(f"/tenders/{tender_id}", headers={"Accept-Language": "de"}).get_data(as_text=True)
    assert "Solvay La Rochelle, Neodym auf der Stufe „Raffination“: 150\xa0%" in german
    shown = client.get(_path(tender_id)).get_data(as_text=True)
    assert 'value="Solvay La Rochelle"' in shown and 'value="Test report, p. 14"' in shown
    assert 'name="facilities-3-facility"' in shown  # the stored line plus the spare ones

    assert _save(app, client, tender_id, {**FACILITY, **RATE}).status_code == 302
    with app.app_context():
        section = definition_of(db.session.get(Tender, tender_id))["plausibility"]
    assert section["recycled_input_rates"] == {"Co": {"rate": 22, "source": "Test study, table 3"}}
    assert section["recycled_margin"] == 10 and "Solvay La Rochelle" in section["facility_shares"]

    cleared = {key: "" for key in {**FACILITY, **RATE}}  # as a browser sends the lines the officer cleared
    assert _save(app, client, tender_id, cleared).status_code == 302
    assert stored(app, tender_id).plausibility_rules is None
    assert _audited(app) == [
        {"part": "plausibility", "recycled_input_rates": [], "recycled_margin": None,
         "facilities": ["Solvay La Rochelle"]},
        {"part": "plausibility", "recycled_input_rates": ["Co"], "recycled_margin": 10,
         "facilities": ["Solvay La Rochelle"]},
        {"part": "plausibility", "recycled_input_rates": [], "recycled_margin": None, "facilities": []}]


def _refused(app, client, tender_id: int, fields: dict, language: str = "en") -> str:
    response = post(client, _path(tender_id), {**fields, "version": stored(app, tender_id).version},
                    headers={"Accept-Language": language})
    assert response.status_code == 200
    assert stored(app, tender_id).plausibility_rules is None
    return response.get_data(as_text=True)


def test_wrong_entries_are_refused_with_the_readers_message_on_their_field(app, client, login_as):
    login_as("officer")
    tender_id = create_draft(client)
    page = _refused(app, client, tender_id, {**FACILITY, "facilities-0-share": "0"})
    assert "expected a percentage of the need above 0, got 0" in page.split('name="facilities-0-share"', 1)[1]
    page = _refused(app, client, tender_id, {**FACILITY, "facilities-0-stage": ""})
    assert page.split('name="facilities-0-stage"', 1)[1].split("</td>", 1)[0].count(">missing<") == 1
    page = _refused(app, client, tender_id, {**FACILITY, "facilities-0-source": " "})
    assert ">missing<" in page.split('name="facilities-0-source"', 1)[1].split("</td>", 1)[0]
    page = _refused(app, client, tender_id, {**FACILITY, "facilities-0-facility": ""})
    assert "name the facility (or clear the line)" in page.split('name="facilities-0-facility"', 1)[1].split("</td>")[0]
    page = _refused(app, client, tender_id, {**FACILITY, "facilities-1-facility": "solvay  LA rochelle",
                                             **{key.replace("-0-", "-1-"): value for key, value in FACILITY.items()
                                                if "facility" not in key}})
    assert "the same facility as Solvay La Rochelle" in page.split('name="facilities-1-facility"', 1)[1]
    page = _refused(app, client, tender_id, {"margin": "10"})
    assert ">missing<" in page.split('id="rates"', 1)[0].split('id="recycled-rates"', 1)[1]
    page = _refused(app, client, tender_id, {**RATE, "rates-0-rate": "101"})
    assert "expected a percentage from 0 to 100, got 101" in page.split('name="rates-0-rate"', 1)[1]
    page = _refused(app, client, tender_id, {**RATE, "margin": ""})
    assert "Margin above a material's rate (percentage points): missing" in page
    page = _refused(app, client, tender_id, {**FACILITY, "facilities-0-share": "0"}, language="de")
    assert "Prozentsatz des Bedarfs über 0 erwartet, erhalten: 0" in page
    assert _audited(app) == []


def test_a_published_tender_has_no_plausibility_form(app, client, login_as):
    login_as("officer")
    tender_id = published_tender(app, client)
    assert client.get(_path(tender_id)).status_code == 403
    assert post(client, _path(tender_id), {**FACILITY, "version": stored(app, tender_id).version}).status_code == 403
    assert stored(app, tender_id).plausibility_rules is None
    assert _path(tender_id) not in client.get(f"/tenders/{tender_id}").get_data(as_text=True)


def test_the_page_reads_in_german(app, client, login_as):
    login_as("officer")
    tender_id = create_draft(client)
    assert _save(app, client, tender_id, {**FACILITY, **RATE}).status_code == 302
    text = page_text(client.get(_path(tender_id), headers={"Accept-Language": "de"}).get_data(as_text=True))
    assert "Anteile der Anlagen" in text and "Anteil am Bedarf in Prozent" in text and "Raffination" in text
    words = ["Facility", "Share", "Source", "Rate", "Margin", "Stage", "Save", "refining", "the"]
    own = (*DETAILS.values(), "Solvay La Rochelle", "Test report, p. 14", "Test study, table 3", "Cobalt", "Co ")
    assert english_in(text, words, own) == []
