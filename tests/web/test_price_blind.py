"""Two envelopes: until the evaluation is finalised, a technical member receives no price by any route.

No price, no price points and no total that includes them, on any page, export, report or log
(Directive 2014/24/EU Annex IV (d): at each stage only authorised persons access all or part of the
data). Every GET route of the app is requested as a technical member of the BESS sample (a
two-envelope tender) after the opening, with the judgement scores settled by consensus but the
evaluation not finalised; documents that render in the background are waited for and read.
"""
from __future__ import annotations

import io
import logging
import re

import openpyxl
import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Bid, Criterion, Tender
from app.records.stored_results import fresh_evaluation
from tests.web.conftest import post_form
from tests.web.document_steps import store_document
from tests.web.report_helpers import pdf_text, wait_until_rendered
from tests.web.routes import get_routes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def evaluated(app, tender_id, technical):
    """The committee plus `tech`, a technical member; bids opened, every judgement settled, not finalised."""
    committee = technical
    post_form(committee["chair"], f"/tenders/{tender_id}/consensus/start")
    with app.app_context():
        bids = db.session.scalars(select(Bid.id).where(Bid.tender_id == tender_id)).all()
        judged = db.session.scalars(select(Criterion.id).where(Criterion.tender_id == tender_id,
                                                               Criterion.rule_kind == "judgement")).all()
    for bid in bids:
        for criterion in judged:
            post_form(committee["chair"], f"/tenders/{tender_id}/scoring",
                      {"bid_id": bid, "criterion_id": criterion, "points": 3, "justification": "agreed in meeting"})
    return technical


@pytest.fixture
def price_figures(app, tender_id, evaluated) -> list[str]:
    """Every bid's price in the ways a page, PDF or workbook may write it, and every total and price point
    that depends on a price (a total equal to a bid's technical subtotal is no price figure)."""
    with app.app_context():
        tender = db.session.get(Tender, tender_id)
        result = fresh_evaluation(tender).result
        price_codes = {c.code for c in tender.criteria if c.eforms_type != "quality"}
    figures = []
    for bid in result.bids:
        price = bid.price
        grouped = f"{price:,.0f}"
        figures += [f"{price:,.2f}", grouped, f"{price:.2f}", str(int(price)), f"{price / 1e6:.1f} million",
                    f"{price / 1e6:.2f} million"]
        figures += [grouped.replace(",", separator) for separator in (" ", "\u00a0", "\u202f", ".")]
        technical = f"{bid.quality_total:.2f}"
        if f"{bid.total:.2f}" != technical:
            figures.append(f"{bid.total:.2f}")
        figures += [f"{cell.weighted:.2f}" for cell in bid.criteria
                    if cell.code in price_codes and cell.weighted is not None and cell.weighted % 1]
    return figures


def _readable(client, url: str, response) -> str:
    """What a person gets from the response: a page's text, a workbook's cells or a PDF's text.

    A document still rendering is waited for and downloaded, as the status page's refresh would.
    """
    body = response.get_data()
    if response.mimetype == XLSX:
        book = openpyxl.load_workbook(io.BytesIO(body))
        return " ".join(str(cell.value) for sheet in book for row in sheet.iter_rows() for cell in row
                        if cell.value is not None)
    if response.mimetype == "application/pdf":
        return pdf_text(body)
    text = body.decode("utf-8", "replace")
    if response.status_code == 200 and "Refresh" in response.headers:
        page = wait_until_rendered(client, url)
        download = re.search(r'id="download"[^>]*href="([^"]+)"|href="([^"]+)"[^>]*id="download"', page)
        link = next(group for group in download.groups() if group)
        return text + _readable(client, link, client.get(link))
    return text


