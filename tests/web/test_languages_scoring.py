"""The scoring library's texts in the reader's language: rule descriptions and sensitivity sentences on German pages,
while the stored result and the embedded evaluation stay the same English JSON in every language (issue 17)."""
from __future__ import annotations

import json
import re
from dataclasses import replace

import pytest
from markupsafe import escape
from sqlalchemy import select

from app.auth.access import public
from app.extensions import db
from app.models import Bid, Criterion, Organisation, Tender
from app.presentation import (
    country_text,
    formatting_in,
    material_text,
    message_text,
    placed_text,
    problem_text,
)
from app.records.definition import scoring_tender
from app.records.stored_results import evaluation_of
from app.scoring_words import readable_result, readable_sensitivity
from scoring import evaluate
from scoring.lots import CombinedBid, LotBid, LotRanking, LotRules, award_input_problems, lot_place
from scoring.messages import Message
from scoring.plausibility import plausibility_flags
from scoring.problems import InvalidInput, Problem
from scoring.resilience.model import SupplyLine
from scoring.resilience.validation import validate_declaration
from scoring.result import EvaluationResult
from scoring.rules.numeric import Band, BandsRule
from scoring.sensitivity import SensitivityReport
from tests.scoring.builders import make_bid, make_tender
from tests.web.conftest import login
from tests.web.lot_committee import LAHNTAL, NORDIC, import_lots, signed_in
from tests.web.lot_tender import CHAIR
from tests.web.page_words import GERMAN_BROWSER, english_in, page_text


def test_a_german_tender_page_describes_each_rule_in_german(app, tender_id, make_user):
    with app.app_context():
        authority_id = db.session.get(Tender, tender_id).authority_id
    client = app.test_client()
    login(client, make_user("officer", organisation_id=authority_id))
    german = client.get(f"/tenders/{tender_id}", headers=GERMAN_BROWSER).get_data(as_text=True)
    # the BESS sample's threshold rule {threshold: 50, better: lower} and linear rule [[0, 0], [10, 100]]
    assert "50 oder weniger erhält die volle Punktzahl; jeder andere Wert erhält keine Punkte." in german
    assert "Höher ist besser: 10 oder mehr erhält die volle Punktzahl und 0 oder weniger erhält keine Punkte" in german
    assert "gets full points" not in german and "Bewertet vom Bewertungsausschuss auf einer Skala von 0 bis" in german
    # how the measured criteria read the bill of materials, which the library writes (the BESS sample's cell line)
    assert "Je Rohstoff gemessen, dann der massengewichtete Mittelwert über die Stückliste der Rohstoffe." in german
    assert "mass-weighted mean" not in german and "left undeclared" not in german
    english = client.get(f"/tenders/{tender_id}").get_data(as_text=True)
    assert "50 or less gets full points; any other value gets no points." in english
    assert "Measured per material, then the mass-weighted mean over the bill of materials." in english


def test_a_german_results_page_sums_up_the_sensitivity_in_german(app, tender_id, opened):
    results = f"/tenders/{tender_id}/results"
    german = opened["alice"].get(results, headers=GERMAN_BROWSER).get_data(as_text=True)
    summary = german.split('id="sensitivity-summary">', 1)[1].split("</p>", 1)[0]
    assert summary.startswith("Der Erstplatzierte (") and "zufälligen Gewichtungen" in summary
    assert "The winner" not in summary and "random weightings" not in summary
    english = opened["chair"].get(results).get_data(as_text=True)
    assert 'id="sensitivity-summary">The winner (' in english


def test_a_compared_bid_s_charts_are_in_each_reader_s_language_whoever_saw_them_first(app, tender_id, opened):
    """The charts of a compared bid are kept rendered between requests: an English reader's never reach a German."""
    side_by_side = f"/tenders/{tender_id}/results?bid=scaldis-energy-storage"
    english = page_text(opened["chair"].get(side_by_side).get_data(as_text=True))
    assert "Supply-chain resilience of Scaldis" in english and "world " in english
    assert re.search(r"\bbid \d", english) and not re.search(r"\byou \d", english)  # the committee reads "bid"
    german = page_text(opened["alice"].get(side_by_side, headers=GERMAN_BROWSER).get_data(as_text=True))
    assert "Resilienz der Lieferkette von Scaldis" in german and "Welt " in german and "Angebot " in german
    assert "Supply-chain resilience" not in german and "world " not in german and "you " not in german


