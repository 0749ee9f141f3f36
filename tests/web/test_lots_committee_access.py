"""A tender divided into lots: hostile hidden fields on the lot pages' forms, what technical members see per lot,
and the tabs and guided path that lead through scoring and decisions per lot to the award.

Hidden fields (the lot, the bid, the criterion) are typed by no one: a changed one gets a message on the page,
never an error page, and changes nothing. Technical members of the two-envelope magnet tender score each lot
blind to prices, as on a tender without lots (tests/web/test_price_blind.py).
"""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import AuditEvent, BidLot, Criterion, Score
from tests.web.conftest import csrf_token, post_form
from tests.web.lot_committee import CHAIR, SECOND, TECHNICAL, bid_ids, import_lots, signed_in, words
from tests.web.page_words import GERMAN_BROWSER, page_text


@pytest.fixture
def tender(app, runner, tmp_path, make_organisation, make_user) -> int:
    return import_lots(app, runner, tmp_path, make_organisation, make_user, with_scores=False)


def _judged(app, tender_id: int) -> dict[str, int]:
    with app.app_context():
        return dict(db.session.execute(select(Criterion.code, Criterion.id).where(Criterion.tender_id == tender_id))
                    .all())


def _changes(app) -> tuple[int, int, int]:
    """Scores, decided lots and audit events of score and decision verbs: what a refused form must not add to."""
    with app.app_context():
        decided = db.session.scalar(select(func.count(BidLot.id)).where(
            BidLot.exclusion_reason.is_not(None) | BidLot.abnormal_decision.is_not(None)))
        events = db.session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.action.in_(
            ("score.record", "bid.exclude", "bid.abnormal_decision", "bid.resolve_missing"))))
        return db.session.scalar(select(func.count(Score.id))), decided, events


TAMPERED_SCORES = [
    ({"lot_number": 9}, "Lot: there is no lot 9 in this tender."),
    ({"lot_number": 2, "bid": "baltic-magnet-trading"}, "bid: this bid is not for lot 2"),
    ({"lot_number": 2, "bid_id": 99999}, "bid: no such bid in this tender"),
    ({"lot_number": 2, "criterion": "QUAL-LEAD"}, "criterion: no such judgement criterion in lot 2"),
    ({"lot_number": 2, "criterion_id": 99999}, "criterion: no such judgement criterion in lot 2"),
]
TAMPERED_DECISIONS = [
    ("exclude", {"lot_number": 7, "reason": "x"}, "Lot: there is no lot 7 in this tender."),
    ("exclude", {"lot_number": 2, "bid": "baltic-magnet-trading", "reason": "x"}, "bid: this bid is not for lot 2"),
    ("exclude", {"lot_number": 2, "reason": " "}, "a written reason is required"),
    ("abnormal", {"lot_number": 2, "decision": "waived", "reason": "x"}, "Decision: Not a valid choice."),
    ("resolve", {"lot_number": 3, "code": "QUAL-LEAD", "kind": "minimum", "reason": "x"},
     "Lot: there is no lot 3 in this tender."),
    ("resolve", {"lot_number": 1, "code": "QUAL-LEAD", "kind": "minimum", "reason": "x"},
     "this bid has no missing answer to"),
]


def test_a_tampered_score_form_gets_a_message_and_changes_nothing(app, tender):
    bids, judged, second = bid_ids(app, tender), _judged(app, tender), signed_in(app, SECOND)
    before = _changes(app)
    for fields, message in TAMPERED_SCORES:
        data = {"bid_id": bids[fields.get("bid", "nordic-magnet-works")],
                "criterion_id": judged[fields.get("criterion", "QUAL-TECH")], "points": 3, "justification": "fine",
                **{key: value for key, value in fields.items() if key not in ("bid", "criterion")}}
        response = post_form(second, f"/tenders/{tender}/lots/scoring", data)
        assert response.status_code == 200, fields
        assert message in words(response).replace("&#39;", "'"), fields
        assert _changes(app) == before, fields


def test_a_tampered_decision_form_gets_a_message_and_changes_nothing(app, tender):
    bids, chair = bid_ids(app, tender), signed_in(app, CHAIR)
    before = _changes(app)
    for path, fields, message in TAMPERED_DECISIONS:
        data = {"bid_id": bids[fields.get("bid", "nordic-magnet-works")],
                **{key: value for key, value in fields.items() if key != "bid"}}
        response = post_form(chair, f"/tenders/{tender}/lots/decisions/{path}", data)
        assert response.status_code == 200, (path, fields)
        assert message in words(response).replace("&#39;", "'"), (path, fields)
        assert _changes(app) == before, (path, fields)


def test_an_altered_hidden_value_is_refused_with_400(app, tender):
    """Malformed hidden values are answered as on every form (app/forms.py): 400 with a message, nothing saved."""
    bids, judged, chair = bid_ids(app, tender), _judged(app, tender), signed_in(app, CHAIR)
    before = _changes(app)
    token = csrf_token(chair, "/tenders/")
    for path in ("scoring", "decisions/exclude", "decisions/abnormal", "decisions/resolve",
                 "decisions/withdraw-resolution"):
        for field, value in (("lot_number", "two"), ("lot_number", ""), ("lot_number", "0"),
                             ("lot_number", "2147483648"), ("bid_id", "x"), ("bid_id", "-4")):
            data = {"lot_number": 2, "bid_id": bids["nordic-magnet-works"], "criterion_id": judged["QUAL-TECH"],
                    "points": 1, "justification": "x", "reason": "x", "decision": "rejected", "code": "QUAL-LEAD",
                    "kind": "minimum", "csrf_token": token, field: value}
            response = chair.post(f"/tenders/{tender}/lots/{path}", data=data)
            assert response.status_code == 400, (path, field, value)
            assert "hidden value this page never sends" in response.get_data(as_text=True)
    assert _changes(app) == before


