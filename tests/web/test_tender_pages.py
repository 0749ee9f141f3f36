"""Officer tender pages: the authority's own tenders only, and results only after opening, for the committee."""
from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

from sqlalchemy import select

from app.demo import DEMO_PASSWORD
from app.extensions import db
from app.models import Tender
from tests.web.conftest import login

SAMPLES = Path(__file__).parents[2] / "sample_tenders"


def _demo(app, runner) -> dict[str, Tender]:
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    with app.app_context():
        return {t.status: t.id for t in db.session.scalars(select(Tender))}


def test_results_page_agrees_with_the_cli(app, runner, client):
    ids = _demo(app, runner)
    login(client, "officer@resbid.example", DEMO_PASSWORD)
    page = client.get(f"/tenders/{ids['finalised']}/results")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    cli = json.loads(runner.invoke(args=["tender", "evaluate", str(SAMPLES / "ndfeb-magnets"), "--json"]).stdout)
    for bid in cli["bids"]:
        assert bid["bidder"] in html
        assert f"{bid['total']:.2f}" in html
    assert cli["sensitivity"]["summary"].split(";")[0] in html
    text = unescape(html)
    for row in cli["sensitivity"]["price_formulas"]:
        assert row["description"] in text and row["changes"] in text


def test_sealed_tender_shows_only_the_number_of_bids(app, runner, client):
    ids = _demo(app, runner)
    login(client, "officer@resbid.example", DEMO_PASSWORD)
    html = client.get(f"/tenders/{ids['published']}").get_data(as_text=True)
    assert re.search(r'id="bids-received">\d+<', html)
    assert "Hardanger" not in html
    for status in ("published", "closed"):  # the demo officer sits on neither committee: refused, nothing shown
        results = client.get(f"/tenders/{ids[status]}/results")
        assert results.status_code == 403 and "Hardanger" not in results.get_data(as_text=True)


def test_officer_of_another_authority_gets_404(app, runner, client, make_user):
    ids = _demo(app, runner)
    login(client, make_user("officer"))
    assert client.get(f"/tenders/{ids['finalised']}").status_code == 404
    assert client.get(f"/tenders/{ids['finalised']}/results").status_code == 404


def test_officer_outside_the_committee_cannot_see_results(app, runner, client, make_user):
    ids = _demo(app, runner)
    with app.app_context():
        authority_id = db.session.get(Tender, ids["finalised"]).authority_id
    login(client, make_user("officer", organisation_id=authority_id))
    assert client.get(f"/tenders/{ids['finalised']}").status_code == 200
    assert client.get(f"/tenders/{ids['finalised']}/results").status_code == 403


def test_compared_bids_show_their_resilience_against_the_world_baseline(app, runner, client):
    ids = _demo(app, runner)
    login(client, "officer@resbid.example", DEMO_PASSWORD)
    page = client.get(f"/tenders/{ids['finalised']}/results?bid=nordic-magnet-works&bid=lahntal-magnettechnik")
    html = page.get_data(as_text=True)
    assert 'id="comparison"' in html
    assert html.count("Supply-chain resilience of") == 2
    assert "<svg" in html and "world" in html.lower()
