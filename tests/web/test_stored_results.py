"""The stored evaluation equals a fresh one after every kind of change, and is never served stale."""
from __future__ import annotations

import re
from datetime import timedelta
from html import unescape

from sqlalchemy import func, select

from app.evaluation import results_table
from app.extensions import db
from app.models import Bid, Criterion, EvaluationRecord, Tender, User
from app.portal.service import withdraw_bid
from app.records.stored_results import evaluation_of, fresh_evaluation
from app.tenders.corrigenda import issue_corrigendum
from tests.web.conftest import post_form, user_id


def served_equals_fresh(app, tender_id: int) -> str:
    """Assert that what is served equals an evaluation from the rows; return the served result's hash."""
    with app.app_context():
        tender = db.session.get(Tender, tender_id)
        served, fresh = evaluation_of(tender), fresh_evaluation(tender)
        assert served.result == fresh.result
        assert served.sensitivity == fresh.sensitivity
        assert served.result_sha256 == fresh.result_sha256
        return served.result_sha256


def stored_rows(app, tender_id: int) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(EvaluationRecord)
                                 .where(EvaluationRecord.tender_id == tender_id))


def judged(app, tender_id: int) -> tuple[list[int], list[int]]:
    with app.app_context():
        bids = db.session.scalars(select(Bid.id).where(Bid.tender_id == tender_id).order_by(Bid.id)).all()
        criteria = db.session.scalars(select(Criterion.id).where(Criterion.tender_id == tender_id,
                                                                 Criterion.rule_kind == "judgement")).all()
    return list(bids), list(criteria)


def bid_of(app, tender_id: int, label: str) -> int:
    with app.app_context():
        return db.session.scalar(select(Bid.id).where(Bid.tender_id == tender_id, Bid.label == label))


def test_the_results_page_stores_its_evaluation_once_per_version(app, tender_id, opened):
    results = f"/tenders/{tender_id}/results"
    assert opened["chair"].get(results).status_code == 200
    assert stored_rows(app, tender_id) == 1
    assert opened["alice"].get(results).status_code == 200
    assert opened["chair"].get(f"/tenders/{tender_id}/export.xlsx").status_code == 200
    assert stored_rows(app, tender_id) == 1  # read, not evaluated again
    served_equals_fresh(app, tender_id)


def test_every_change_after_opening_is_served_at_once(app, tender_id, opened):
    """Score, consensus, missing-answer and abnormal-price decisions, exclusion: each gives a new stored result
    equal to a fresh evaluation, and the page shows it."""
    chair, alice = opened["chair"], opened["alice"]
    bids, criteria = judged(app, tender_id)
    flagged = bid_of(app, tender_id, "voltaris-energy-storage")
    changes = [
        (alice, "scoring", {"bid_id": bids[0], "criterion_id": criteria[0], "points": 4, "justification": "clear"}),
        (chair, "consensus/start", {}),
        (chair, "scoring", {"bid_id": bids[0], "criterion_id": criteria[0], "points": 2, "justification": "agreed"}),
        (chair, "decisions/abnormal", {"bid_id": flagged, "decision": "rejected", "reason": "No credible costs"}),
        (chair, "decisions/exclude", {"bid_id": bids[1], "reason": "Art. 57(4)(h): serious misrepresentation"}),
    ]
    hashes = [served_equals_fresh(app, tender_id)]
    for client, action, data in changes:
        assert chair.get(f"/tenders/{tender_id}/results").status_code == 200  # the old version is stored
        post_form(client, f"/tenders/{tender_id}/{action}", data)
        hashes.append(served_equals_fresh(app, tender_id))
    assert len(set(hashes)) == len(hashes) - 1  # all but starting consensus change the result
    body = chair.get(f"/tenders/{tender_id}/results").get_data(as_text=True)
    assert "ineligible: Excluded by the officer: Art. 57(4)(h): serious misrepresentation" in body