def test_unknown_lots_and_bids_in_addresses_get_a_message(app, tender):
    bids, chair = bid_ids(app, tender), signed_in(app, CHAIR)
    page = chair.get(f"/tenders/{tender}/lots/5/scoring", follow_redirects=True)
    assert page.request.path == f"/tenders/{tender}/lots/1/scoring"
    assert "Lot: there is no lot 5 in this tender." in words(page)
    page = chair.get(f"/tenders/{tender}/lots/2/decisions/exclude?bid_id={bids['baltic-magnet-trading']}",
                     follow_redirects=True)
    assert page.request.path == f"/tenders/{tender}/lots/2/decisions"
    assert "Bid: no such bid for lot 2 in this tender." in words(page)
    # The one-lot forms refuse a tender divided into lots: its scores and decisions carry a lot.
    body = words(post_form(chair, f"/tenders/{tender}/scoring", {
        "bid_id": bids["nordic-magnet-works"], "criterion_id": _judged(app, tender)["QUAL-TECH"], "points": 2,
        "justification": "fine"}))
    assert "this tender is divided into lots: choose the lot first" in body


def test_a_tender_without_lots_has_no_lot_pages(app, tender_id, opened):
    """Its lot pages lead back to its own, and lot forms change nothing."""
    plain = opened["chair"]
    page = plain.get(f"/tenders/{tender_id}/lots/1/scoring", follow_redirects=True)
    assert page.request.path == f"/tenders/{tender_id}/scoring"
    assert "This tender is not divided into lots." in words(page)
    before = _changes(app)
    body = words(post_form(plain, f"/tenders/{tender_id}/lots/decisions/exclude",
                           {"lot_number": 1, "bid_id": 1, "reason": "x"}))
    assert "This tender is not divided into lots." in body
    assert _changes(app) == before


def test_technical_members_score_each_lot_blind_to_prices(app, tender):
    bids, judged = bid_ids(app, tender), _judged(app, tender)
    technical, chair = signed_in(app, TECHNICAL), signed_in(app, CHAIR)
    prices = ("3,120,000", "2,808,000", "3120000", "2808000", "2,790,000")
    for lot in (1, 2):
        page = technical.get(f"/tenders/{tender}/lots/{lot}/scoring")
        assert page.status_code == 200 and not any(price in words(page) for price in prices)
        assert technical.get(f"/tenders/{tender}/lots/{lot}/decisions").status_code == 403
        assert technical.get(f"/tenders/{tender}/lots/{lot}/decisions/exclude?bid_id=1").status_code == 403
    body = words(post_form(technical, f"/tenders/{tender}/lots/scoring", {
        "lot_number": 1, "bid_id": bids["baltic-magnet-trading"], "criterion_id": judged["QUAL-SEC"], "points": 2,
        "justification": "generic plan"}))
    assert "Score saved." in body
    refused = post_form(technical, f"/tenders/{tender}/lots/decisions/exclude",
                        {"lot_number": 1, "bid_id": bids["nordic-magnet-works"], "reason": "x"})
    assert refused.status_code == 403
    opening = words(technical.get(f"/tenders/{tender}/opening"))
    assert '<ul class="bid-lots"> <li>Lot 1</li><li>Lot 2</li> </ul>' in opening
    assert not any(price in opening for price in prices)
    assert "Lot 2: 2,808,000.00 EUR" in words(chair.get(f"/tenders/{tender}/opening"))
    assert "/decisions" not in words(technical.get(f"/tenders/{tender}/lots/1/scoring"))


def test_the_tabs_and_guided_path_lead_through_the_lots_to_the_award(app, tender):
    chair = signed_in(app, CHAIR)
    page = words(chair.get(f"/tenders/{tender}/lots/2/scoring"))
    assert f'<a href="/tenders/{tender}/scoring" aria-current="page" class="current">Scoring</a>' in page
    assert f'href="/tenders/{tender}/lots/1/scoring"><strong>Lot 1</strong> Traction-motor magnets' in page
    assert f'href="/tenders/{tender}/lots/2/scoring" aria-current="page" class="current"><strong>Lot 2</strong>' in page
    assert "lot by lot: 0 of 4 criteria done" in page  # 2 criteria in each of 2 lots
    assert "lot by lot: missing answers, exclusions, abnormally low prices" in page
    assert f'href="/tenders/{tender}/award"' in page
    decisions = chair.get(f"/tenders/{tender}/decisions")
    assert decisions.headers["Location"].endswith(f"/tenders/{tender}/lots/1/decisions")
    page = words(chair.get(f"/tenders/{tender}/lots/1/decisions"))
    assert f'<a href="/tenders/{tender}/decisions" aria-current="page" class="current">Decisions</a>' in page


def test_the_lot_pages_are_german_for_a_german_browser(app, tender):
    chair = signed_in(app, CHAIR)
    scoring = page_text(chair.get(f"/tenders/{tender}/lots/2/scoring", headers=GERMAN_BROWSER).get_data(as_text=True))
    assert "Wertung der Beurteilungskriterien, Los 2" in scoring and "Los 1" in scoring
    assert "Los für Los: 0 von 4 Kriterien bewertet" in scoring and "Scoring of judgement criteria" not in scoring
    decisions = page_text(chair.get(f"/tenders/{tender}/lots/1/decisions", headers=GERMAN_BROWSER)
                          .get_data(as_text=True))
    assert "Entscheidungen, Los 1" in decisions and "Exclude this bid" not in decisions
