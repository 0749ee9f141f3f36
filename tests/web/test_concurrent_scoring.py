"""Twenty sessions save the same score at once from the same version: one wins, every other one is told."""
from __future__ import annotations

import threading

from sqlalchemy import select

from app.extensions import db
from app.models import Score
from tests.web.conftest import csrf_token, login, open_and_judge, post_form

SESSIONS = 20


def test_concurrent_edits_of_one_score_lose_nothing_silently(app, tender_id, committee):
    bid_id, criterion_id = open_and_judge(app, tender_id, committee)
    cell = {"bid_id": bid_id, "criterion_id": criterion_id}
    post_form(committee["alice"], f"/tenders/{tender_id}/scoring", {**cell, "points": 1, "justification": "v1"})
    clients = []
    for _ in range(SESSIONS):
        client = app.test_client()
        login(client, "alice@authority.example")
        clients.append((client, csrf_token(client, f"/tenders/{tender_id}/scoring")))
    outcomes: list[str] = []
    start = threading.Barrier(SESSIONS)

    def save(number: int, client, token: str) -> None:
        start.wait()
        response = client.post(f"/tenders/{tender_id}/scoring", follow_redirects=True, data={
            **cell, "csrf_token": token, "version": 1, "points": 2, "justification": f"edit {number}"})
        body = response.get_data(as_text=True)
        outcomes.append("saved" if "Score saved." in body else "stale" if "changed by someone else" in body
                        else f"other {response.status_code}")

    threads = [threading.Thread(target=save, args=(n, c, t)) for n, (c, t) in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["saved"] + ["stale"] * (SESSIONS - 1)
    with app.app_context():
        score = db.session.scalar(select(Score).where(Score.bid_id == bid_id, Score.criterion_id == criterion_id))
        assert score.version == 2 and score.justification.startswith("edit ")
