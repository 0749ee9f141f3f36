"""Mixed concurrent requests on one tender: no server error, no lost or duplicated row, on either engine.

On PostgreSQL these mixes deadlocked when the tender row lock and the audit chain lock were taken in
opposite orders, and concurrent first saves of one score hit the unique index.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from sqlalchemy import func, select

from app.audit.verification import verify_chain
from app.clock import clock
from app.extensions import db
from app.models import Bid, Criterion, Score, Tender
from tests.web.concurrency import outcome, run_together
from tests.web.conftest import csrf_token, login, open_and_judge, post_form
from tests.web.portal_steps import NOW, store_tender, workbook_for

ROUNDS = 2


def test_submissions_beside_self_assessments_all_succeed(app, make_user):
    clock.freeze(NOW)
    tender_id = store_tender(app)
    workbook = workbook_for(app, tender_id)
    bidders = []
    for _ in range(6):
        client = app.test_client()
        login(client, make_user("bidder"))
        bidders.append((client, csrf_token(client, f"/portal/tenders/{tender_id}")))

    def upload(client, token: str, action: str, live_version: int) -> Callable[[], str]:
        def call() -> str:
            from io import BytesIO
            response = client.post(f"/portal/tenders/{tender_id}/{action}", follow_redirects=True,
                                   content_type="multipart/form-data",
                                   data={"workbook": (BytesIO(workbook), "bid.xlsx"), "csrf_token": token,
                                         "live_version": live_version})
            return outcome(response, "received at" if action == "bids" else "points")
        return call

    for round_no in range(ROUNDS):
        calls = [upload(client, token, "bids" if n % 2 == 0 else "self-assessment", round_no)
                 for n, (client, token) in enumerate(bidders)]
        assert run_together(calls) == Counter({"done": len(calls)})
    with app.app_context():
        live = db.session.scalar(select(func.count()).select_from(Bid).where(Bid.tender_id == tender_id,
                                                                              Bid.status == "submitted"))
        versions = db.session.scalar(select(func.count()).select_from(Bid).where(Bid.tender_id == tender_id))
        assert (live, versions) == (3, 3 * ROUNDS)
        assert verify_chain().is_intact


def test_twenty_first_saves_of_one_score_save_once_and_tell_the_rest(app, tender_id, committee):
    bid_id, criterion_id = open_and_judge(app, tender_id, committee)
    sessions = []
    for _ in range(20):
        client = app.test_client()
        login(client, "alice@authority.example")
        sessions.append((client, csrf_token(client, f"/tenders/{tender_id}/scoring")))

    def save(client, token: str, number: int) -> Callable[[], str]:
        return lambda: outcome(client.post(f"/tenders/{tender_id}/scoring", follow_redirects=True, data={
            "bid_id": bid_id, "criterion_id": criterion_id, "csrf_token": token, "points": 2,
            "justification": f"first save {number}"}), "Score saved.")

    outcomes = run_together([save(client, token, n) for n, (client, token) in enumerate(sessions)])
    assert outcomes == Counter({"done": 1, "stale": 19})
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Score)) == 1
        assert verify_chain().is_intact


def test_finalising_during_consensus_edits_never_changes_a_finalised_result(app, tender_id, committee):
    bid_id, criterion_id = open_and_judge(app, tender_id, committee)
    chair = committee["chair"]
    post_form(chair, f"/tenders/{tender_id}/consensus/start")
    with app.app_context():
        bids = db.session.scalars(select(Bid).where(Bid.tender_id == tender_id)).all()
        judged = db.session.scalars(select(Criterion.id).where(Criterion.tender_id == tender_id,
                                                               Criterion.rule_kind == "judgement")).all()
        flagged = next(b.id for b in bids if b.label == "voltaris-energy-storage")
    for bid in bids:
        for judged_id in judged:
            post_form(chair, f"/tenders/{tender_id}/scoring", {"bid_id": bid.id, "criterion_id": judged_id,
                                                           "points": 3, "justification": "agreed in meeting"})
    post_form(chair, f"/tenders/{tender_id}/decisions/abnormal", {"bid_id": flagged, "decision": "rejected",
                                                              "reason": "No credible explanation of the price"})
    editors = []
    for _ in range(6):
        client = app.test_client()
        login(client, "chair@authority.example")
        editors.append((client, csrf_token(client, f"/tenders/{tender_id}/scoring")))

    def edit(client, token: str) -> Callable[[], str]:
        def call() -> str:
            response = client.post(f"/tenders/{tender_id}/scoring", follow_redirects=True, data={
                "bid_id": bid_id, "criterion_id": criterion_id, "csrf_token": token, "version": 1, "points": 4,
                "justification": "revised"})
            return "locked" if "finalised" in response.get_data(as_text=True) else outcome(response, "Score saved.")
        return call

    def finalise() -> str:
        client, token = editors[0]
        response = client.post(f"/tenders/{tender_id}/finalise", data={"csrf_token": token}, follow_redirects=True)
        return outcome(response, "Evaluation finalised")

    outcomes = run_together([finalise] + [edit(client, token) for client, token in editors[1:]])
    assert not [name for name in outcomes if name.startswith(("error", "other"))], outcomes
    with app.app_context():
        from app.records.stored_results import fresh_evaluation, result_sha256

        tender = db.session.get(Tender, tender_id)
        assert tender.status == "finalised"
        assert tender.result_sha256 == result_sha256(fresh_evaluation(tender).result)
        assert verify_chain().is_intact
