"""Bidder portal pages: open tenders, the tender page with criteria and countdown, the template, and who sees them."""
from __future__ import annotations

from datetime import timedelta
from io import BytesIO

from markupsafe import escape
from openpyxl import load_workbook

import workbooks
from app.clock import clock
from app.extensions import db
from app.models import Tender, User
from app.models.tender import DRAFT
from app.portal.deadlines import countdown
from app.tenders.corrigenda import issue_corrigendum
from scoring import parse_tender
from tests.web.conftest import csrf_token, login, user_id
from tests.web.portal_steps import (
    DEFINITION,
    NOW,
    events,
    frozen_clock,  # noqa: F401  (autouse fixture: the clock stands at NOW)
    store_tender,
)


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


def _deadline_cells(workbook: bytes) -> str:
    return " ".join(str(cell) for sheet in load_workbook(BytesIO(workbook)).worksheets
                    for row in sheet.iter_rows(values_only=True) for cell in row if "2027" in str(cell))


def test_every_bidder_of_a_version_gets_one_workbook_and_a_corrigendum_a_new_one(app, client, login_as, make_user,
                                                                                 monkeypatch):
    tender_id = store_tender(app)
    written, write = [], workbooks.build_template
    monkeypatch.setattr(workbooks, "build_template", lambda *parts: written.append(parts) or write(*parts))
    login_as("bidder")
    path = f"/portal/tenders/{tender_id}/template.xlsx"
    first = client.get(path).data
    clock.advance(timedelta(minutes=1))  # a workbook written again now would carry another time
    assert client.get(path).data == first and len(written) == 1
    with app.app_context():  # outside a request every transaction takes SQLite's write lock: one at a time
        authority_id = db.session.get(Tender, tender_id).authority_id
    officer_id = user_id(app, make_user("officer", organisation_id=authority_id))
    with app.app_context():
        tender = db.session.get(Tender, tender_id)
        issue_corrigendum(tender, db.session.get(User, officer_id), tender.submission_deadline_at + timedelta(days=7),
                          tender.opening_at + timedelta(days=7), "A clarification was published late.", tender.version)
        db.session.commit()
    corrected = client.get(path).data
    assert len(written) == 2
    assert "13 January 2027" in _deadline_cells(first) and "20 January 2027" in _deadline_cells(corrected)


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
    # with the withdrawal's confirmation, the checked workbook's submission, adding, removing and downloading
    # documents, and a verification request's page and answer
    assert len(portal_rules) == 15
    for rule in portal_rules:
        path = rule.rule.replace("<int:tender_id>", str(tender_id)).replace("<int:bid_id>", "1").replace(
            "<int:document_id>", "1").replace("<int:request_id>", "1")
        if "POST" in rule.methods:
            response = client.post(path, data={"csrf_token": token})
        else:
            response = client.get(path)
        assert response.status_code == 403, rule.endpoint
    assert len(events(app, "access.denied")) == len(portal_rules)


def test_bidders_see_a_tenders_link_in_the_navigation(app, client, make_user):
    login(client, make_user("bidder"))
    assert 'href="/portal/"' in client.get("/dashboard").get_data(as_text=True)
