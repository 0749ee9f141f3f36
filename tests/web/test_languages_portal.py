"""The bidder portal in German and French: every page a bidder walks through, its flashes and refusals."""
from __future__ import annotations

from app.clock import clock
from app.extensions import db
from app.models import Tender
from app.portal.assessment import status_words
from app.presentation import formatting_in
from app.records.definition import scoring_tender
from scoring import parse_tender, self_assess
from scoring.criteria import walk
from scoring.resilience import SupplyLine
from tests.scoring.builders import make_bid, tender_dict
from tests.web.conftest import csrf_token
from tests.web.page_words import english_in, page_text
from tests.web.portal_steps import (
    DEADLINE,
    DEFINITION,
    frozen_clock,  # noqa: F401  (autouse fixture: the clock stands at NOW)
    post_upload,
    store_tender,
    workbook_for,
)

# English words a German portal page must not show (what the bidder or the authority wrote is taken out first).
PORTAL_WORDS = ["Tenders", "Submission", "deadline", "Time left", "Receipt", "Withdraw", "workbook", "Upload",
                "Check", "points", "criteria", "Weight", "Share", "submitted", "closes", "days", "hours", "Your",
                "your", "Contracting", "Estimated", "Award", "Criterion", "Cancel", "received", "Version", "bytes",
                "What will happen", "published", "Problem", "Bidder", "world", "no data"]
OWN = (DEFINITION["title"], "NdFeB magnets, 400 units", "Stadtwerke RB-2027-MAG-07", "RB-2027-MAG-07",
       "Acme Magnets GmbH", "bid.xlsx", *(criterion["name"] for criterion in DEFINITION["criteria"]))


def _in_language(client, login_as, code: str) -> None:
    login_as("bidder")
    client.post("/language", data={"language": code, "next": "/dashboard",
                                   "csrf_token": csrf_token(client, "/dashboard")})


def _rules(app, tender_id: int) -> tuple[str, ...]:
    """What the authority wrote in its rules (a judgement scale's descriptors); the rules' own words are German."""
    with app.app_context():
        definition = scoring_tender(db.session.get(Tender, tender_id))
    return tuple(descriptor for _path, node in walk(definition.criteria)
                 for descriptor in getattr(node.rule, "descriptors", ()))


def test_a_german_bidder_finds_submits_and_withdraws_in_german(app, client, login_as):
    tender_id = store_tender(app)
    _in_language(client, login_as, "de")
    own = OWN + _rules(app, tender_id)
    index = page_text(client.get("/portal/").get_data(as_text=True))
    assert "Vergabeverfahren mit laufender Angebotsfrist" in index and "noch 3 Tage 4 Stunden" in index
    assert english_in(index, PORTAL_WORDS, own) == []
    tender = page_text(client.get(f"/portal/tenders/{tender_id}").get_data(as_text=True))
    assert "Zuschlagskriterien (Gewichtung in Prozent)" in tender and "Öffentlicher Auftraggeber" in tender
    assert "40\u00a0% seiner Ebene" in tender and "Frist für den Eingang der Angebote" in tender
    assert "Der niedrigste Preis erhält die volle Punktzahl" in tender  # the scoring library's rule texts
    assert english_in(tender, PORTAL_WORDS, own) == [], tender

    bid_page = post_upload(client, tender_id, workbook_for(app, tender_id)).headers["Location"]
    receipt = page_text(client.get(bid_page).get_data(as_text=True))
    assert "Fassung 1 eingegangen am" in receipt and "eingereicht (die Fassung, die gewertet wird)" in receipt
    assert "Aktenzeichen des Verfahrens" in receipt and "Byte" in receipt
    assert english_in(receipt, PORTAL_WORDS, own) == [], receipt
    withdraw = page_text(client.get(f"{bid_page}/withdraw").get_data(as_text=True))
    assert "Was geschieht" in withdraw and "Abbrechen" in withdraw and "Diese Einreichung zurückziehen" in withdraw
    assert english_in(withdraw, PORTAL_WORDS, own) == [], withdraw


def test_a_german_self_assessment_and_a_refused_upload_speak_german(app, client, login_as):
    tender_id = store_tender(app)
    _in_language(client, login_as, "de")
    assessed = page_text(post_upload(client, tender_id, workbook_for(app, tender_id), "self-assessment")
                         .get_data(as_text=True))
    assert "Punkte je Kriterium" in assessed and "wird vom Bewertungsausschuss bewertet" in assessed
    assert "Ihre Lieferkette im Vergleich zum Weltangebot" in assessed and "Größtes Drittland" in assessed
    # the scoring library's hints, rule texts and legal lines, the materials' and countries' names
    assert "Raffination von Dy: 80\u00a0% aus einem einzigen Drittland; 50\u00a0% oder weniger brächte 15 " \
           "Punkte mehr" in assessed
    assert "die Antwort Ja brächte 20 Punkte mehr" in assessed and "Neodym, Gewinnung" in assessed
    assert "Neodym / Gewinnung: China (CN) liefert 70\u00a0%, über der Schwelle 65\u00a0% (CRMA-Richtwert" in assessed
    assert english_in(assessed, ["supplies", "would give", "gets", "Neodymium", "extraction", "refining"], OWN) == []
    refused = page_text(post_upload(client, tender_id, b"%PDF-1.7", "bids", name="bid.pdf").get_data(as_text=True))
    assert "nur Excel-Arbeitsmappen (.xlsx) werden angenommen" in refused, refused
    clock.freeze(DEADLINE)
    back = post_upload(client, tender_id, workbook_for(app, tender_id)).headers["Location"]
    late = page_text(client.get(back).get_data(as_text=True))
    assert "Angebotsfrist des Vergabeverfahrens RB-2027-MAG-07 ist am" in late, late


def test_a_french_bidder_downloads_a_french_receipt(app, client, login_as):
    tender_id = store_tender(app)
    _in_language(client, login_as, "fr")
    bid_page = post_upload(client, tender_id, workbook_for(app, tender_id)).headers["Location"]
    text = client.get(f"{bid_page}/receipt.txt").get_data(as_text=True)
    assert "Pouvoir adjudicateur:" in text and "Soumissionnaire:" in text and "accusé de réception" in text
    assert "déposée (la version qui sera évaluée)" in text and "octets" in text


def test_an_incomplete_declaration_s_hint_is_in_the_bidder_s_language():
    """The self-assessment names the undeclared material and what to do, in the reader's language, capitalised."""
    data = tender_dict()
    data["criteria"][1]["children"][0].update(
        name="Refining concentration", source={"metric": "hhi", "stage": "processing"},
        rule={"kind": "linear", "better": "lower", "anchors": [[2500, 100], [10000, 20]]})
    supply = [SupplyLine(material, "processing", "EE", 100) for material in ("Nd", "Pr", "Dy")]
    bid = make_bid("a", supply=supply, answers={"RES-EOL": True, "RES-RCY": 10})
    assessed = next(c for c in self_assess(parse_tender(data), bid).criteria if c.code == "RES-DY-REF")
    english = status_words(assessed)
    assert english.startswith("Incomplete: ") and "Declare every material" in english
    with formatting_in("de"):
        german = status_words(assessed)
    assert german.startswith("Unvollständig: ") and "Terbium" in german and "Geben Sie jeden Rohstoff" in german
    assert "Declare" not in german and "processing" not in german
