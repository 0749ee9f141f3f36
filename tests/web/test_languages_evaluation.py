"""The evaluation's bid page, scoring and decisions in German: every label, hint, flash and refusal of the pages."""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import select

from app.extensions import db
from app.models import Answer, Bid, Criterion, Tender
from tests.web.conftest import csrf_token
from tests.web.page_words import GERMAN_BROWSER, english_in, page_text

# English words the evaluation's German pages must not show once what the authority and bidders wrote is taken out.
EVALUATION_WORDS = ["Bid of", "Received", "Price", "Controlling entity", "original workbook", "audit log", "Declared",
                    "Material", "Stage", "Country", "Share", "Recycled", "Supplier", "Evidence", "Answers and points",
                    "Criterion", "Answer", "Self-assessed", "Committee", "Maximum", "judged", "Scoring", "done",
                    "consensus", "Score each", "Evaluator", "Points", "Justification", "Spread", "Save", "scale",
                    "Your points", "Decisions", "Missing answers", "Blank", "Clarification", "How to resolve", "Reason",
                    "Resolve", "Resolutions recorded", "No bid", "Abnormally low", "Decision", "Exclude", "excluded",
                    "Withdraw", "Record decision", "minimum", "request", "bidder", "the"]
SCALDIS = "scaldis-energy-storage"


def _own(app, tender_id: int) -> tuple[str, ...]:
    """What the authority and the bidders wrote (names, criteria, scale descriptors, supply lines)."""
    with app.app_context():
        tender = db.session.get(Tender, tender_id)
        texts = [tender.title, tender.reference, tender.authority.name]
        for criterion in db.session.scalars(select(Criterion).where(Criterion.tender_id == tender_id)):
            texts += [criterion.code, criterion.name, *(criterion.rule_params.get("descriptors") or [])]
        for bid in db.session.scalars(select(Bid).where(Bid.tender_id == tender_id)):
            texts += [bid.label, bid.organisation.name, bid.controlling_entity or ""]
            texts += [text for line in bid.supply_lines for text in (line.supplier, line.evidence)]
    return tuple(text for text in texts if text)


def _left(client, path: str, own: tuple[str, ...]) -> tuple[str, list[str]]:
    text = page_text(client.get(path, headers=GERMAN_BROWSER).get_data(as_text=True))
    return text, english_in(text, EVALUATION_WORDS, own)


def test_the_bid_page_is_german_for_a_german_browser(app, tender_id, opened):
    with app.app_context():
        bid_id = db.session.scalar(select(Bid.id).where(Bid.tender_id == tender_id, Bid.label == SCALDIS))
    text, left = _left(opened["alice"], f"/tenders/{tender_id}/bids/{bid_id}", _own(app, tender_id))
    assert "Erklärte Lieferkette" in text and "Original-Arbeitsmappe herunterladen (Excel)" in text
    assert left == [], (left, text)


def test_the_scoring_page_and_its_refusal_are_german(app, tender_id, opened):
    own = _own(app, tender_id)
    text, left = _left(opened["alice"], f"/tenders/{tender_id}/scoring", own)
    assert "Wertung der Beurteilungskriterien" in text and "Ihre Punkte (0 bis" in text and left == [], (left, text)
    with app.app_context():
        bid_id = db.session.scalar(select(Bid.id).where(Bid.tender_id == tender_id).order_by(Bid.id))
        criterion_id = db.session.scalar(select(Criterion.id).where(Criterion.tender_id == tender_id,
                                                                    Criterion.rule_kind == "judgement"))
    response = opened["alice"].post(f"/tenders/{tender_id}/scoring", headers=GERMAN_BROWSER, data={
        "csrf_token": csrf_token(opened["alice"], f"/tenders/{tender_id}/scoring"), "bid_id": bid_id,
        "criterion_id": criterion_id, "points": 3, "justification": " "})
    assert "eine schriftliche Begründung ist erforderlich" in response.get_data(as_text=True)


def test_the_decisions_page_with_a_missing_answer_is_german(app, tender_id, opened):
    with app.app_context():
        bid_id = db.session.scalar(select(Bid.id).where(Bid.tender_id == tender_id, Bid.label == SCALDIS))
        db.session.execute(sa.delete(Answer).where(Answer.bid_id == bid_id, Answer.criterion_code == "QUAL-RTE"))
        db.session.commit()
    text, left = _left(opened["chair"], f"/tenders/{tender_id}/decisions", _own(app, tender_id))
    assert "Fehlende Antworten" in text and "Mit dem Minimum der Regel werten" in text
    assert "Ersuchen um Erläuterung" in text and left == [], (left, text)
    # the abnormally low price's grounds, which the scoring library writes
    assert "% unter dem Mittelwert der anderen Angebote (Auslöseschwelle 40\u00a0%)" in text


def test_the_sealed_bids_page_says_why_in_german_and_french(app, tender_id, committee):
    """Before the opening a member who asks for the scoring page is told, in their language, when the bids open."""
    path = f"/tenders/{tender_id}/scoring"
    german = page_text(committee["alice"].get(path, headers=GERMAN_BROWSER).get_data(as_text=True))
    french = page_text(committee["alice"].get(path, headers={"Accept-Language": "fr-BE,fr"}).get_data(as_text=True))
    assert "sind versiegelt" in german and "Zur Öffnung" in german and "sealed" not in german, german
    assert "sont scellées" in french and "sealed" not in french, french


def test_a_german_chair_s_refused_resolution_is_flashed_in_german(app, tender_id, opened):
    """The scoring library's problems with a resolution reach the chair in German, each at its field."""
    with app.app_context():
        bid_id = db.session.scalar(select(Bid.id).where(Bid.tender_id == tender_id, Bid.label == SCALDIS))
        db.session.execute(sa.delete(Answer).where(Answer.bid_id == bid_id, Answer.criterion_code == "QUAL-RTE"))
        db.session.commit()
    chair, decisions = opened["chair"], f"/tenders/{tender_id}/decisions"
    response = chair.post(f"{decisions}/resolve", headers=GERMAN_BROWSER, follow_redirects=True, data={
        "csrf_token": csrf_token(chair, decisions), "bid_id": bid_id, "code": "QUAL-RTE", "kind": "clarified",
        "reason": "Der Prüfbericht war Teil des Angebots", "request": "Bitte nennen Sie den Wert.",
        "requested_on": "2027-03-09", "answer": "hoch"})
    text = page_text(response.get_data(as_text=True))
    assert "Antwort des Bieters: Zahl erwartet, erhalten: 'hoch'" in text
    assert "Nachweis: der Nachweis der Antwort des Bieters ist erforderlich" in text
    assert "eine Antwort, die das Angebot ändert, kann nicht erfasst werden (Richtlinie 2014/24/EU Art. 56 Abs. 3)" \
        in text
    assert "changes the bid" not in text and "is required" not in text
