"""The officer's tender set-up in German and French: every set-up page, its flashes, labels and refusals."""
from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

import yaml

from app.clock import clock
from app.extensions import db
from app.models import Tender
from app.records.definition import scoring_tender
from app.tenders.outline import Outline
from app.tenders.rule_examples import price_examples
from scoring.reference import reference
from tests.web.conftest import csrf_token
from tests.web.page_words import english_in, page_text
from tests.web.setup_steps import (
    DEADLINE_UTC,
    DETAILS,
    PRICE,
    QUALITY,
    RECYCLING,
    REFINING,
    build_valid_tree,
    create_draft,
    post,
    publish,
    stored,
)

# English words a German set-up page must not show (what the officer wrote is taken out first).
SETUP_WORDS = ["Overview", "Details", "Criteria", "Bill of materials", "Award rules", "Submission deadline", "Opening",
               "Estimated value", "Procedure language", "Bids received", "Publish", "Save", "Weight", "Share", "points",
               "Type", "Unit", "Change", "Edit", "Remove", "Add", "Reference", "Title", "Subject", "Currency",
               "Time zone", "Threshold", "Rule", "Example", "lower", "higher", "Tie-break", "Eligibility", "percent",
               "Corrigendum", "deadline", "draft", "Draft", "problem", "Material", "kg per unit", "Measured", "group",
               "criteria", "Criterion", "What", "the", "Back", "Delete", "Keep", "Reason", "Issue"]
OWN = tuple(value for value in DETAILS.values()) + tuple(
    fields["name"] for fields in (PRICE, QUALITY, RECYCLING, REFINING)) + ("Neodymium", "Europe/Brussels") + tuple(
    material.name for material in reference.materials().values())  # material names, in English for now


def _in_german(client, login_as) -> None:
    login_as("officer")
    client.post("/language", data={"language": "de", "next": "/dashboard",
                                   "csrf_token": csrf_token(client, "/dashboard")})


def _scoring_words(app, tender_id: int) -> tuple[str, ...]:
    """The rules' and measurements' own words, written by the scoring library in English for now (issue 17)."""
    with app.app_context():
        outline = Outline(db.session.get(Tender, tender_id))
        scoring_tender(db.session.get(Tender, tender_id))
        words = [text for node in outline.nodes if node.rule for text in (node.rule.describe(), node.rule.formula())]
        words += [text for example in price_examples({}) for text in (example.rule.describe(), example.rule.formula())]
    return tuple(words)


def _left(client, path: str, own: tuple[str, ...]) -> tuple[str, list[str]]:
    text = page_text(client.get(path).get_data(as_text=True))
    return text, english_in(text, SETUP_WORDS, own)


def test_a_german_officer_sets_up_a_tender_in_german(app, client, login_as):
    _in_german(client, login_as)
    response = post(client, "/tenders/new", DETAILS)
    tender_id = int(response.headers["Location"].split("/")[2])
    assert "Entwurf RB-TEST-01 angelegt." in client.get(response.headers["Location"]).get_data(as_text=True)
    build_valid_tree(app, client, tender_id)
    own = OWN + _scoring_words(app, tender_id)
    overview, left = _left(client, f"/tenders/{tender_id}", own)
    assert "Zuschlagskriterien (Gewichtung in Prozent)" in overview
    assert "Gemessen: Anteil des größten Drittlands bei Raffination, Nd." in overview and left == [], left
    # how the criterion reads the bill of materials, which the scoring library writes
    assert "Ist ein Rohstoff für diese Phase nicht angegeben, erhält dieses Kriterium sein Minimum." in overview
    assert "left undeclared" not in overview
    details = client.get(f"/tenders/{tender_id}/details").get_data(as_text=True)
    assert "USD · US-Dollar" in details and "CHF · Schweizer Franken" in details  # CLDR's German currency names
    assert '<option selected value="Europe/Brussels">Belgien · Brüssel</option>' in details  # and zone names
    assert '<option value="Europe/Vienna">Österreich · Wien</option>' in details and ">Europe/" not in details
    for page in ("details", "criteria", "criteria/new", "materials", "rules", "publish"):
        text, left = _left(client, f"/tenders/{tender_id}/{page}", own)
        assert left == [], (page, left, text)
    delete, left = _left(client, f"/tenders/{tender_id}/delete", own)
    assert "Entwurf RB-TEST-01 löschen" in delete and left == [], left