def test_the_stored_sensitivity_stays_english_and_reads_the_same_in_every_language(app, tender_id, opened):
    """What is stored (and embedded in the report) is the library's English, whatever language asked for it; the
    sentences rebuilt from it for a reader are the ones the library wrote, word for word in English."""
    results = f"/tenders/{tender_id}/results"
    opened["alice"].get(results, headers=GERMAN_BROWSER)  # the first reader is German: stores the result
    with app.app_context():
        tender = db.session.get(Tender, tender_id)
        evaluation = evaluation_of(tender)
        stored = evaluation.sensitivity.to_dict()
        readable = readable_sensitivity(SensitivityReport.from_dict(json.loads(json.dumps(stored))),
                                        evaluation.result, scoring_tender(tender))
    assert stored["summary"].startswith("The winner (")
    assert readable.summary == stored["summary"] and readable.to_dict() == stored  # the same English, as Messages
    with formatting_in("de"):
        german = message_text(readable.summary)
    with formatting_in("fr"):
        french = message_text(readable.summary)
    assert german.startswith("Der Erstplatzierte (") and french.startswith("L’offre classée première (")
    weights = [message_text(weight.text) for weight in readable.weights]
    assert weights == [weight["text"] for weight in stored["weights"]]  # English outside any forced language


@pytest.mark.parametrize(("code", "texts"), [
    ("en", ["Step bands: less than 2,500 gets full points; from 2,500 to less than 5,000 gets 62.5% of the points; "
            "any other value gets no points.", "Neodymium", "DR Congo", "China"]),
    ("de", ["Stufen: weniger als 2.500 erhält die volle Punktzahl; von 2.500 bis unter 5.000 erhält 62,5\u00a0% der "
            "Punkte; jeder andere Wert erhält keine Punkte.", "Neodym", "Kongo-Kinshasa", "China"]),
    ("fr", ["Paliers : moins de 2\u202f500 obtient la totalité des points ; de 2\u202f500 à moins de 5\u202f000 "
            "obtient 62,5\u00a0% des points ; toute autre valeur obtient zéro point.", "Néodyme", "Congo-Kinshasa",
            "Chine"]),
])
def test_a_rule_a_material_and_a_country_in_each_language(code, texts):
    rule = BandsRule((Band(None, 2500.0, 100.0), Band(2500.0, 5000.0, 62.5)), 0.0)
    with formatting_in(code):
        assert [message_text(rule.describe()), material_text("Nd"), country_text("CD"), country_text("CN")] == texts
        assert str(escape(rule.describe())) == texts[0]  # a template printing the Message writes it the same way
    assert rule.describe() == texts[0] if code == "en" else rule.describe() != texts[0]  # the library's str: English


def test_a_supply_declaration_s_problems_read_in_the_reader_s_language():
    problems = validate_declaration([SupplyLine("Nd", "extraction", "CN", 60.0, place="Supply chain!A14"),
                                     SupplyLine("Nd", "extraction", "China", 150.0, place="Supply chain!A15")],
                                    {"Nd": 1.0})
    english = [problem_text(problem) for problem in problems]
    assert "Supply chain!A15: Share must be a number from 0 to 100, got 150.0." in english
    with formatting_in("de"):
        german = [problem_text(problem) for problem in problems]
    assert "Supply chain!A15: Der Anteil muss eine Zahl von 0 bis 100 sein, erhalten: 150.0." in german
    assert "Supply chain!A15: Land 'China' ist kein Code nach ISO 3166-1 alpha-2 (meinten Sie CN, China?)" in german
    short = validate_declaration([SupplyLine("Nd", "extraction", "CN", 60.0, place="Supply chain!A14")], {"Nd": 1.0})
    with formatting_in("fr"):
        assert [problem_text(problem) for problem in short] == [
            "Neodymium / extraction : Les parts totalisent 60\u00a0%, 100\u00a0% attendus."]


