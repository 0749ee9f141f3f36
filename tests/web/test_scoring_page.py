"""The scoring page as a member uses it: the scale's descriptors beside the input, progress, errors at the field."""
from __future__ import annotations

import re

from sqlalchemy import func, select

from app.extensions import db
from app.models import Bid, Criterion
from app.models.bid import SUBMITTED
from tests.web.conftest import csrf_token


def _cells(app, tender_id: int) -> tuple[int, list[tuple[int, int]]]:
    with app.app_context():
        bids = db.session.scalar(select(func.count(Bid.id)).where(Bid.tender_id == tender_id, Bid.status == SUBMITTED))
        judged = db.session.scalars(select(Criterion.id).where(Criterion.tender_id == tender_id,
                                                               Criterion.rule_kind == "judgement")).all()
        first = db.session.scalar(select(Bid.id).where(Bid.tender_id == tender_id).order_by(Bid.id))
    return bids * len(judged), [(first, criterion) for criterion in judged]


def test_each_judgement_shows_its_scale_descriptors_beside_the_input(app, tender_id, opened):
    page = opened["alice"].get(f"/tenders/{tender_id}/scoring").get_data(as_text=True)
    assert "meets the specification with evidence (type tests, certificates)" in page
    assert "very good plan, local stock and short response times" in page


def test_the_page_shows_the_members_progress(app, tender_id, opened):
    total, cells = _cells(app, tender_id)
    page = opened["alice"].get(f"/tenders/{tender_id}/scoring").get_data(as_text=True)
    assert f"0 of {total} done" in page
    bid_id, criterion_id = cells[0]
    token = csrf_token(opened["alice"], f"/tenders/{tender_id}/scoring")
    opened["alice"].post(f"/tenders/{tender_id}/scoring", data={
        "csrf_token": token, "bid_id": bid_id, "criterion_id": criterion_id, "points": 3, "justification": "fine"})
    page = opened["alice"].get(f"/tenders/{tender_id}/scoring").get_data(as_text=True)
    assert f"1 of {total} done" in page


def _post(client, tender_id, data):
    token = csrf_token(client, f"/tenders/{tender_id}/scoring")
    return client.post(f"/tenders/{tender_id}/scoring", data={"csrf_token": token, **data})


def _error_after_input(page: str, name: str, message: str) -> bool:
    """The message is inside the same field block as the input it concerns."""
    blocks = re.findall(r'<div class="field has-error">(.*?)</div>', page, flags=re.S)
    return any(f'name="{name}"' in block and message in block for block in blocks)


def test_a_missing_justification_is_shown_at_its_field_with_the_typed_points_kept(app, tender_id, opened):
    _, cells = _cells(app, tender_id)
    bid_id, criterion_id = cells[0]
    response = _post(opened["alice"], tender_id, {"bid_id": bid_id, "criterion_id": criterion_id, "points": 4,
                                                  "justification": " "})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert _error_after_input(page, "justification", "a written justification is required")
    assert 'value="4"' in page
    assert page.count("has-error") == 1  # only the cell that was sent


def test_points_off_the_scale_are_shown_at_the_points_field(app, tender_id, opened):
    _, cells = _cells(app, tender_id)
    bid_id, criterion_id = cells[0]
    with app.app_context():
        scale = db.session.get(Criterion, criterion_id).rule_params["scale"]
    page = _post(opened["alice"], tender_id, {"bid_id": bid_id, "criterion_id": criterion_id, "points": scale + 1,
                                              "justification": "too generous"}).get_data(as_text=True)
    assert _error_after_input(page, "points", f"from 0 to {scale}")
    assert "too generous" in page
    response = _post(opened["alice"], tender_id, {"bid_id": bid_id, "criterion_id": criterion_id, "points": "9" * 400,
                                                  "justification": "far too generous"})
    assert response.status_code == 200  # beyond any float: WTForms' range check raised an OverflowError
    assert _error_after_input(response.get_data(as_text=True), "points", "this number is too large")
    response = _post(opened["alice"], tender_id, {"bid_id": bid_id, "criterion_id": criterion_id, "points": "four",
                                                  "justification": "in words"})
    assert _error_after_input(response.get_data(as_text=True), "points", "enter a whole number")


def test_each_input_has_its_own_label(app, tender_id, opened):
    page = opened["alice"].get(f"/tenders/{tender_id}/scoring").get_data(as_text=True)
    ids = re.findall(r'<input[^>]*name="points"[^>]*id="([^"]+)"|<input[^>]*id="([^"]+)"[^>]*name="points"', page)
    ids = [a or b for a, b in ids]
    assert ids and len(ids) == len(set(ids))
    assert all(f'for="{i}"' in page for i in ids)
