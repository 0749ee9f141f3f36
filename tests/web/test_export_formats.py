"""Excel exports show figures as pages do, through number formats from app/presentation.py, never as long
floats in General format."""
from __future__ import annotations

import io

import openpyxl
import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Bid, Criterion, Tender
from app.presentation import excel_money_format, hhi_text, money_text
from app.records.stored_results import fresh_evaluation
from tests.web.conftest import post_form


def _columns(sheet) -> dict[str, list]:
    """Each header's cells below it."""
    titles = [cell.value for cell in sheet[1]]
    return {title: [row[index] for row in sheet.iter_rows(min_row=2)] for index, title in enumerate(titles)}


def test_presentation_gives_excel_the_decimals_it_gives_text():
    assert excel_money_format("EUR") == '#,##0.00 "EUR"'
    assert money_text(1234.5, "EUR") == "1,234.50 EUR"
    assert hhi_text(3400.4) == "3,400"


def test_matrix_export_formats_points_and_money_with_the_tenders_currency(app, tender_id, opened):
    with app.app_context():
        bid_id = db.session.scalar(select(Bid.id).where(Bid.tender_id == tender_id))
        criterion_id = db.session.scalar(select(Criterion.id).where(Criterion.tender_id == tender_id,
                                                                    Criterion.rule_kind == "judgement"))
    score = {"bid_id": bid_id, "criterion_id": criterion_id, "points": 3, "justification": "meets the plan"}
    post_form(opened["alice"], f"/tenders/{tender_id}/scoring", score)
    post_form(opened["chair"], f"/tenders/{tender_id}/consensus/start")
    post_form(opened["chair"], f"/tenders/{tender_id}/scoring", score)
    book = openpyxl.load_workbook(io.BytesIO(opened["chair"].get(f"/tenders/{tender_id}/export.xlsx").data))
    with app.app_context():
        tender = db.session.get(Tender, tender_id)
        currency = tender.currency
        result = fresh_evaluation(tender).result
        labels = set(db.session.scalars(select(Bid.label).where(Bid.tender_id == tender_id)))
    totals = _columns(book["Totals"])
    assert "Bid" not in totals  # the company name, not the bid's internal label
    assert [cell.value for cell in totals["Bidder"]] == [bid.bidder for bid in result.bids]
    assert [cell.number_format for cell in totals["Price"]] == [f'#,##0.00 "{currency}"'] * len(labels)
    assert [cell.number_format for cell in totals["Total"]] == ["0.00"] * len(labels)
    assert [cell.value for cell in totals["Total"]] == pytest.approx([bid.total for bid in result.bids], abs=1e-9)
    matrix = _columns(book["Matrix"])
    for title in ("Evaluator score", "Consensus", "Points", "Max points", "Weighted points"):
        numbers = [cell for cell in matrix[title] if isinstance(cell.value, float | int)]
        assert numbers and {cell.number_format for cell in numbers} == {"0.00"}, title