# The scoring library's English that German pages must not show: eligibility reasons, plausibility countries, the
# award across lots and the codes a result stores ("missing", yes/no answers) (issue 17).
SCORING_WORDS = ["missing", "yes", "ineligible", "Ultimate controlling entity", "which this tender excludes", "Russia",
                 "Norway", "ranked", "eligible bids", "wins lot", "per tenderer", "published rule", "points"]


def test_an_ineligible_bid_s_reason_and_a_plausibility_country_are_german(app, tender_id, opened):
    with app.app_context():
        tender = db.session.get(Tender, tender_id)
        tender.eligibility = {"excluded_control_countries": ["RU"]}
        bid = db.session.scalar(select(Bid).where(Bid.tender_id == tender_id, Bid.label == "scaldis-energy-storage"))
        bid.controlling_country, bid_id = "RU", bid.id
        db.session.commit()
        own = (tender.title, tender.reference, *db.session.scalars(select(Organisation.name)),
               *db.session.scalars(select(Criterion.name).where(Criterion.tender_id == tender_id)))
    results = page_text(opened["chair"].get(f"/tenders/{tender_id}/results", headers=GERMAN_BROWSER)
                        .get_data(as_text=True))
    assert "nicht zugelassen: Oberste beherrschende Einheit mit Sitz in Russland (RU), einem Land, das diese " \
           "Ausschreibung ausschließt" in results
    assert english_in(results, SCORING_WORDS, own) == []
    for kept in ("resbid.evaluations", "resbid.results_bodies"):
        app.extensions.pop(kept, None)  # the next request decodes the stored result: its reasons are plain text
    decoded = page_text(opened["chair"].get(f"/tenders/{tender_id}/results", headers=GERMAN_BROWSER)
                        .get_data(as_text=True))
    assert "nicht zugelassen: Oberste beherrschende Einheit mit Sitz in Russland (RU)" in decoded
    bid_page = page_text(opened["chair"].get(f"/tenders/{tender_id}/bids/{bid_id}", headers=GERMAN_BROWSER)
                         .get_data(as_text=True))
    assert "Die oberste beherrschende Einheit hat ihren Sitz in Russland" in bid_page
    assert english_in(bid_page, SCORING_WORDS, own) == []
    english = opened["chair"].get(f"/tenders/{tender_id}/results").get_data(as_text=True)
    assert "Ultimate controlling entity in Russia (RU), which this tender excludes" in english


def test_the_countries_of_a_plausibility_flag_are_in_the_reader_s_language():
    flag = plausibility_flags(make_tender(), [make_bid("A", supply=(SupplyLine("Tb", "processing", "NO", 100),))],
                              documented={})
    with formatting_in("de"):
        german = message_text(flag["A"][0].message)
    assert "in Norwegen;" in german and "Norway" not in german and "China" in german


def test_the_award_across_lots_is_german(app, runner, tmp_path, make_organisation, make_user):
    tender = import_lots(app, runner, tmp_path, make_organisation, make_user)
    page = page_text(signed_in(app, CHAIR).get(f"/tenders/{tender}/award", headers=GERMAN_BROWSER)
                     .get_data(as_text=True))
    assert (f"{LAHNTAL}, an zweiter Stelle der zulässigen Angebote mit 86,3 Punkten, erhält den Zuschlag für Los 1. "
            f"Das besser platzierte Angebot stammt von {NORDIC}") in " ".join(page.split())
    assert "Nach der bekanntgemachten Regel (höchste Gesamtpunktzahl)" in page
    with app.app_context():
        own = tuple(name for name in db.session.scalars(select(Organisation.name)))
    assert english_in(page, SCORING_WORDS, own) == []


