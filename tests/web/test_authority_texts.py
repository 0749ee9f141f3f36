"""The authority's own texts in each language a tender publishes in: pages show the reader's language's title and
criterion names when the tender publishes in it, else the procedure language's; the set-up forms offer one field
per published language, the procedure language's first and required; tender.yaml round-trips them."""
from __future__ import annotations

import re
from datetime import timedelta

import yaml

from app.extensions import db
from app.models import Criterion, Organisation, Tender
from app.models.organisation import AUTHORITY
from app.models.tender import PUBLISHED
from app.records import definition
from app.records.exporting import yaml_text
from tender_files.folder import load_tender_definition
from tests.web.conftest import csrf_token, login, open_bids
from tests.web.page_words import page_text
from tests.web.portal_steps import (
    DEADLINE,
    NOW,
    frozen_clock,  # noqa: F401  (autouse fixture: the clock stands at NOW)
)
from tests.web.setup_steps import CRITERION_FORM, DETAILS, create_draft, post, stored

TITLES = {"de": "Dauermagnete für Straßenbahnmotoren", "fr": "Aimants permanents pour moteurs de tramway"}
PRICE = {"de": "Angebotspreis", "fr": "Prix de l’offre"}
TENDER_YAML = {
    "reference": "RB-2027-MAG-09", "titles": TITLES, "language": "de", "languages": ["de", "fr"],
    "authority": {"name": "Stadtwerke Eupen", "country": "BE"},
    "submission_deadline": DEADLINE.isoformat(), "opening_time": (DEADLINE + timedelta(hours=1)).isoformat(),
    "bill_of_materials": {"Nd": 0.8, "Dy": 0.2},
    "criteria": [
        {"code": "PRICE", "names": PRICE, "type": "price", "weight": 60, "rule": {"kind": "price_proportional"},
         "descriptions": {"de": "Gesamtpreis ohne MwSt.", "fr": "Prix total hors TVA."}},
        {"code": "EOL", "name": "Recycling in der EU", "weight": 40,  # no French name: readers of French see this
         "rule": {"kind": "yes_no", "points_yes": 100, "points_no": 0}},
    ],
}


def _store(app) -> int:
    """The German procedure publishing in French too, stored from its tender.yaml; its id."""
    meta, parsed = load_tender_definition(TENDER_YAML)
    with app.app_context():
        authority = Organisation(name="Stadtwerke Eupen", kind=AUTHORITY, country="BE")
        tender = Tender(status=PUBLISHED, published_at=NOW - timedelta(days=20))
        definition.store(tender, meta, parsed, authority)
        db.session.add_all([authority, tender])
        db.session.commit()
        return tender.id


def _reading_in(client, code: str) -> None:
    client.post("/language", data={"language": code, "next": "/dashboard",
                                   "csrf_token": csrf_token(client, "/dashboard")})


def test_each_reader_sees_the_texts_of_their_language_or_the_procedure_languages(app, client, login_as):
    tender_id = _store(app)
    login_as("bidder")
    for reader, title, price, description in (("fr", TITLES["fr"], PRICE["fr"], "Prix total hors TVA."),
                                              ("de", TITLES["de"], PRICE["de"], "Gesamtpreis ohne MwSt."),
                                              ("en", TITLES["de"], PRICE["de"], "Gesamtpreis ohne MwSt.")):
        _reading_in(client, reader)
        index = page_text(client.get("/portal/").get_data(as_text=True))
        page = page_text(client.get(f"/portal/tenders/{tender_id}").get_data(as_text=True))
        assert title in index and title in page, reader
        assert price in page and description in page and "Recycling in der EU" in page, reader
        others = [text for text in (*TITLES.values(), *PRICE.values()) if text not in (title, price)]
        assert not any(text in index + page for text in others), reader


def test_the_officers_pages_show_the_texts_of_the_officers_language(app, client, make_user):
    tender_id = _store(app)
    with app.app_context():
        authority_id = db.session.get(Tender, tender_id).authority_id
    login(client, make_user("officer", organisation_id=authority_id))
    _reading_in(client, "fr")
    for path in ("/dashboard", "/tenders/", f"/tenders/{tender_id}"):
        text = page_text(client.get(path).get_data(as_text=True))
        assert TITLES["fr"] in text and TITLES["de"] not in text, path
    shown = page_text(client.get(f"/tenders/{tender_id}").get_data(as_text=True))
    assert PRICE["fr"] in shown and PRICE["de"] not in shown


def test_the_export_writes_the_texts_back_and_reads_back_the_same_tender(app):
    tender_id = _store(app)
    with app.app_context():
        written = yaml.safe_load(yaml_text(definition.tender_yaml_of(db.session.get(Tender, tender_id))))
    assert written["titles"] == TITLES and written["title"] == TITLES["de"] and written["languages"] == ["de", "fr"]
    assert written["criteria"][0]["names"] == PRICE and "names" not in written["criteria"][1]
    assert load_tender_definition(written) == load_tender_definition(TENDER_YAML)


