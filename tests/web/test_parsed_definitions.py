"""A stored tender is parsed once per version of its row, however many pages read it; a draft's edits show at once."""
from __future__ import annotations

import re
from collections import Counter
from io import BytesIO
from pathlib import Path

import pytest
from sqlalchemy import select

from app.demo import DEMO_PASSWORD
from app.extensions import db
from app.models import Criterion, Tender
from app.models.tender import DRAFT
from app.records import definition
from app.records.definition import scoring_tender
from app.records.memo import LastUsed
from tests.web.conftest import csrf_token, login
from tests.web.portal_steps import store_tender

MAGNETS = Path(__file__).parents[2] / "sample_tenders" / "ndfeb-magnets"


@pytest.fixture
def parses(monkeypatch) -> Counter:
    """How often the records layer parsed each tender reference."""
    counted: Counter = Counter()
    parse = definition.parse_tender

    def counting(data):
        counted[data["reference"]] += 1
        return parse(data)

    monkeypatch.setattr(definition, "parse_tender", counting)
    return counted


def _self_assess(client, tender_id: int, workbook: bytes):
    page = f"/portal/tenders/{tender_id}"
    form = {"workbook": (BytesIO(workbook), "bid.xlsx"), "csrf_token": csrf_token(client, page),
            "live_version": re.search(r'name="live_version" type="hidden" value="(\d+)"',
                                      client.get(page).get_data(as_text=True)).group(1)}
    return client.post(f"{page}/self-assessment", data=form, content_type="multipart/form-data")


def test_portal_self_assessment_and_results_pages_parse_each_tender_version_once(app, runner, parses):
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    with app.app_context():
        magnets = db.session.scalar(select(Tender).where(Tender.status == "finalised"))
        tender_id, reference = magnets.id, magnets.reference
    app.extensions.pop("resbid.parsed_definitions", None)  # the loader read the final version (its sample contract)
    parses.clear()
    bidder, officer = app.test_client(), app.test_client()
    login(bidder, "bidder@resbid.example", DEMO_PASSWORD)
    login(officer, "officer@resbid.example", DEMO_PASSWORD)
    for _ in range(2):
        assert bidder.get(f"/portal/tenders/{tender_id}").status_code == 200
        assessed = _self_assess(bidder, tender_id, (MAGNETS / "bids" / "iberiman-magnetics.xlsx").read_bytes())
        assert assessed.status_code == 200 and "would earn" in assessed.get_data(as_text=True)
        assert officer.get(f"/tenders/{tender_id}/results").status_code == 200
        assert bidder.get(f"/portal/tenders/{tender_id}/template.xlsx").status_code == 200
    assert parses[reference] == 1


def test_a_drafts_edited_criteria_are_read_at_once_and_a_new_version_is_parsed_again(app, parses):
    tender_id = store_tender(app, status=DRAFT)
    with app.app_context():
        tender = db.session.get(Tender, tender_id)
        assert scoring_tender(tender).criteria[0].name == "Price"
        db.session.scalar(select(Criterion).where(Criterion.code == "PRICE")).name = "Total price"
        db.session.commit()  # a tree edit: the tender's own row, and so its version, stays as it was
        assert scoring_tender(db.session.get(Tender, tender_id)).criteria[0].name == "Total price"
        tender.status = "published"
        db.session.commit()
        published = scoring_tender(tender)
        assert scoring_tender(tender) is published
        tender.title = "Another title"
        db.session.commit()
        assert scoring_tender(tender).title == "Another title"
    assert parses["RB-2027-MAG-07"] == 4


def test_the_cache_forgets_the_least_recently_used_entry_beyond_its_size():
    kept = LastUsed(2)
    kept.put("a", 1)
    kept.put("b", 2)
    assert kept.get("a") == 1  # "b" is now the least recently used
    kept.put("c", 3)
    assert (kept.get("a"), kept.get("b"), kept.get("c")) == (1, None, 3)


def test_the_cache_builds_a_value_once_and_serves_it_after():
    kept, builds = LastUsed(2), []

    def build():
        builds.append(1)
        return {"built": len(builds)}

    first = kept.get_or_build("a", build)
    assert kept.get_or_build("a", build) is first
    assert (first, len(builds)) == ({"built": 1}, 1)
