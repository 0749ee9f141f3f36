"""A contract reported per call-off (tender.yaml `reporting: {period: call_off, report_within_days: 30}`): the
officer records each call-off, each is a reporting period numbered in order of date and due 30 days after it.

The magnet sample's contract, made at finalisation, is turned into one reported per call-off that started 200
days ago. A call-off 40 days ago is due 40 - 30 = 10 days ago: overdue; one 5 days ago is due in 25 days: due.
"""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.clock import utcnow
from app.extensions import db
from app.models import AuditEvent, CallOff, Contract
from app.presentation import date_text
from tests.web.concurrency import outcome, run_together
from tests.web.conftest import login, post_form
from tests.web.contract_steps import bid_supply, filled_report, signed_in, upload, with_recycled
from tests.web.report_helpers import pdf_text, squeezed

PER_CALL_OFF = {"period": "call_off", "report_within_days": 30}


@pytest.fixture
def magnets(app, make_user):
    ids = signed_in(app, make_user)
    with app.app_context():
        contract = db.session.get(Contract, ids["contract"])
        contract.conditions = {**contract.conditions, "reporting": PER_CALL_OFF}
        contract.starts_on = utcnow().date() - timedelta(days=200)
        db.session.commit()
    return ids


def record(client, contract_id: int, called_on: str, reference: str = "Order 17: 2 t of magnet sets"):
    return post_form(client, f"/contracts/{contract_id}/call-offs",
                     {"called_on": called_on, "reference": reference})


def days_ago(days: int) -> str:
    return (utcnow().date() - timedelta(days=days)).isoformat()


def call_offs(app) -> list[tuple[str, str]]:
    with app.app_context():
        rows = db.session.scalars(select(CallOff).order_by(CallOff.id))
        return [(row.called_on.isoformat(), row.reference) for row in rows]


def day_words(app, days: int) -> str:
    with app.test_request_context():
        return date_text(utcnow().date() - timedelta(days=days))


def test_the_officer_records_a_call_off_and_its_report_falls_due(app, magnets):
    contract = magnets["contract"]
    page = record(magnets["officer"], contract, days_ago(5)).get_data(as_text=True)
    assert f"Call-off recorded: its report is due by {day_words(app, 5 - 30)}." in page
    assert f"call-off 1 of {day_words(app, 5)} (Order 17: 2 t of magnet sets)" in page
    assert day_words(app, 5 - 30) in page and "report due" in page  # due 30 days after the call-off
    assert call_offs(app) == [(days_ago(5), "Order 17: 2 t of magnet sets")]
    with app.app_context():
        event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "contract.call_off")).one()
        assert (event.object_type, event.object_id) == ("contract", str(contract))
        assert days_ago(5) in event.details and '"number":1' in event.details
    assert "call-off recorded under a contract" in magnets["auditor"].get(f"/contracts/{contract}").get_data(
        as_text=True)
    contractor = magnets["contractor"].get(f"/portal/contracts/{contract}").get_data(as_text=True)
    assert f"call-off 1 of {day_words(app, 5)}" in contractor and f"Report due by {day_words(app, -25)}." in contractor


@pytest.mark.parametrize(("called_on", "reference", "message"), [
    (-2, "Order 18", "Date of the call-off: A call-off is recorded once it is made: give a date no later than today."),
    ("", "Order 18", "Date of the call-off: Give the date of the call-off."),
    ("31.02.2027", "Order 18", "Date of the call-off: Not a valid date value."),
    (201, "Order 18", "Date of the call-off: A call-off is made under the contract: give a date no earlier than"),
    (3, "  ", "Reference or short description: Give the call-off&#39;s reference or a short description."),
])
def test_a_bad_call_off_is_refused_at_its_field(app, magnets, called_on, reference, message):
    day = days_ago(called_on) if isinstance(called_on, int) else called_on  # -2: a future day in any zone
    response = record(magnets["officer"], magnets["contract"], day, reference)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert call_offs(app) == []


def test_call_offs_are_recorded_in_the_order_they_are_made(app, magnets):
    """Two call-offs on one day are two contracts under the framework agreement: both are recorded. The same
    day with the same reference is the same call-off sent twice; a day before the latest would renumber it."""
    contract = magnets["contract"]
    for reference in ("Order 17", "Order 18"):
        assert "Call-off recorded" in record(magnets["officer"], contract, days_ago(10), reference).get_data(
            as_text=True)
    again = record(magnets["officer"], contract, days_ago(10), "Order 18").get_data(as_text=True)
    assert "A call-off of this day with this reference is already recorded." in again
    earlier = record(magnets["officer"], contract, days_ago(11), "Order 16").get_data(as_text=True)
    assert f"give a date no earlier than the latest one recorded, {day_words(app, 10)}." in earlier
    assert call_offs(app) == [(days_ago(10), "Order 17"), (days_ago(10), "Order 18")]
    page = magnets["officer"].get(f"/contracts/{contract}").get_data(as_text=True)
    assert "call-off 2 of" in page and "(Order 18)" in page


