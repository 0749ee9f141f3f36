"""A lot's title in each language a tender publishes in: pages show the reader's language's title when the tender
publishes in it, else the procedure language's; tender.yaml round-trips the titles; documents keep the procedure
language's (the plain column)."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
import yaml

from app.extensions import db
from app.models import Organisation, Tender, TenderLot
from app.models.organisation import AUTHORITY
from app.models.tender import PUBLISHED
from app.records import definition
from app.records.exporting import yaml_text
from scoring.problems import InvalidInput
from tender_files.folder import load_tender_definition
from tests.web.conftest import csrf_token, login
from tests.web.page_words import page_text

DEADLINE = datetime(2031, 3, 1, 11, 0, tzinfo=timezone.utc)
MAGNETS = {"de": "Dauermagnete für Fahrmotoren", "fr": "Aimants permanents pour moteurs de traction"}
SPARES = "Ersatzmagnete"  # no French title: French readers see the procedure language's
TENDER_YAML = {
    "reference": "RB-2031-LOTS-DE", "title": "Magnete in Losen", "language": "de", "languages": ["de", "fr"],
    "authority": {"name": "Stadtwerke Eupen", "country": "BE"},
    "submission_deadline": DEADLINE.isoformat(), "opening_time": (DEADLINE + timedelta(hours=1)).isoformat(),
    "bill_of_materials": {"Nd": 1.0},
    "criteria": [{"code": "PRICE", "name": "Angebotspreis", "type": "price", "weight": 100,
                  "rule": {"kind": "price_proportional"}}],
    "lots": [{"number": 1, "title": MAGNETS["de"], "titles": {"fr": MAGNETS["fr"]}},
             {"number": 2, "title": SPARES}],
    "lot_rules": {"max_lots_awarded_per_tenderer": 1},
}


def _store(app) -> int:
    meta, parsed = load_tender_definition(TENDER_YAML)
    with app.app_context():
        authority = Organisation(name="Stadtwerke Eupen", kind=AUTHORITY, country="BE")
        tender = Tender(status=PUBLISHED, published_at=DEADLINE - timedelta(days=30))
        definition.store(tender, meta, parsed, authority)
        db.session.add_all([authority, tender])
        db.session.commit()
        return tender.id


def test_the_tender_page_lists_each_lot_in_the_reader_s_language(app, client, make_user):
    tender_id = _store(app)
    with app.app_context():
        authority_id = db.session.get(Tender, tender_id).authority_id
        lot = db.session.scalar(db.select(TenderLot).where(TenderLot.number == 1))
        assert lot.title == MAGNETS["de"] and lot.titles == MAGNETS  # the plain column: the procedure language's
    login(client, make_user("officer", organisation_id=authority_id))
    for reader, title in (("fr", MAGNETS["fr"]), ("de", MAGNETS["de"]), ("en", MAGNETS["de"])):
        client.post("/language", data={"language": reader, "next": "/dashboard",
                                       "csrf_token": csrf_token(client, "/dashboard")})
        page = page_text(client.get(f"/tenders/{tender_id}").get_data(as_text=True))
        other = next(text for code, text in MAGNETS.items() if text != title)
        assert title in page and other not in page and SPARES in page, reader


def test_the_export_writes_the_lot_titles_back_and_reads_back_the_same_tender(app):
    tender_id = _store(app)
    with app.app_context():
        written = yaml.safe_load(yaml_text(definition.tender_yaml_of(db.session.get(Tender, tender_id))))
    assert written["lots"][0]["titles"] == MAGNETS and "titles" not in written["lots"][1]
    assert load_tender_definition(written) == load_tender_definition(TENDER_YAML)


def test_a_lot_title_in_a_language_the_tender_does_not_publish_is_refused():
    lots = [{"number": 1, "title": "Magnete", "titles": {"en": "Magnets"}}, {"number": 2, "title": SPARES}]
    with pytest.raises(InvalidInput) as refused:
        load_tender_definition({**TENDER_YAML, "lots": lots})
    assert [str(problem) for problem in refused.value.problems] == [
        "tender.yaml: lots[0].titles.en: the tender does not publish in en; it publishes in de, fr (add it to "
        "languages)"]