def test_a_german_officer_is_told_in_german_why_a_short_time_limit_cannot_be_published(app, client, login_as):
    clock.freeze(DEADLINE_UTC - timedelta(days=20))  # published now, bidders would get 20 days
    _in_german(client, login_as)
    tender_id = create_draft(client)
    build_valid_tree(app, client, tender_id)
    refused = page_text(publish(client, tender_id).get_data(as_text=True))
    assert "der Schlusstermin lässt 20 Tage, weniger als die 30 Tage nach Richtlinie 2014/24/EU Art. 27 Abs. 1 und 4" \
        in refused
    assert "Directive" not in refused  # the page's grounds and warning cite the Directive in German too
    assert ": wählen Sie den Grund für eine kürzere Frist" in refused and "choose the ground" not in refused
    no_reason = page_text(publish(client, tender_id, ground="urgency").get_data(as_text=True))
    assert "begründen Sie, warum dieser Grund vorliegt" in no_reason and "say why" not in no_reason
    assert stored(app, tender_id).status == "draft"


def test_german_set_up_refusals_name_the_field_in_german(app, client, login_as):
    _in_german(client, login_as)
    tender_id = create_draft(client)
    response = post(client, f"/tenders/{tender_id}/criteria/new", {
        "parent": "", "code": "1 bad", "name": "", "eforms_type": "quality", "rule_kind": "linear",
        "better": "lower", "anchors-0-value": "50", "anchors-0-points": "100"})
    text = page_text(response.get_data(as_text=True))
    assert "bis zu 40 Buchstaben, Ziffern und _ . -" in text
    assert "Bitte korrigieren Sie die unten markierten Felder." in text
    assert "Bezeichnung: Dieses Feld wird benötigt." in text  # WTForms' own German


def _refused_yaml(client, text: str) -> str:
    """The text of the import page refusing an uploaded tender.yaml."""
    response = post(client, "/tenders/import", {"file": (io.BytesIO(text.encode("utf-8")), "tender.yaml")},
                    content_type="multipart/form-data")
    assert response.status_code == 422
    return page_text(response.get_data(as_text=True))


def test_a_german_officer_reads_the_problems_of_a_broken_tender_yaml_in_german_at_their_place(app, client, login_as):
    """The schema's, the YAML reader's, the criteria tree's and the rule parameters' problems, each still naming
    its place (field path or line) as the file writes it."""
    _in_german(client, login_as)
    text = (Path(__file__).parents[2] / "sample_tenders" / "ndfeb-magnets" / "tender.yaml").read_text("utf-8")
    sample = yaml.safe_load(text)
    sample["criteria"][1]["children"][0]["weight"] = 15  # the resilience group now sums to 90
    sample["criteria"][0]["rule"]["a"] = 5
    sample["criteria"][1]["children"][0]["rule"]["anchors"][0][1] = 150
    sample["time_zone"] = "Mars/Olympus"
    broken = _refused_yaml(client, yaml.safe_dump(sample))
    assert "tender.yaml: time_zone: Unbekannte Zeitzone 'Mars/Olympus'; verwenden Sie einen IANA-Namen wie " \
           "Europe/Brussels." in broken
    assert "tender.yaml: criteria[0].rule.a: Einer der Werte 1.5, 2, 3 erwartet, erhalten: 5.0." in broken
    assert "tender.yaml: criteria[1].children[0].rule.anchors[0][1]: 150 liegt außerhalb des zulässigen Bereichs " \
           "(0 bis 100)" in broken
    assert "tender.yaml: Supply-chain resilience: Die Gewichtungen ergeben zusammen 90, erwartet werden 100." in broken
    schema = _refused_yaml(client, yaml.safe_dump({**sample, "colour": "blue"}))
    assert "tender.yaml: (top level): Weitere Felder sind nicht zulässig ('colour' war nicht erwartet)" in schema
    weight = "    weight: 35\n"  # the price criterion's, the first of two
    line = text[:text.index(weight)].count("\n") + 2
    twice = _refused_yaml(client, text.replace(weight, f"{weight}    weight: 10\n", 1))
    assert f"tender.yaml: Weight ist in derselben Zuordnung zweimal angegeben (Zeile {line})" in twice
