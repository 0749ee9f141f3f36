"""Self-assessment: a workbook shows its points, the rule's words, hints and the world comparison; nothing is stored."""
from __future__ import annotations

import hashlib
import json
import re
from decimal import Decimal
from html import unescape

from app.models import Bid
from tests.web.portal_steps import (
    SUPPLY,
    count,
    events,
    frozen_clock,  # noqa: F401  (autouse fixture: the clock stands at NOW)
    post_upload,
    store_tender,
    workbook_for,
)

ASSESS = "self-assessment"


def test_self_assessment_shows_points_rule_words_and_hints_and_stores_no_bid(app, client, login_as):
    tender_id = store_tender(app)
    login_as("bidder")
    data = workbook_for(app, tender_id)
    response = post_upload(client, tender_id, data, ASSESS)
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    eol = _row(body, "EOL")
    assert "no" in eol and "scored" in eol and "0.00 of 20.00" in eol
    assert "Declaration: yes gets full points; no gets no points." in eol
    refining = _row(body, "DY-REF")
    assert "80" in refining and "10.00 of 25.00" in refining  # 80% from China: 40 of 100 points on the line
    assert "depends on the other bids" in _row(body, "PRICE")
    assert "scored by the evaluation committee" in _row(body, "PLAN")
    assert "End-of-life recycling in the EU: no; answering yes would give 20 more points" in body
    assert "refining of Dy: 80% from one third country; 50% or less would give 15 more points" in body
    assert "would earn 10.00 of 45.00 points" in body
    assert count(app, Bid) == 0
    [event] = events(app, "bid.self_assessed")
    assert json.loads(event.details) == {"sha256": hashlib.sha256(data).hexdigest()}


def test_self_assessment_charts_each_material_and_stage_beside_the_world(app, client, login_as):
    tender_id = store_tender(app)
    login_as("bidder")
    body = post_upload(client, tender_id, workbook_for(app, tender_id), ASSESS).get_data(as_text=True)
    assert body.count('<figure class="chart">') == 3  # Nd extraction, Nd and Dy refining
    assert "Dysprosium, refining" in body and "Neodymium, extraction" in body
    # Dy: 80% from China, 192 of the bar's 240 units; the world: all from China; the track of four metrics
    assert re.search(r'<path class="bar-declared" d="M175 10.5h192[M"]', body)
    assert re.search(r'<path class="bar-world" d="M175 26.5h240(M[^"]*)?"/>', body)
    assert body.count("h240", body.index('class="bar-track"'), body.index('class="bar-declared"')) == 8
    assert "you 80%" in body and "world 100%" in body and "China 70%" in body
    assert "style=" not in body and "<script" not in body  # the CSP allows neither


def test_missing_answer_is_shown_as_missing(app, client, login_as):
    tender_id = store_tender(app)
    login_as("bidder")
    body = post_upload(client, tender_id, workbook_for(app, tender_id, answers={}), ASSESS).get_data(as_text=True)
    row = _row(body, "EOL")
    assert "missing: not answered" in row and "— of 20.00" in row


def test_workbook_with_problems_lists_every_sheet_cell_and_hint(app, client, login_as):
    tender_id = store_tender(app)
    login_as("bidder")
    broken = workbook_for(app, tender_id, price="about a million", answers={"EOL": "perhaps"})
    response = post_upload(client, tender_id, broken, ASSESS)
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "2 problems to fix" in body
    assert re.search(r"<td>Price</td><td>B4</td><td>price: expected a number, got &#39;about a million&#39;", body)
    assert re.search(r"<td>Answers</td><td>C\d+</td><td>Answer &#39;perhaps&#39; is not in the list", body)
    assert events(app, "bid.self_assessed") == []


def test_a_zero_price_is_assessed_with_the_abnormally_low_warning_and_can_be_submitted(app, client, login_as):
    tender_id = store_tender(app)
    login_as("bidder")
    data = workbook_for(app, tender_id, price=Decimal("0"))
    body = unescape(post_upload(client, tender_id, data, ASSESS).get_data(as_text=True))
    assert "Flagged as abnormally low at the evaluation: a price of zero, which may not be rejected on that " \
           "ground alone (Court of Justice, Case C-367/19 Tax-Audit, 10 September 2020)" in body
    assert "Invalid price" not in body
    assert post_upload(client, tender_id, data).status_code == 302
    assert count(app, Bid, Bid.price == 0) == 1


def test_only_xlsx_file_names_are_accepted(app, client, login_as):
    tender_id = store_tender(app)
    login_as("bidder")
    response = post_upload(client, tender_id, workbook_for(app, tender_id), ASSESS, name="bid.xlsm")
    assert response.status_code == 422
    assert "only Excel workbooks (.xlsx) are accepted" in response.get_data(as_text=True)


def _row(body: str, code: str) -> str:
    """The points table's row of one criterion."""
    return re.search(rf'<tr class="status-[a-z_]+" id="criterion-{code}">(.*?)</tr>', body, re.S).group(1)


def test_an_undeclared_material_is_named_with_its_stage_and_scores_the_minimum(app, client, login_as):
    tender_id = store_tender(app)
    login_as("bidder")
    without_dy = tuple(line for line in SUPPLY if line.material != "Dy")
    body = post_upload(client, tender_id, workbook_for(app, tender_id, supply=without_dy), ASSESS
                       ).get_data(as_text=True)
    row = _row(body, "DY-REF")
    assert "Incomplete: Dysprosium is not declared at the processing stage" in row
    assert "0.00 of 25.00" in row  # the rule's minimum: 100% or more gets no points
