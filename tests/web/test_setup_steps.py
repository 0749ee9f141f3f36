"""The set-up steps the other set-up tests take (setup_steps.py) build a publishable tender."""
from __future__ import annotations

from app.clock import clock
from tests.web.setup_steps import NOW, build_valid_tree, create_draft


def test_the_steps_build_a_publishable_tender(app, client, login_as):
    clock.freeze(NOW)
    login_as("officer")
    tender_id = create_draft(client)
    build_valid_tree(app, client, tender_id)
    html = client.get(f"/tenders/{tender_id}").get_data(as_text=True)
    assert 'id="problems"' not in html
    assert 'id="publish"' in html
