"""Missing answers after the deadline earn no free points (Directive 2014/24/EU Art. 56(3)).

Through the decisions page: the rule's minimum, exclusion, or a recorded clarification; points typed for a
blank are refused at the field; a resolution can be withdrawn and redone until finalisation, both audited;
the page survives stored data the engine refuses.
"""
from __future__ import annotations

import json
import os
from datetime import date, datetime, timezone

import pytest
import sqlalchemy as sa
from sqlalchemy import select

from app import create_app, schema_migrations
from app.evaluation import resolving
from app.extensions import db
from app.models import Answer, AuditEvent, Bid, Resolution, Tender
from app.records.stored_results import fresh_evaluation
from tests.web.conftest import post_form

BIDDER = "scaldis-energy-storage"
NAME = "Scaldis"  # part of the bidder's organisation name
CLARIFICATION = {"request": "Your bid names a round-trip efficiency test in Annex 2 without its figure; "
                            "please state the figure from that test.",
                 "requested_on": "2027-03-09", "evidence": "Bidder's letter of 9 March 2027, ref. SC-12",
                 "reason": "The test report was part of the bid; the figure only completes it"}


def _bid_id(app, tender_id) -> int:
    with app.app_context():
        return db.session.scalar(select(Bid.id).where(Bid.tender_id == tender_id, Bid.label == BIDDER))


def _blank(app, tender_id, code: str) -> int:
    """The bid as if it had left `code` blank; returns its id."""
    bid_id = _bid_id(app, tender_id)
    with app.app_context():
        db.session.execute(sa.delete(Answer).where(Answer.bid_id == bid_id, Answer.criterion_code == code))
        db.session.commit()
    return bid_id


def _result(app, tender_id):
    with app.app_context():
        return fresh_evaluation(db.session.get(Tender, tender_id)).result


def _resolve(opened, tender_id, bid_id, code, **fields):
    return post_form(opened["chair"], f"/tenders/{tender_id}/decisions/resolve",
                     {"bid_id": bid_id, "code": code, **fields}).get_data(as_text=True)


def _page(opened, tender_id):
    return opened["chair"].get(f"/tenders/{tender_id}/decisions")


def _events(app, action: str) -> list[dict]:
    with app.app_context():
        return [json.loads(e.details) for e in db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.seq))]


def test_60_percent_typed_into_the_old_form_is_refused_and_the_page_stays_up(app, tender_id, opened):
    bid_id = _bid_id(app, tender_id)
    body = _resolve(opened, tender_id, bid_id, "QUAL-TECH", points="60", reason="partly answered")
    assert "Points: a missing answer earns no points of its own" in body
    assert "Directive 2014/24/EU Art. 56(3)" in body
    page = _page(opened, tender_id)
    assert page.status_code == 200
    assert ("QUAL-TECH" in {m.code for m in _result(app, tender_id).needs_resolution})


def test_5_meaning_5_percent_cannot_give_a_judgement_full_marks(app, tender_id, opened):
    bid_id = _bid_id(app, tender_id)
    body = _resolve(opened, tender_id, bid_id, "QUAL-TECH", points="5", kind="minimum", reason="5 percent")
    assert "Points: a missing answer earns no points of its own" in body
    tech = _result(app, tender_id).bid(BIDDER).criterion("QUAL-TECH")
    assert (tech.status, tech.points) == ("missing", None)
    with app.app_context():
        assert db.session.scalars(select(Resolution)).all() == []


def test_minimum_scores_the_blank_at_the_rules_minimum_and_is_audited(app, tender_id, opened):
    bid_id = _blank(app, tender_id, "RES-EOL")
    assert "End-of-life take-back" in _page(opened, tender_id).get_data(as_text=True)
    body = _resolve(opened, tender_id, bid_id, "RES-EOL", kind="minimum", reason="No take-back declaration")
    assert "Missing answer resolved." in body
    assert "scored at the rule's minimum\n        — No take-back declaration" in body and "Withdraw to redo" in body
    eol = _result(app, tender_id).bid(BIDDER).criterion("RES-EOL")
    assert (eol.status, eol.points, eol.weighted) == ("resolved", 0, 0)
    assert _events(app, "bid.resolve_missing") == [
        {"criterion": "RES-EOL", "kind": "minimum", "reason": "No take-back declaration"}]