def test_no_route_shows_a_technical_member_a_price(app, tender_id, evaluated, price_figures, caplog):
    caplog.set_level(logging.DEBUG)
    with app.app_context():
        bid_id = db.session.scalar(select(Bid.id).where(Bid.tender_id == tender_id))
    tech = evaluated["tech"]
    breakdown = store_document(app, bid_id, data=f"%PDF-1.4\n% total {price_figures[0]}\n".encode(),
                               kind="price_breakdown", name="Price breakdown.pdf")  # the financial envelope
    urls = get_routes(app, tender_id, bid_id, breakdown)
    assert len(urls) > 10
    leaks = []
    for url in urls:
        response = tech.get(url)
        assert response.status_code < 500, url
        seen = _readable(tech, url, response)
        leaks += [(url, figure) for figure in price_figures if figure in seen]
    assert leaks == [], sorted({url for url, _ in leaks})
    assert [figure for figure in price_figures if figure in caplog.text] == []


def test_the_technical_member_is_told_why_prices_are_withheld(tender_id, evaluated):
    for path in (f"/tenders/{tender_id}/results", f"/reports/tenders/{tender_id}",
                 f"/reports/tenders/{tender_id}/report.pdf"):
        response = evaluated["tech"].get(path)
        assert response.status_code == 403, path
        assert "two-envelope" in response.get_data(as_text=True), path


def test_pages_offer_the_technical_member_no_price_views(tender_id, evaluated):
    results = f"/tenders/{tender_id}/results"
    for page in (f"/tenders/{tender_id}", f"/tenders/{tender_id}/scoring", f"/tenders/{tender_id}/committee"):
        assert results not in evaluated["tech"].get(page).get_data(as_text=True), page
        assert results in evaluated["chair"].get(page).get_data(as_text=True), page
    assert f"/tenders/{tender_id}/export.xlsx" in evaluated["tech"].get(f"/tenders/{tender_id}/scoring").get_data(
        as_text=True)


def test_the_technical_export_holds_the_technical_criteria_and_subtotal_only(app, tender_id, evaluated):
    response = evaluated["tech"].get(f"/tenders/{tender_id}/export.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    with app.app_context():
        tender = db.session.get(Tender, tender_id)
        result = fresh_evaluation(tender).result
        technical = {c.code for c in tender.criteria if c.eforms_type == "quality" and c.rule_kind}
    totals = list(book["Totals"].iter_rows(values_only=True))
    assert totals[0] == ("Bidder", "Technical points")
    assert [row[0] for row in totals[1:]] == sorted(bid.bidder for bid in result.bids)  # no ranking order
    subtotals = {bid.bidder: bid.quality_total for bid in result.bids}
    assert {row[0]: row[1] for row in totals[1:]} == pytest.approx(subtotals)
    matrix = list(book["Matrix"].iter_rows(values_only=True))
    assert {row[1] for row in matrix[1:]} == technical


def test_the_chair_sees_the_same_figures(app, tender_id, evaluated, price_figures):
    """Control: the figures are real, so the test above could fail."""
    chair = evaluated["chair"]
    results = chair.get(f"/tenders/{tender_id}/results")
    exported = chair.get(f"/tenders/{tender_id}/export.xlsx")
    status = f"/reports/tenders/{tender_id}"
    report = _readable(chair, status, chair.get(status))
    for seen in (results.get_data(as_text=True), _readable(chair, "", exported), report):
        assert [figure for figure in price_figures if figure in seen]
    with app.app_context():
        prices = [f"{bid.price:,.2f}" for bid in fresh_evaluation(db.session.get(Tender, tender_id)).result.bids]
    assert all(price in report for price in prices)


def test_the_technical_member_sees_prices_once_the_evaluation_is_finalised(app, tender_id, evaluated):
    chair = evaluated["chair"]
    with app.app_context():
        flagged = db.session.scalar(select(Bid).where(Bid.tender_id == tender_id,
                                                      Bid.label == "voltaris-energy-storage"))
        price = f"{flagged.price:,.2f}"
    post_form(chair, f"/tenders/{tender_id}/decisions/abnormal",
              {"bid_id": flagged.id, "decision": "rejected", "reason": "No credible explanation of the price"})
    assert "Evaluation finalised" in post_form(chair, f"/tenders/{tender_id}/finalise").get_data(as_text=True)
    results = evaluated["tech"].get(f"/tenders/{tender_id}/results")
    assert results.status_code == 200 and price in results.get_data(as_text=True)
