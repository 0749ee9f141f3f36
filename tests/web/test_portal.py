"""Bidder portal pages: open tenders, the tender page with criteria and countdown, the template, and who sees them.

Also the helpers the other portal tests import: a small published tender stored from a definition
dict, its filled workbook, and uploading through the real form.
"""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from io import BytesIO

import pytest
from markupsafe import escape
from openpyxl import load_workbook
from sqlalchemy import func, select

from app.clock import clock
from app.extensions import db
from app.models import AuditEvent, Organisation, Tender
from app.models.organisation import AUTHORITY
from app.models.tender import DRAFT, PUBLISHED
from app.portal.deadlines import countdown
from app.records import definition
from scoring import parse_tender
from scoring.resilience import SupplyLine
from tender_files.bids import tender_info
from tender_files.metadata import TenderMeta
from tests.web.conftest import csrf_token, login
from workbooks import BidFilling, CompanyDetails, build_template, fill_workbook

NOW = datetime(2027, 1, 10, 9, 0, tzinfo=timezone.utc)
DEADLINE = NOW + timedelta(days=3, hours=4)  # 13 Jan 2027 13:00 UTC, 14:00 in Brussels
DEFINITION = {
    "title": "Permanent magnets for tram traction motors",
    "currency": "EUR",
    "bill_of_materials": {"Nd": 0.8, "Dy": 0.2},
    "criteria": [
        {"code": "PRICE", "name": "Price", "type": "price", "weight": 40, "rule": {"kind": "price_proportional"}},
        {"code": "EOL", "name": "End-of-life recycling in the EU", "weight": 20,
         "rule": {"kind": "yes_no", "points_yes": 100, "points_no": 0}},
        {"code": "DY-REF", "name": "Dy refining concentration", "weight": 25,
         "source": {"metric": "largest_third_country_share", "stage": "processing", "material": "Dy"},
         "rule": {"kind": "linear", "better": "lower", "anchors": [[50, 100], [100, 0]]}},
        {"code": "PLAN", "name": "Quality plan", "weight": 15,
         "rule": {"kind": "judgement", "scale": 3, "descriptors": ["none", "weak", "sound", "excellent"]}},
    ],
}
SUPPLY = (SupplyLine("Nd", "extraction", "CN", 70, 0, "Baotou", "Annex 2"),
          SupplyLine("Nd", "extraction", "AU", 30, 0, "Lynas", "Annex 2"),
          SupplyLine("Nd", "processing", "CN", 100, 0, "Baotou", "Annex 3"),
          SupplyLine("Dy", "processing", "CN", 80, 0, "Ganzhou", "Annex 3"),
          SupplyLine("Dy", "processing", "EE", 20, 25, "NPM Silmet", "Annex 3"))
BID = BidFilling(company=CompanyDetails(name="Acme Magnets GmbH", country="DE", controlling_entity="Acme Holding AG",
                                        controlling_country="DE", contact_name="Ana Ruiz",
                                        contact_email="ana@acme.example"),
                 price=Decimal("1250000"), answers={"EOL": False}, supply=SUPPLY)


def store_tender(app, reference: str = "RB-2027-MAG-07", status: str = PUBLISHED,
                 deadline: datetime = DEADLINE) -> int:
    """Store a tender built from DEFINITION, as the officers' pages would; return its id."""
    with app.app_context():
        authority = Organisation(name=f"Stadtwerke {reference}", kind=AUTHORITY, country="BE")
        meta = TenderMeta(reference=reference, title=DEFINITION["title"], authority_name=authority.name,
                          authority_country="BE", submission_deadline_at=deadline,
                          opening_at=deadline + timedelta(hours=1), subject="NdFeB magnets, 400 units",
                          cpv_code="31161000")
        tender = Tender(status=status, published_at=None if status == DRAFT else NOW - timedelta(days=20))
        definition.store(tender, meta, parse_tender({**DEFINITION, "reference": reference}), authority)
        db.session.add_all([authority, tender])
        db.session.commit()
        return tender.id


def workbook_for(app, tender_id: int, **changes) -> bytes:
    """The tender's template filled with BID, changed by `changes` (BidFilling fields)."""
    with app.app_context():
        tender = db.session.get(Tender, tender_id)
        template = build_template(parse_tender(definition.definition_of(tender)),
                                  tender_info(definition.meta_of(tender)))
    return fill_workbook(template, replace(BID, **changes))


