"""How a criterion's value was reached (its note: an incomplete declaration, the committee's aggregate, a missing
answer) in the reader's language on the results page, and in the procedure language in the report, though the
stored result keeps the library's English text."""
from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import select

from app.extensions import db
from app.models import Bid, SupplyLine
from app.presentation import formatting_in, message_text
from app.reports.sources import folder_report_context
from app.scoring_words import readable_note, readable_result
from scoring import evaluate, parse_tender
from scoring.bids import Resolution
from scoring.leaf_scoring import ANSWERED, CLARIFIED_NOTE, NO_SCORE
from scoring.messages import Message, Percent
from scoring.resilience.reading import AT_MINIMUM, NOT_DECLARED_MANY, names_message
from scoring.result import EvaluationResult
from tender_files.bids import read_bids
from tender_files.folder import load_folder
from tests.scoring.builders import make_bid, simple_tender_dict
from tests.web.page_words import GERMAN_BROWSER, page_text

SCALDIS = "scaldis-energy-storage"
NDFEB = Path(__file__).parents[2] / "sample_tenders" / "ndfeb-magnets"


def test_a_stored_note_is_read_back_and_written_in_german_and_french():
    """The library's English note, as a stored result keeps it, becomes its message again, nested parts too."""
    extent = Message(NOT_DECLARED_MANY.msgid, materials=names_message(["Cobalt", "Nickel", "Lithium"]),
                     stage="processing", share=Percent(60.5))
    stored = str(Message(AT_MINIMUM.msgid, extent=extent))
    assert stored == ("incomplete: Cobalt, Nickel and Lithium are not declared at the processing stage (60.5% of the "
                      "bill of materials' mass declared): scores the criterion's minimum")
    with formatting_in("de"):
        assert message_text(readable_note(stored)) == (
            "unvollständig: Kobalt, Nickel und Lithium sind auf der Stufe „Raffination“ nicht angegeben "
            "(60,5\u00a0% der Masse der Stückliste angegeben): mit dem Minimum des Kriteriums gewertet")
    clarified = str(Message(CLARIFIED_NOTE.msgid, note=NO_SCORE, clarification=Message(
        ANSWERED.msgid, day="2027-03-09", evidence="Prüfbericht S. 4")))
    with formatting_in("fr"):
        assert message_text(readable_note(clarified)) == (
            "pas encore de note de la commission d’évaluation ; l’offre a été réponse donnée sur demande de précisions "
            "du 2027-03-09 (directive 2014/24/UE, art. 56, par. 3) ; justificatif : Prüfbericht S. 4")
    assert readable_note("an officer's own words") == "an officer's own words"


def test_the_incomplete_hint_of_the_side_by_side_view_is_german(app, tender_id, opened):
    with app.app_context():
        bid_id = db.session.scalar(select(Bid.id).where(Bid.tender_id == tender_id, Bid.label == SCALDIS))
        db.session.execute(sa.delete(SupplyLine).where(SupplyLine.bid_id == bid_id, SupplyLine.material == "Co",
                                                       SupplyLine.stage == "processing"))
        db.session.commit()
    html = opened["chair"].get(f"/tenders/{tender_id}/results?bid={SCALDIS}", headers=GERMAN_BROWSER)
    text = page_text(html.get_data(as_text=True))
    assert "Kobalt ist auf der Stufe „Raffination“ nicht angegeben" in text, text
    assert "mit dem Minimum des Kriteriums gewertet" in text
    assert "not declared" not in text and "criterion's minimum" not in text


def test_the_german_report_gives_the_committee_s_aggregate_in_german():
    folder = load_folder(NDFEB)
    folder = replace(folder, meta=replace(folder.meta, language="de"))
    context = json.loads(json.dumps(folder_report_context(folder, read_bids(folder))))
    notes = {row["note"] for bid in context["bids"] for row in bid["criteria"] if row["note"]}
    assert notes == {"Konsens unter Leitung des Vorsitzes"}
    assert "chair's consensus" in context["evaluation_json"]  # the embedded evaluation keeps the library's English


def test_a_failed_pass_fail_criterion_s_reason_gives_its_note_in_german():
    """A gate left blank and scored at the rule's minimum fails: the reason quotes the note, both read back from
    the stored English result."""
    data = simple_tender_dict()
    data["criteria"].append({"code": "COI", "name": "No conflict of interest", "rule": {"kind": "pass_fail"}})
    tender = parse_tender(data)
    bid = make_bid("A", price=100.0, answers={"EOL": True, "RCY": 20},
                   resolutions={"COI": Resolution("minimum", "keine Erklärung eingereicht")})
    stored = EvaluationResult.from_dict(json.loads(json.dumps(evaluate(tender, [bid]).to_dict())))
    assert stored.bid("A").reasons == ("Failed the pass/fail criterion No conflict of interest (no answer: scored at "
                                       "the rule's minimum: keine Erklärung eingereicht)",)
    with formatting_in("de"):
        reasons = [message_text(reason) for reason in readable_result(stored, tender).bid("A").reasons]
    assert len(reasons) == 1 and "keine Antwort: mit dem Minimum der Regel gewertet: keine Erklärung eingereicht" \
        in reasons[0] and "no answer" not in reasons[0], reasons