def test_exclude_makes_the_bid_ineligible_with_the_reason(app, tender_id, opened):
    bid_id = _blank(app, tender_id, "RES-EOL")
    body = _resolve(opened, tender_id, bid_id, "RES-EOL", kind="exclude", reason="The declaration is mandatory")
    assert "Missing answer resolved." in body
    bid = _result(app, tender_id).bid(BIDDER)
    assert not bid.is_eligible and bid.rank is None
    assert bid.reasons == ("Excluded by the officer: no answer to Raw-material supply resilience > "
                           "End-of-life take-back and EU recycling: The declaration is mandatory",)
    assert bid.criterion("RES-EOL").status == "excluded"


def test_clarified_answer_is_scored_by_the_rule(app, tender_id, opened):
    bid_id = _blank(app, tender_id, "QUAL-RTE")
    refused = _resolve(opened, tender_id, bid_id, "QUAL-RTE", kind="clarified", answer="high", **CLARIFICATION)
    assert "The bidder&#39;s answer: expected a number, got &#39;high&#39;" in refused
    assert "The answer does not change the bid: an answer that changes the bid cannot be entered" in refused
    with app.app_context():
        assert db.session.scalars(select(Resolution)).all() == []
    body = _resolve(opened, tender_id, bid_id, "QUAL-RTE", kind="clarified", answer="91,5", is_bid_unchanged="y",
                    **CLARIFICATION)
    assert "Missing answer resolved." in body and "Bidder&#39;s letter of 9 March 2027, ref. SC-12" in body
    rte = _result(app, tender_id).bid(BIDDER).criterion("QUAL-RTE")
    assert (rte.status, rte.value, rte.points) == ("resolved", 91.5, 100)
    assert "Directive 2014/24/EU Art. 56(3)" in rte.note
    assert _events(app, "bid.resolve_missing")[0]["answer"] == 91.5


def test_clarification_dated_before_the_opening_is_refused(app, tender_id, opened):
    bid_id = _blank(app, tender_id, "QUAL-RTE")
    body = _resolve(opened, tender_id, bid_id, "QUAL-RTE", kind="clarified", answer="90", is_bid_unchanged="y",
                    **{**CLARIFICATION, "requested_on": "2027-02-01"})
    assert "Date of the request: the bids were opened on 09 Mar 2027" in body


def test_clarified_judgement_waits_for_the_committee(app, tender_id, opened):
    bid_id = _bid_id(app, tender_id)
    body = _resolve(opened, tender_id, bid_id, "QUAL-TECH", kind="clarified", answer="Safety concept, 12 pages",
                    is_bid_unchanged="y", **CLARIFICATION)
    assert "Missing answer resolved." in body
    assert "the committee scores it on the scoring page" in body
    tech = _result(app, tender_id).bid(BIDDER).criterion("QUAL-TECH")
    assert (tech.status, tech.points) == ("missing", None) and "Art. 56(3)" in tech.note


def test_withdraw_and_redo_are_audited_and_refused_after_finalisation(app, tender_id, opened):
    bid_id = _blank(app, tender_id, "RES-EOL")
    _resolve(opened, tender_id, bid_id, "RES-EOL", kind="minimum", reason="first view")
    again = _resolve(opened, tender_id, bid_id, "RES-EOL", kind="exclude", reason="second view")
    assert "already resolved; withdraw that resolution to redo it" in again
    refused = post_form(opened["alice"], f"/tenders/{tender_id}/decisions/withdraw-resolution",
                        {"bid_id": bid_id, "code": "RES-EOL"}).get_data(as_text=True)
    assert "only the committee chair may do this" in refused
    body = post_form(opened["chair"], f"/tenders/{tender_id}/decisions/withdraw-resolution",
                     {"bid_id": bid_id, "code": "RES-EOL"}).get_data(as_text=True)
    assert "Resolution withdrawn" in body and "No bid has a recorded resolution." in body
    assert _result(app, tender_id).bid(BIDDER).criterion("RES-EOL").status == "missing"
    _resolve(opened, tender_id, bid_id, "RES-EOL", kind="exclude", reason="second view")
    assert _events(app, "bid.withdraw_resolution") == [
        {"criterion": "RES-EOL", "kind": "minimum", "reason": "first view"}]
    assert [e["kind"] for e in _events(app, "bid.resolve_missing")] == ["minimum", "exclude"]
    with app.app_context():
        db.session.get(Tender, tender_id).status = "finalised"
        db.session.commit()
    assert "Withdraw to redo" not in _page(opened, tender_id).get_data(as_text=True)
    late = post_form(opened["chair"], f"/tenders/{tender_id}/decisions/withdraw-resolution",
                     {"bid_id": bid_id, "code": "RES-EOL"}).get_data(as_text=True)
    assert "the evaluation is finalised: everything is locked" in late
    with app.app_context():
        assert [r.kind for r in db.session.scalars(select(Resolution))] == ["exclude"]