def post_upload(client, tender_id: int, data: bytes, action: str = "bids", name: str = "bid.xlsx",
                live_version: int | None = None):
    """Upload through the tender page's form, with its CSRF token and the live version it shows."""
    page = client.get(f"/portal/tenders/{tender_id}").get_data(as_text=True)
    shown = re.search(r'name="live_version" type="hidden" value="(\d+)"', page).group(1)
    form = {"workbook": (BytesIO(data), name), "csrf_token": csrf_token(client, f"/portal/tenders/{tender_id}"),
            "live_version": shown if live_version is None else live_version}
    return client.post(f"/portal/tenders/{tender_id}/{action}", data=form, content_type="multipart/form-data")


def count(app, model, *where) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*where))


def events(app, action: str) -> list[AuditEvent]:
    with app.app_context():
        return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)
                                       .order_by(AuditEvent.seq)))


@pytest.fixture(autouse=True)
def frozen_clock():
    """Every portal test runs at NOW; tests move the clock from there (conftest resets it)."""
    clock.freeze(NOW)


def test_bidder_lists_only_published_tenders_before_their_deadline(app, client, login_as):
    store_tender(app, "RB-OPEN-1")
    store_tender(app, "RB-DRAFT-1", status=DRAFT)
    store_tender(app, "RB-LATE-1", deadline=NOW - timedelta(minutes=1))
    login_as("bidder")
    body = client.get("/portal/").get_data(as_text=True)
    assert "RB-OPEN-1" in body and "closes in 3 days 4 hours" in body
    assert "RB-DRAFT-1" not in body and "RB-LATE-1" not in body
    assert "Your organisation has not submitted any bid yet." in body


def test_tender_page_shows_authority_subject_weights_rule_words_and_countdown(app, client, login_as):
    tender_id = store_tender(app)
    login_as("bidder")
    body = client.get(f"/portal/tenders/{tender_id}").get_data(as_text=True)
    assert "Permanent magnets for tram traction motors" in body and "Stadtwerke RB-2027-MAG-07" in body
    assert "NdFeB magnets, 400 units" in body
    assert "13 Jan 2027 14:00 CET (13 Jan 2027 13:00 UTC)" in body
    assert "closes in 3 days 4 hours" in body
    for criterion in parse_tender({**DEFINITION, "reference": "X"}).criteria:
        assert str(escape(criterion.rule.describe())) in body
    assert "25% of the total" in body and "Submit this workbook as my bid" in body


def test_countdown_in_words_is_computed_on_the_server():
    assert countdown(NOW + timedelta(days=3, hours=4, minutes=59), NOW) == "closes in 3 days 4 hours"
    assert countdown(NOW + timedelta(days=1), NOW) == "closes in 1 day"
    assert countdown(NOW + timedelta(hours=2, minutes=1), NOW) == "closes in 2 hours 1 minute"
    assert countdown(NOW + timedelta(minutes=5), NOW) == "closes in 5 minutes"
    assert countdown(NOW + timedelta(seconds=30), NOW) == "closes in less than a minute"
    assert countdown(NOW, NOW) == "closed"


def test_template_download_is_an_xlsx_attachment_that_openpyxl_opens(app, client, login_as):
    tender_id = store_tender(app)
    login_as("bidder")
    response = client.get(f"/portal/tenders/{tender_id}/template.xlsx")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert "rb-2027-mag-07-bid-workbook.xlsx" in response.headers["Content-Disposition"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheets = load_workbook(BytesIO(response.data), read_only=True).sheetnames
    assert {"Company", "Price", "Answers", "Supply chain"} <= set(sheets)


def test_draft_tender_is_404_for_bidders_and_the_attempt_is_recorded(app, client, login_as):
    tender_id = store_tender(app, status=DRAFT)
    login_as("bidder")
    for path in (f"/portal/tenders/{tender_id}", f"/portal/tenders/{tender_id}/template.xlsx"):
        response = client.get(path)
        assert response.status_code == 404
        assert "RB-2027-MAG-07" not in response.get_data(as_text=True)
    assert [e.object_id for e in events(app, "access.denied")] == ["portal.tender", "portal.template"]


def test_officer_gets_403_on_every_portal_page(app, client, login_as):
    tender_id = store_tender(app)
    login_as("officer")
    token = csrf_token(client, "/dashboard")
    portal_rules = [rule for rule in app.url_map.iter_rules() if rule.endpoint.startswith("portal.")]
    assert len(portal_rules) == 8
    for rule in portal_rules:
        path = rule.rule.replace("<int:tender_id>", str(tender_id)).replace("<int:bid_id>", "1")
        if "POST" in rule.methods:
            response = client.post(path, data={"csrf_token": token})
        else:
            response = client.get(path)
        assert response.status_code == 403, rule.endpoint
    assert len(events(app, "access.denied")) == len(portal_rules)


def test_bidders_see_a_tenders_link_in_the_navigation(app, client, make_user):
    login(client, make_user("bidder"))
    assert 'href="/portal/"' in client.get("/dashboard").get_data(as_text=True)