def test_only_the_tenders_officers_record_call_offs(app, magnets, make_organisation, make_user):
    contract = magnets["contract"]
    assert record(magnets["auditor"], contract, days_ago(5)).status_code == 403
    assert record(magnets["contractor"], contract, days_ago(5)).status_code == 403
    stranger = app.test_client()
    login(stranger, make_user("officer", email="stranger@contract.example",
                              organisation_id=make_organisation("Another Authority")))
    assert record(stranger, contract, days_ago(5)).status_code == 404
    assert call_offs(app) == []
    assert 'id="record-call-off"' not in magnets["auditor"].get(f"/contracts/{contract}").get_data(as_text=True)


def test_due_and_overdue_by_call_off_on_pages_dashboards_and_the_pdf(app, magnets):
    contract = magnets["contract"]
    record(magnets["officer"], contract, days_ago(40), "Order 17")
    record(magnets["officer"], contract, days_ago(5), "Order 18")
    for who in ("officer", "contractor"):
        dashboard = magnets[who].get("/dashboard").get_data(as_text=True)
        assert "call-off 1: report overdue" in dashboard and "call-off 2: report due" in dashboard
    assert "report overdue" in magnets["contractor"].get(f"/portal/contracts/{contract}").get_data(as_text=True)
    officer = magnets["officer"].get(f"/contracts/{contract}").get_data(as_text=True)
    assert 'class="state-overdue"' in officer and 'class="state-due"' in officer
    text = squeezed(pdf_text(magnets["officer"].get(f"/contracts/{contract}/performance.pdf").data))
    assert squeezed(f"call-off 1 of {day_words(app, 40)} (Order 17) · report overdue") in text
    assert squeezed(f"Report due by {day_words(app, 10)}.") in text


def test_the_contractor_reports_only_on_a_recorded_call_off(app, magnets):
    contract = magnets["contract"]
    assert "No call-off is recorded under this contract yet" in magnets["contractor"].get(
        f"/portal/contracts/{contract}").get_data(as_text=True)
    refused = magnets["contractor"].get(f"/portal/contracts/{contract}/periods/1/report.xlsx", follow_redirects=True)
    assert "No call-off 1 is recorded under this contract" in refused.get_data(as_text=True)
    record(magnets["officer"], contract, days_ago(5))
    template = magnets["contractor"].get(f"/portal/contracts/{contract}/periods/1/report.xlsx")
    assert template.status_code == 200
    report = filled_report(template.data, with_recycled(bid_supply(app, magnets["bid"]), 18))
    unrecorded = upload(magnets["contractor"], contract, 2, report)
    assert "No call-off 2 is recorded under this contract" in unrecorded.get_data(as_text=True)
    assert upload(magnets["contractor"], contract, 1, report).status_code == 302
    with app.app_context():
        assert [r.period for r in db.session.get(Contract, contract).reports] == [1]
    assert "call-off 1: report" not in magnets["officer"].get("/dashboard").get_data(as_text=True)


def test_a_yearly_contract_records_no_call_offs(app, make_user):
    ids = signed_in(app, make_user)
    assert 'id="record-call-off"' not in ids["officer"].get(f"/contracts/{ids['contract']}").get_data(as_text=True)
    refused = record(ids["officer"], ids["contract"], days_ago(0)).get_data(as_text=True)
    assert "This contract is reported per contract year: it records no call-offs." in refused
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(CallOff)) == 0


def test_the_same_call_off_sent_twice_at_once_is_recorded_once(app, magnets, make_user):
    """Two officers record the same call-off at once: one is stored, the other is told at its field, nothing
    answers 500 (PostgreSQL: TEST_DATABASE_URL)."""
    colleague = app.test_client()
    login(colleague, make_user("officer", email="colleague@contract.example", organisation_id=magnets["authority"]))
    answers = run_together([lambda client=client: outcome(record(client, magnets["contract"], days_ago(3)),
                                                          "Call-off recorded")
                            for client in (magnets["officer"], colleague)])
    assert answers == {"done": 1, "other 200": 1}
    assert call_offs(app) == [(days_ago(3), "Order 17: 2 t of magnet sets")]
