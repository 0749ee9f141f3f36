"""The officer's Excel score matrix in the reader's interface language: downloaded from a German page, its sheets,
headers, statuses, yes/no and notes are German; figures stay typed numbers and texts stay neutralised."""
from __future__ import annotations

import io

import openpyxl
import sqlalchemy as sa
from sqlalchemy import select

from app.extensions import db
from app.models import Answer, Bid, Criterion
from tests.web.conftest import post_form
from tests.web.page_words import GERMAN_BROWSER, english_in

# English words a German chair's workbook must not hold once what the authority and bidders wrote is taken out.
EXPORT_WORDS = ["Totals", "Rank", "Bidder", "Price", "Total", "Eligible", "Reasons", "Criterion", "name", "Raw value",
                "Note", "Evaluator", "justification", "Consensus", "Points", "Max points",
                "Weighted", "yes", "no", "true", "false", "scored", "missing", "resolved", "incomplete", "points",
                "score", "committee", "yet", "answer", "needs", "resolution", "median", "evaluators", "the", "of"]
SCALDIS = "scaldis-energy-storage"


def _own_texts(app, tender_id: int) -> tuple[str, ...]:
    """Criterion codes and names, bidders' names and the option keys the authority wrote (ProZorro features)."""
    with app.app_context():
        criteria = db.session.scalars(select(Criterion).where(Criterion.tender_id == tender_id)).all()
        texts = [text for c in criteria for text in (c.code, c.name, *(c.rule_params.get("options") or {}))]
        texts += [bid.organisation.name for bid in db.session.scalars(select(Bid).where(Bid.tender_id == tender_id))]
    return tuple(texts)


def test_a_german_chair_downloads_a_german_matrix_with_typed_figures(app, tender_id, opened):
    with app.app_context():
        bid_id = db.session.scalar(select(Bid.id).where(Bid.tender_id == tender_id, Bid.label == SCALDIS))
        db.session.execute(sa.delete(Answer).where(Answer.bid_id == bid_id, Answer.criterion_code == "QUAL-RTE"))
        db.session.commit()
        judged = db.session.scalar(select(Criterion.id).where(Criterion.tender_id == tender_id,
                                                              Criterion.rule_kind == "judgement"))
    post_form(opened["alice"], f"/tenders/{tender_id}/scoring", {
        "bid_id": bid_id, "criterion_id": judged, "points": 3, "justification": "=SUMME(A1) gut begründet"})
    data = opened["chair"].get(f"/tenders/{tender_id}/export.xlsx", headers=GERMAN_BROWSER).data
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Gesamtpunkte", "Matrix"]
    totals, matrix = ([row for row in sheet.iter_rows(values_only=True)] for sheet in book.worksheets)
    assert totals[0] == ("Rang", "Bieter", "Preis", "Summe", "Zulässig", "Gründe")
    assert {row[4] for row in totals[1:]} == {"ja"} and all(isinstance(row[2], int | float) for row in totals[1:])
    assert matrix[0][:6] == ("Bieter", "Kriterium", "Bezeichnung des Kriteriums", "Angegebener Wert", "Status",
                             "Hinweis")
    rte = next(row for row in matrix if row[1] == "QUAL-RTE" and row[0].startswith("Scaldis"))
    assert rte[3] is None and rte[4] == "fehlt"
    assert rte[5] == "keine Antwort: erfordert eine Entscheidung der Vergabestelle"
    assert {row[3] for row in matrix if row[1] == "RES-EOL"} == {"ja"}  # a yes/no answer in words
    scored = next(row for row in matrix[1:] if row[6] is not None)
    assert scored[7] == 3 and scored[8] == "'=SUMME(A1) gut begründet"  # a number, and text that never runs
    words = " ".join(str(cell) for rows in (totals, matrix) for row in rows for cell in row
                     if isinstance(cell, str))
    assert english_in(words, EXPORT_WORDS, _own_texts(app, tender_id)) == [], words