def test_a_corrigendum_and_a_withdrawal_before_the_deadline_are_served_at_once(app, tender_id, make_user):
    with app.app_context():  # outside a request every transaction takes SQLite's write lock: users first
        authority_id = db.session.get(Tender, tender_id).authority_id
        organisation_id = db.session.scalar(select(Bid.organisation_id).where(Bid.tender_id == tender_id)
                                            .order_by(Bid.id))
    officer_id = user_id(app, make_user("officer", organisation_id=authority_id))
    bidder_id = user_id(app, make_user("bidder", organisation_id=organisation_id))
    with app.app_context():
        tender = db.session.get(Tender, tender_id)
        officer, bidder = db.session.get(User, officer_id), db.session.get(User, bidder_id)
        bid = db.session.scalar(select(Bid).where(Bid.tender_id == tender_id).order_by(Bid.id))
        before = evaluation_of(tender)
        issue_corrigendum(tender, officer, tender.submission_deadline_at + timedelta(days=7),
                          tender.opening_at + timedelta(days=7), "A clarification was published late.", tender.version)
        db.session.commit()
        assert evaluation_of(tender) == fresh_evaluation(tender)
        withdraw_bid(bid.id, bidder)
        db.session.commit()
        after = evaluation_of(tender)
        assert after == fresh_evaluation(tender)
        assert bid.label in before.result.bids_by_id and bid.label not in after.result.bids_by_id


def test_a_finalised_tender_serves_the_result_whose_hash_the_audit_log_records(app, tender_id, opened):
    chair = opened["chair"]
    bids, criteria = judged(app, tender_id)
    post_form(chair, f"/tenders/{tender_id}/consensus/start")
    for bid in bids:
        for criterion in criteria:
            post_form(chair, f"/tenders/{tender_id}/scoring", {"bid_id": bid, "criterion_id": criterion, "points": 3,
                                                               "justification": "agreed in meeting"})
    post_form(chair, f"/tenders/{tender_id}/decisions/abnormal", {
        "bid_id": bid_of(app, tender_id, "voltaris-energy-storage"), "decision": "accepted",
        "reason": "The explanation of the price is credible"})
    assert "Evaluation finalised" in post_form(chair, f"/tenders/{tender_id}/finalise").get_data(as_text=True)
    assert chair.get(f"/tenders/{tender_id}/bids/{bids[0]}/workbook").status_code == 200  # audited after finalising
    with app.app_context():
        tender = db.session.get(Tender, tender_id)
        final = db.session.scalar(select(EvaluationRecord).where(EvaluationRecord.tender_id == tender_id,
                                                                  EvaluationRecord.is_final))
        assert final.result_sha256 == tender.result_sha256 == evaluation_of(tender).result_sha256
    assert served_equals_fresh(app, tender_id) == final.result_sha256


def ranking_rows(body: str) -> list[str]:
    """The bidders of the ranking table's rows, in order."""
    table = body.split('id="ranking"', 1)[1].split("</table>", 1)[0]
    return [unescape(name) for name in re.findall(r'aria-label="Compare ([^"]+)"', table)]


def test_the_ranking_is_paged_and_sorted_on_the_server(app, tender_id, opened, monkeypatch):
    monkeypatch.setattr(results_table, "PAGE_SIZE", 4)
    chair, results = opened["chair"], f"/tenders/{tender_id}/results"
    with app.app_context():
        ranked = [bid.bidder for bid in evaluation_of(db.session.get(Tender, tender_id)).result.bids]
    first = chair.get(results).get_data(as_text=True)
    assert ranking_rows(first) == ranked[:4]
    assert "Bids 1–4 of 6, by rank." in first
    assert f'href="{results}?sort=rank&amp;page=2" rel="next">Next 4 bids' in first
    second = chair.get(f"{results}?sort=rank&page=2").get_data(as_text=True)
    assert ranking_rows(second) == ranked[4:] and "Bids 5–6 of 6" in second
    by_name = chair.get(f"{results}?sort=bidder").get_data(as_text=True)
    assert ranking_rows(by_name) == sorted(ranked, key=str.casefold)[:4]
    for address in (f"{results}?page=99", f"{results}?page=abc&sort=nonsense", f"{results}?page=-3"):
        response = chair.get(address)
        assert response.status_code == 200, address
    assert ranking_rows(chair.get(f"{results}?page=99").get_data(as_text=True)) == ranked[4:]
    assert ranking_rows(chair.get(f"{results}?page=abc&sort=nonsense").get_data(as_text=True)) == ranked[:4]