def test_stored_data_the_engine_refuses_is_shown_and_can_be_withdrawn(app, tender_id, opened):
    bid_id = _blank(app, tender_id, "QUAL-RTE")
    with app.app_context():
        db.session.add(Resolution(bid_id=bid_id, criterion_code="QUAL-RTE", kind="clarified", reason="typed by hand",
                                  clarification_request="figure?", requested_on=date(2027, 3, 9), answer="lots",
                                  evidence="letter", is_bid_unchanged=True,
                                  decided_at=datetime(2027, 3, 9, 10, tzinfo=timezone.utc)))
        db.session.commit()
    page = _page(opened, tender_id)
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Recorded decisions that cannot be evaluated" in text
    assert "Round-trip efficiency: expected a number, got &#39;lots&#39;" in text
    post_form(opened["chair"], f"/tenders/{tender_id}/decisions/withdraw-resolution",
              {"bid_id": bid_id, "code": "QUAL-RTE"})
    assert "cannot be evaluated" not in _page(opened, tender_id).get_data(as_text=True)


def test_old_points_become_the_minimum_on_upgrade_and_the_page_works(app, tender_id, opened, databases,
                                                                     database_url):
    """The old bug's path: 60 stored for a 0-5 judgement made the page answer 500 for good."""
    bid_id = _bid_id(app, tender_id)
    owner = create_app({"SQLALCHEMY_DATABASE_URI": databases.owner_uri(database_url), "SECRET_KEY": "owner"})
    with owner.app_context():  # migrations run as the tables' owner, as in production
        schema_migrations.downgrade(revision="0010_throttle")
        db.session.execute(sa.text("INSERT INTO resolution (bid_id, criterion_code, points, reason, decided_at) "
                                   "VALUES (:bid, 'QUAL-TECH', 60, 'entered as 60%', '2027-03-09 10:00:00')"),
                           {"bid": bid_id})
        db.session.commit()
        schema_migrations.upgrade()
        row = db.session.scalars(select(Resolution)).one()
        assert (row.kind, row.reason, row.criterion_code) == ("minimum", "entered as 60%", "QUAL-TECH")
        db.engine.dispose()
    databases.grant(database_url)
    page = _page(opened, tender_id)
    assert page.status_code == 200
    words = " ".join(page.get_data(as_text=True).split())
    assert "Technical solution and safety concept: scored at the rule's minimum — entered as 60%" in words
    tech = _result(app, tender_id).bid(BIDDER).criterion("QUAL-TECH")
    assert (tech.status, tech.points) == ("resolved", 0)


@pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL"),
                    reason="SQLite runs each write transaction alone (BEGIN IMMEDIATE): the race exists on PostgreSQL")
def test_the_same_resolution_sent_twice_at_once_keeps_the_first(app, tender_id, opened, monkeypatch):
    bid_id = _blank(app, tender_id, "RES-EOL")
    checked = resolving._evaluated

    def first_click_lands_meanwhile(tender, lot=None):
        result = checked(tender, lot)
        with db.engine.begin() as other:
            other.execute(sa.insert(Resolution.__table__).values(
                bid_id=bid_id, criterion_code="RES-EOL", kind="minimum", reason="first click", is_bid_unchanged=False,
                decided_at=datetime(2027, 3, 9, 10, tzinfo=timezone.utc)))
        return result

    monkeypatch.setattr(resolving, "_evaluated", first_click_lands_meanwhile)
    body = _resolve(opened, tender_id, bid_id, "RES-EOL", kind="exclude", reason="second click")
    assert "was resolved a moment ago; reload the page" in body
    with app.app_context():
        assert [r.reason for r in db.session.scalars(select(Resolution))] == ["first click"]
