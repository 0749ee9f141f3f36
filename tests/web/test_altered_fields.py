"""Hidden form values altered by hand answer 400 with a message, never a 500, and change nothing."""
from __future__ import annotations

from io import BytesIO

import pytest
from sqlalchemy import func, select

from app.clock import clock
from app.extensions import db
from app.models import AuditEvent, Bid, Score
from tests.web.conftest import csrf_token, open_and_judge
from tests.web.portal_steps import NOW, store_tender, workbook_for

# "9" * 400: beyond any float, where WTForms' range check raised an OverflowError
ALTERED = ["abc", "1e3", "1.5", "-1", "0x10", "99999999999999999999", "2147483648", "9" * 400, ""]


def audit_events(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(AuditEvent))


@pytest.mark.parametrize("field", ["bid_id", "criterion_id", "version"])
def test_an_altered_score_form_is_refused_with_400(app, tender_id, committee, field):
    bid_id, criterion_id = open_and_judge(app, tender_id, committee)
    alice = committee["alice"]
    token = csrf_token(alice, f"/tenders/{tender_id}/scoring")
    before = audit_events(app)
    # an empty version is what a first save sends: the scoring tests cover it
    for value in [value for value in ALTERED if value or field != "version"]:
        form = {"bid_id": bid_id, "criterion_id": criterion_id, "points": 2, "justification": "clear method",
                "csrf_token": token, field: value}
        response = alice.post(f"/tenders/{tender_id}/scoring", data=form)
        assert response.status_code == 400, value
        assert "hidden value this page never sends" in response.get_data(as_text=True), value
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Score)) == 0
    assert audit_events(app) == before


@pytest.mark.parametrize("path", ["decisions/exclude", "decisions/abnormal"])
def test_an_altered_bid_id_on_a_decision_is_refused_with_400(app, tender_id, committee, path):
    open_and_judge(app, tender_id, committee)
    chair = committee["chair"]
    token = csrf_token(chair, f"/tenders/{tender_id}/decisions")
    for value in ALTERED:
        response = chair.post(f"/tenders/{tender_id}/{path}",
                              data={"bid_id": value, "reason": "stated", "decision": "accepted", "csrf_token": token})
        assert response.status_code == 400, value


def test_an_altered_version_on_the_bidder_upload_is_refused_with_400(app, client, login_as):
    clock.freeze(NOW)
    tender_id = store_tender(app)
    login_as("bidder")
    workbook = workbook_for(app, tender_id)
    token = csrf_token(client, f"/portal/tenders/{tender_id}")
    for value in ["abc", "1.5", "99999999999999999999", "9" * 400, "-1"]:
        response = client.post(f"/portal/tenders/{tender_id}/bids", content_type="multipart/form-data",
                               data={"workbook": (BytesIO(workbook), "bid.xlsx"), "live_version": value,
                                     "csrf_token": token})
        assert response.status_code == 400, value
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Bid)) == 0