def test_a_stored_result_s_reasons_are_rebuilt_in_the_reader_s_language():
    """What the result keeps rebuilds its reasons; the officer's words are read back from the English text; both
    stay the same English, and a reason of an unknown form stays as stored."""
    tender = make_tender()
    bids = [make_bid("A"), make_bid("B", exclusion="late delivery record"), make_bid("C", price=None)]
    stored = EvaluationResult.from_dict(json.loads(json.dumps(evaluate(tender, bids).to_dict())))
    readable = readable_result(stored, tender)
    assert [bid.reasons for bid in readable.bids] == [bid.reasons for bid in stored.bids]
    with formatting_in("de"):
        german = {bid.bid_id: [message_text(reason) for reason in bid.reasons] for bid in readable.bids}
    assert german["B"] == ["Von der Vergabestelle ausgeschlossen: late delivery record"]
    assert german["C"] == ["Ungültiger Preis: fehlt; ein Preis muss eine Zahl von null oder mehr sein"]
    odd = replace(stored, bids=tuple(replace(bid, reasons=("A reason of another version",)) if bid.bid_id == "B"
                                     else bid for bid in stored.bids))
    with formatting_in("de"):
        assert message_text(readable_result(odd, tender).bid("B").reasons[0]) == "A reason of another version"


def test_the_lots_bid_and_ranking_problems_read_in_the_reader_s_language():
    """Places and messages both: "lot 2" is the library's word too."""
    rules = LotRules(max_lots_bid_per_tenderer=1)
    rankings = [LotRanking(1, (LotBid("Nordic", 80.0), LotBid("Kvarnbo", 90.0))),
                LotRanking(2, (LotBid("Nordic", 70.0),))]
    problems = award_input_problems(rules, rankings, [CombinedBid("Nordic", (1, 2), 150.0)])
    english = [placed_text(problem) for problem in problems]
    assert english == ["lot 1: the ranking is not in order of score, best first",
                       "Nordic: bids for 2 lots (lots 1 and 2); the tender allows bids for at most 1 lot per tenderer",
                       "combined offer 1 (Nordic, lots 1 and 2): is not for a combination of lots the tender published"]
    assert english == [str(problem) for problem in problems]  # the library's English, as the CLI prints it
    with formatting_in("de"):
        assert [placed_text(problem) for problem in problems] == [
            "Los 1: die Rangfolge ist nicht nach der Punktzahl geordnet, die beste zuerst",
            "Nordic: bietet für 2 Lose (Lose 1 und 2); das Vergabeverfahren erlaubt Angebote für höchstens 1 Los je "
            "Bieter",
            "kombiniertes Angebot 1 (Nordic, Lose 1 und 2): gilt keiner Kombination von Losen, die das "
            "Vergabeverfahren bekannt gemacht hat"]
    with formatting_in("fr"):
        assert placed_text(problems[0]) == ("lot 1 : le classement n’est pas dans l’ordre des notes, la meilleure en "
                                            "premier")


def test_a_library_s_problems_refused_outside_a_form_are_shown_in_german(app, client):
    """app.errors answers an InvalidInput raised outside any form with a page listing its problems, in the
    reader's language (a view that redirects flashes the same texts)."""
    @public
    def refuse():
        raise InvalidInput([Problem(lot_place(2), Message("appears twice"))])
    app.add_url_rule("/refused-in-a-test", "refused_in_a_test", refuse)
    german = page_text(client.get("/refused-in-a-test", headers=GERMAN_BROWSER).get_data(as_text=True))
    assert "Los 2: kommt zweimal vor" in german and "appears twice" not in german
    assert "lot 2: appears twice" in page_text(client.get("/refused-in-a-test").get_data(as_text=True))


def test_a_stored_minimum_score_reason_reads_in_german_even_when_its_figures_do_not_rebuild():
    tender = make_tender()
    stored = EvaluationResult.from_dict(json.loads(json.dumps(evaluate(tender, [make_bid("A")]).to_dict())))
    gate = "Scored 0% on Supply-chain resilience, below its minimum score of 40%"
    odd = replace(stored, bids=tuple(replace(bid, reasons=(gate,)) for bid in stored.bids))
    with formatting_in("de"):
        german = message_text(readable_result(odd, tender).bid("A").reasons[0])
    assert "Supply-chain resilience" in german and "Scored" not in german and "minimum score" not in german