def test_the_details_form_asks_for_the_procedure_languages_title_then_offers_the_others(app, client, login_as):
    login_as("officer")
    refused = post(client, "/tenders/new", {**DETAILS, "title": "", "language": "de", "further_languages": "fr"})
    html = refused.get_data(as_text=True)
    assert refused.status_code == 200
    assert re.search(r'<div class="field has-error">\s*<label for="title">', html)  # placed at the title
    tender_id = create_draft(client, language="de", further_languages="fr", title=TITLES["de"])
    details = client.get(f"/tenders/{tender_id}/details").get_data(as_text=True)
    assert details.index('name="title"') < details.index('name="title_fr"') and 'name="title_en"' not in details
    assert "Title (French)" in details
    version = stored(app, tender_id).version
    saved = post(client, f"/tenders/{tender_id}/details", {**DETAILS, "language": "de", "further_languages": "fr",
                                                           "title": TITLES["de"], "title_fr": TITLES["fr"],
                                                           "version": version})
    assert saved.status_code == 302, saved.get_data(as_text=True)
    tender = stored(app, tender_id)
    assert tender.title == TITLES["de"] and tender.titles == TITLES and tender.languages == ["de", "fr"]


def test_the_criterion_editor_offers_a_name_per_published_language(app, client, login_as):
    login_as("officer")
    tender_id = create_draft(client, language="fr", further_languages="de", title=TITLES["fr"])
    form = client.get(f"/tenders/{tender_id}/criteria/new").get_data(as_text=True)
    assert form.index('name="name"') < form.index('name="name_de"') and 'name="description_de"' in form
    price = {**CRITERION_FORM, "code": "PRICE", "eforms_type": "price", "size": "100",
             "rule_kind": "price_proportional", "name_de": PRICE["de"]}
    refused = post(client, f"/tenders/{tender_id}/criteria/new", {**price, "name": ""})
    assert refused.status_code == 200
    assert re.search(r'<div class="field has-error">\s*<label for="name">', refused.get_data(as_text=True))
    saved = post(client, f"/tenders/{tender_id}/criteria/new", {**price, "name": PRICE["fr"]})
    assert saved.status_code == 302, saved.get_data(as_text=True)
    with app.app_context():
        row = db.session.scalar(db.select(Criterion).where(Criterion.tender_id == tender_id))
        assert row.name == PRICE["fr"] and row.names == {"fr": PRICE["fr"], "de": PRICE["de"]}
        assert row.descriptions is None
    _reading_in(client, "de")  # the set-up tree in the officer's language, the tender publishing in it
    tree = page_text(client.get(f"/tenders/{tender_id}/criteria").get_data(as_text=True))
    assert PRICE["de"] in tree and PRICE["fr"] not in tree


def test_the_command_line_imports_and_exports_the_texts(app, runner, tmp_path):
    source, target = tmp_path / "source", tmp_path / "target"
    source.mkdir()
    (source / "tender.yaml").write_text(yaml_text(TENDER_YAML), "utf-8")
    imported = runner.invoke(args=["tender", "import", str(source)])
    assert imported.exit_code == 0, imported.output
    exported = runner.invoke(args=["tender", "export", TENDER_YAML["reference"], str(target)])
    assert exported.exit_code == 0, exported.output
    written = yaml.safe_load((target / "tender.yaml").read_text("utf-8"))
    assert written["titles"] == TITLES and written["criteria"][0]["names"] == PRICE
    assert load_tender_definition(written) == load_tender_definition(TENDER_YAML)
    bad = dict(TENDER_YAML, titles={"fr": TITLES["fr"]})
    (source / "tender.yaml").write_text(yaml_text(bad), "utf-8")
    refused = runner.invoke(args=["tender", "validate", str(source)])
    assert refused.exit_code != 0
    assert "tender.yaml: titles: give the text in the procedure language (de) too" in refused.output


def test_the_scoring_page_names_the_criteria_in_the_members_language(app, tender_id, committee):
    with app.app_context():  # the BESS sample (English) publishing in French too, its judged criteria named in it
        tender = db.session.get(Tender, tender_id)
        tender.languages = ["en", "fr"]
        judged = [row for row in tender.criteria if row.rule_kind == "judgement"]
        for row in judged:
            row.names = {"en": row.name, "fr": f"Critère {row.code} en français"}
        names = {row.code: row.name for row in judged}
        db.session.commit()
    open_bids(tender_id, committee["chair"], committee["alice"])
    alice = committee["alice"]
    english = page_text(alice.get(f"/tenders/{tender_id}/scoring").get_data(as_text=True))
    _reading_in(alice, "fr")
    french = page_text(alice.get(f"/tenders/{tender_id}/scoring").get_data(as_text=True))
    for code, name in names.items():
        assert name in english and f"Critère {code} en français" not in english
        assert f"Critère {code} en français" in french
