"""Steps an officer takes through the set-up forms, shared by the set-up tests (test_setup_steps.py checks them
once)."""
from __future__ import annotations

import re
from datetime import datetime, timezone

from sqlalchemy.orm import undefer

from app.extensions import db
from app.models import Criterion, Tender
from tests.web.conftest import csrf_token

NOW = datetime(2027, 1, 10, 9, 0, tzinfo=timezone.utc)  # five weeks before the deadline of DETAILS
DEADLINE_UTC = datetime(2027, 2, 15, 11, 0, tzinfo=timezone.utc)  # 12:00 in Brussels (CET, UTC+1)

DETAILS = {
    "reference": "RB-TEST-01", "title": "Sintered NdFeB magnet sets", "subject": "Magnet sets for e-bus motors",
    "cpv_code": "31000000-6", "cn_code": "8505 11 00", "estimated_value": "3200000", "currency": "EUR",
    "time_zone": "Europe/Brussels", "submission_deadline": "2027-02-15T12:00", "opening_time": "2027-02-15T14:00",
    "is_two_envelope": "y",
}
LINEAR_FIELDS = {"better": "lower", "anchors-0-value": "50", "anchors-0-points": "100", "anchors-1-value": "100",
                 "anchors-1-points": "0"}
CRITERION_FORM = dict.fromkeys(("parent", "description", "size", "min_score", "rule_kind",
                                "source_metric", "source_stage", "source_material"), "") | {"eforms_type": "quality"}
PRICE = {"parent": "", "code": "PRICE", "name": "Price", "eforms_type": "price", "size": "40",
         "rule_kind": "price_proportional"}
QUALITY = {"parent": "", "code": "QUAL", "name": "Quality", "eforms_type": "quality", "size": "60", "rule_kind": ""}
RECYCLING = {"code": "QUAL-EOL", "name": "Recycling in the EU", "eforms_type": "quality", "size": "50",
             "rule_kind": "yes_no", "points_yes": "100", "points_no": "0"}
REFINING = {"code": "QUAL-ND-REF", "name": "Neodymium refining concentration", "eforms_type": "quality",
            "size": "50", "rule_kind": "linear", **LINEAR_FIELDS,
            "source_metric": "largest_third_country_share", "source_stage": "processing", "source_material": "Nd"}
LINEAR_WORDS = ("Lower is better: 50 or less gets full points and 100 or more gets no points, "
                "on a straight line in between.")


def post(client, path: str, data: dict, **kwargs):
    """Submit a form the way a browser does, with the session's CSRF token."""
    return client.post(path, data={**data, "csrf_token": csrf_token(client, "/tenders/new")}, **kwargs)


def hidden(html: str, name: str) -> str:
    """The value of a hidden input on a page."""
    match = re.search(rf'name="{name}"[^>]*value="([^"]*)"', html) or re.search(
        rf'value="([^"]*)"[^>]*name="{name}"', html)
    assert match, f"no hidden {name} on the page"
    return match.group(1)


def tender_id_of(response) -> int:
    """The tender id in the address a set-up form redirected to."""
    return int(re.search(r"/tenders/(\d+)", response.headers["Location"]).group(1))


def stored(app, tender_id: int) -> Tender:
    """A fresh read of the tender row, its deferred columns too (detached: read its columns only)."""
    with app.app_context():
        tender = db.session.get(Tender, tender_id, options=[undefer("*")])
        db.session.expunge(tender)
        return tender


def criterion_id(app, tender_id: int, code: str) -> int:
    """The id of a tender's criterion by its code."""
    with app.app_context():
        return db.session.scalar(db.select(Criterion.id).where(Criterion.tender_id == tender_id,
                                                               Criterion.code == code))


def criterion_version(app, tender_id: int, code: str) -> int:
    """The stored version of a tender's criterion."""
    with app.app_context():
        return db.session.get(Criterion, criterion_id(app, tender_id, code)).version


def create_draft(client, **overrides) -> int:
    """Create a draft through the details form; return its id."""
    response = post(client, "/tenders/new", {**DETAILS, **overrides})
    assert response.status_code == 302, response.get_data(as_text=True)
    return tender_id_of(response)


def add_criterion(client, tender_id: int, fields: dict):
    """Submit the new-criterion form as a browser does: every field, the untouched ones empty."""
    return post(client, f"/tenders/{tender_id}/criteria/new", {**CRITERION_FORM, **fields})


def build_valid_tree(app, client, tender_id: int) -> None:
    """Bill of materials, a price criterion and a quality group of two criteria, weights summing to 100."""
    version = stored(app, tender_id).version
    response = post(client, f"/tenders/{tender_id}/materials", {
        "lines-0-material": "Nd", "lines-0-kg_per_unit": "0.225", "version": version})
    assert response.status_code == 302, response.get_data(as_text=True)
    for fields in (PRICE, QUALITY):
        assert add_criterion(client, tender_id, fields).status_code == 302
    group = str(criterion_id(app, tender_id, "QUAL"))
    for fields in (RECYCLING, REFINING):
        response = add_criterion(client, tender_id, {**fields, "parent": group})
        assert response.status_code == 302, response.get_data(as_text=True)


def publish_ticket(client, tender_id: int) -> dict:
    """The version and definition the publication page names (the ones the officer saw)."""
    html = client.get(f"/tenders/{tender_id}/publish").get_data(as_text=True)
    return {"version": hidden(html, "version"), "definition_sha256": hidden(html, "definition_sha256")}


def publish(client, tender_id: int, **fields):
    """Confirm on the publication page (`fields`: a ground and reason for a short time limit)."""
    return post(client, f"/tenders/{tender_id}/publish", {**publish_ticket(client, tender_id), **fields})


def published_tender(app, client) -> int:
    """A tender built through the forms and published; return its id."""
    tender_id = create_draft(client)
    build_valid_tree(app, client, tender_id)
    assert publish(client, tender_id).status_code == 302
    assert stored(app, tender_id).status == "published"
    return tender_id
