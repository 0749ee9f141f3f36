"""The results page's body is rendered once per stored result, view and language, and never served stale or to a
reader who may not see it (app/evaluation/results_fragments.py)."""
from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.models import Bid, Tender
from app.presentation import formatting_in, points_text
from app.records.stored_results import evaluation_of
from tests.web.conftest import post_form


def body_of(page: str) -> str:
    """The part of a results page from the ranking's pager on, in any language (the layout around it carries a fresh
    CSRF token per request)."""
    return page.split('<nav class="pager"', 1)[1].split("</main>", 1)[0]


def kept_bodies(app) -> int:
    memo = app.extensions.get("resbid.results_bodies")
    return len(memo._entries) if memo else 0


def test_a_kept_body_is_served_again_and_replaced_when_its_inputs_change(app, tender_id, opened):
    chair, results = opened["chair"], f"/tenders/{tender_id}/results"
    first = body_of(chair.get(results).get_data(as_text=True))
    assert kept_bodies(app) == 1
    assert body_of(chair.get(results).get_data(as_text=True)) == first and kept_bodies(app) == 1
    with app.app_context():
        bid_id, bidder = db.session.execute(select(Bid.id, Bid.label).where(Bid.tender_id == tender_id)
                                            .order_by(Bid.id)).first()
    post_form(chair, f"/tenders/{tender_id}/decisions/exclude",
              {"bid_id": bid_id, "reason": "Art. 57(4)(h): serious misrepresentation"})
    changed = body_of(chair.get(results).get_data(as_text=True))
    assert "Excluded by the officer: Art. 57(4)(h): serious misrepresentation" in changed
    assert "Excluded by the officer" not in first and kept_bodies(app) == 2
    assert body_of(chair.get(f"{results}?bid={bidder}").get_data(as_text=True)) != changed  # another view, another body


def test_each_language_gets_its_own_body(app, tender_id, opened):
    chair, alice, results = opened["chair"], opened["alice"], f"/tenders/{tender_id}/results"
    english = body_of(chair.get(results).get_data(as_text=True))
    post_form(alice, "/language", {"language": "de", "next": results})
    german = body_of(alice.get(results).get_data(as_text=True))
    with app.app_context():
        top = evaluation_of(db.session.get(Tender, tender_id)).result.bids[0].total
    with formatting_in("de"):
        german_total = points_text(top)
    assert points_text(top) in english and german_total in german and german_total not in english
    assert body_of(chair.get(results).get_data(as_text=True)) == english


def test_a_kept_body_is_refused_to_a_member_who_may_not_see_prices(app, tender_id, technical):
    """Two envelopes: the technical member is refused the page the chair's request has kept (Directive
    2014/24/EU Annex IV (d))."""
    committee, tech = technical, technical["tech"]
    results = f"/tenders/{tender_id}/results"
    assert committee["chair"].get(results).status_code == 200 and kept_bodies(app) == 1
    refused = tech.get(results)
    assert refused.status_code == 403 and 'id="ranking"' not in refused.get_data(as_text=True)
