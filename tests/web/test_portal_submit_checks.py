"""Submitting checks the bid for what the evaluation would refuse, without drawing the self-assessment's charts."""
from __future__ import annotations

from app.models import Bid
from app.portal import assessment
from tests.web.portal_steps import (
    count,
    frozen_clock,  # noqa: F401  (autouse fixture: the clock stands at NOW)
    post_upload,
    store_tender,
    workbook_for,
)


def test_a_submission_is_checked_without_charting_its_supply_chain(app, client, login_as, monkeypatch):
    charted = []
    comparisons = assessment.resilience_comparisons
    monkeypatch.setattr(assessment, "resilience_comparisons",
                        lambda *args: charted.append(args) or comparisons(*args))
    tender_id = store_tender(app)
    login_as("bidder")
    data = workbook_for(app, tender_id)
    assert post_upload(client, tender_id, data).status_code == 302
    assert count(app, Bid) == 1 and charted == []
    assert post_upload(client, tender_id, data, "self-assessment").status_code == 200
    assert len(charted) == 1  # the self-assessment page still charts it
