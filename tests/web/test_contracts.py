"""Contract performance monitoring on the web (Directive 2014/24/EU Art. 70), on the finalised magnet sample.

The winner, Nordic Magnet Works AB, committed 40% as the largest third-country share of dysprosium refining and
18% recycled feedstock at magnet making (the values of its bid that the final evaluation scored). A report with
11% recycled feedstock falls 18 - 11 = 7 metric points short, beyond the tolerance of 2: at 2,500 EUR a point
below the commitment, 7 x 2,500 = 17,500 EUR; dysprosium refining stays at 40%, on target.
"""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.clock import clock, utcnow
from app.extensions import db
from app.models import AuditEvent, Contract, ShortfallResponse, Tender
from app.records.stored_results import inputs_key
from app.reports.sources import report_data_version, tender_events
from tests.web.concurrency import outcome, run_together
from tests.web.conftest import login, post_form
from tests.web.contract_steps import bid_supply, bid_workbook, filled_report, signed_in, upload, with_recycled
from tests.web.query_counting import statements_of
from tests.web.report_helpers import pdf_text, squeezed


@pytest.fixture
def magnets(app, make_user):
    return signed_in(app, make_user)


def report_year_one(app, magnets, recycled: float):
    template = magnets["contractor"].get(f"/portal/contracts/{magnets['contract']}/periods/1/report.xlsx")
    assert template.status_code == 200 and template.headers["Content-Disposition"].startswith("attachment")
    lines = with_recycled(bid_supply(app, magnets["bid"]), recycled)
    return upload(magnets["contractor"], magnets["contract"], 1, filled_report(template.data, lines))


def test_finalising_makes_the_contract_with_the_winners_commitments(app, magnets):
    with app.app_context():
        contract = db.session.get(Contract, magnets["contract"])
        assert contract.organisation_id == magnets["winner"]
        assert [(c["code"], c["value"], c["points"]) for c in contract.commitments] == [
            ("RES-DY-REF", 40.0, 100.0), ("RES-RECYCLED", 18.0, 90.0)]
        assert db.session.scalar(select(AuditEvent.action).where(AuditEvent.object_type == "contract")) == \
            "contract.create"


def test_only_the_contractor_and_the_authority_see_the_contract(magnets):
    contract = magnets["contract"]
    assert "Nordic Magnet Works AB" in magnets["contractor"].get("/portal/").get_data(as_text=True)
    assert magnets["contractor"].get(f"/portal/contracts/{contract}").status_code == 200
    assert f"/portal/contracts/{contract}" not in magnets["other"].get("/portal/").get_data(as_text=True)
    assert magnets["other"].get(f"/portal/contracts/{contract}").status_code == 404
    assert magnets["other"].get(f"/portal/contracts/{contract}/periods/1/report.xlsx").status_code == 404
    assert magnets["contractor"].get(f"/contracts/{contract}").status_code == 403
    assert magnets["officer"].get(f"/contracts/{contract}").status_code == 200
    assert magnets["auditor"].get(f"/contracts/{contract}").status_code == 200


def test_a_report_shows_delivered_against_committed_at_once(app, magnets):
    response = report_year_one(app, magnets, recycled=11)
    assert response.status_code == 302
    page = magnets["contractor"].get(response.headers["Location"]).get_data(as_text=True)
    assert "Report received" in page
    assert "11.0%" in page and "18.0%" in page
    assert "7 metric points" in page and "17,500.00 EUR" in page
    with app.app_context():
        event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "contract.report")).one()
        assert '"RES-RECYCLED"' in event.details and "17500" in event.details
        assert event.tender_id == magnets["tender"]


def test_what_happens_under_the_contract_shows_on_the_authoritys_audit_page_outside_the_evaluation_record(
        app, magnets):
    with app.app_context():
        tender = db.session.get(Tender, magnets["tender"])
        before = inputs_key(tender), report_data_version(tender), [event.seq for event in tender_events(tender)]
    assert report_year_one(app, magnets, recycled=11).status_code == 302
    events = magnets["auditor"].get("/audit/").get_data(as_text=True).split('id="audit-events"', 1)[1]
    events = events.split("</table>", 1)[0]
    named = {"contract performance report submitted":
             "performance report for year 1 of the contract with Nordic Magnet Works AB",
             "performance report workbook downloaded": "contract with Nordic Magnet Works AB"}
    for action, words in named.items():
        rows = [row for row in events.split("<tr")[1:] if action in row]
        assert len(rows) == 1 and "RB-2027-MAG-01" in rows[0]  # under the contract's tender
        assert words in rows[0]  # the object as people name it
    assert magnets["other"].get("/audit/").status_code == 403  # another bidder reads no audit page
    with app.app_context():
        tender = db.session.get(Tender, magnets["tender"])
        assert (inputs_key(tender), report_data_version(tender), [event.seq for event in tender_events(tender)]) \
            == before  # the stored evaluation and the evaluation report stay as finalised


def test_a_bid_workbook_is_refused_as_a_report_with_a_placed_message(app, magnets):
    response = upload(magnets["contractor"], magnets["contract"], 1, bid_workbook(app, magnets["bid"]))
    assert response.status_code == 422
    assert "This is a bid workbook, not a contract performance report" in response.get_data(as_text=True)


def test_the_officer_responds_once_to_each_shortfall(app, magnets):
    report_year_one(app, magnets, recycled=11)
    with app.app_context():
        report_id = db.session.scalar(select(Contract).where(Contract.id == magnets["contract"])).reports[0].id
    path = f"/contracts/{magnets['contract']}/reports/{report_id}/responses/RES-RECYCLED"
    prefix = f"r{report_id}-RES-RECYCLED"
    refused = post_form(magnets["officer"], path, {f"{prefix}-kind": "accepted", f"{prefix}-reason": ""})
    assert "Say why the shortfall is accepted." in refused.get_data(as_text=True)
    deadline = (utcnow().date() + timedelta(days=60)).isoformat()
    page = post_form(magnets["officer"], path, {f"{prefix}-kind": "remedy", f"{prefix}-deadline": deadline,
                                                f"{prefix}-reason": "Restore 18% recycled feedstock."})
    assert "Response recorded." in page.get_data(as_text=True)
    again = post_form(magnets["officer"], path, {f"{prefix}-kind": "amount"})
    assert "already recorded" in again.get_data(as_text=True)
    on_target = post_form(magnets["officer"], path.replace("RES-RECYCLED", "RES-DY-REF"),
                          {f"r{report_id}-RES-DY-REF-kind": "amount"})
    assert "there is no shortfall to respond to" in on_target.get_data(as_text=True)
    with app.app_context():
        response = db.session.scalars(select(ShortfallResponse)).one()
        assert (response.kind, response.deadline.isoformat()) == ("remedy", deadline)
    history = magnets["auditor"].get(f"/contracts/{magnets['contract']}").get_data(as_text=True)
    for words in ("contract made with the award", "contract performance report submitted",
                  "response to a contract shortfall recorded"):
        assert words in history
    assert "Record the response" not in history  # auditors read
    log = magnets["auditor"].get("/audit/?action=contract.respond").get_data(as_text=True)
    assert ("response to the shortfall on RES-RECYCLED in the performance report for year 1 of the contract with "
            "Nordic Magnet Works AB") in log


def test_reports_due_and_overdue_show_on_the_dashboards(magnets):
    clock.freeze(utcnow() + timedelta(days=366 + 91))  # year 1 ended, its 90 days passed, no report
    dashboard = magnets["officer"].get("/dashboard").get_data(as_text=True)
    assert "year 1: report overdue" in dashboard
    assert "year 1: report overdue" in magnets["contractor"].get("/dashboard").get_data(as_text=True)


def test_the_performance_pdf_sets_delivery_against_commitments(app, magnets):
    report_year_one(app, magnets, recycled=11)
    response = magnets["officer"].get(f"/contracts/{magnets['contract']}/performance.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    text = squeezed(pdf_text(response.data))
    assert squeezed("Contract performance report") in text and squeezed("17,500.00 EUR") in text


def test_contract_pages_run_as_many_statements_for_more_reports(app, magnets):
    """A report (and its responses) more changes no page's number of statements: nothing is loaded per report."""
    contract = magnets["contract"]
    clock.freeze(utcnow() + timedelta(days=400))  # year 1 ended (its report due), year 2 open
    report_year_one(app, magnets, recycled=11)

    def measure(workbook_period: int) -> dict[str, int]:
        pages = [("contractor", f"/portal/contracts/{contract}"), ("contractor", "/dashboard"),
                 ("contractor", "/portal/"),
                 ("contractor", f"/portal/contracts/{contract}/periods/{workbook_period}/report.xlsx"),
                 ("officer", f"/contracts/{contract}"), ("officer", "/dashboard"),
                 ("officer", f"/tenders/{magnets['tender']}"), ("auditor", f"/contracts/{contract}"),
                 ("auditor", "/auditor/"), ("officer", f"/contracts/{contract}/performance.pdf")]
        return {f"{who} page {index}": statements_of(app, magnets[who], path)
                for index, (who, path) in enumerate(pages)}

    one = measure(2)
    template = magnets["contractor"].get(f"/portal/contracts/{contract}/periods/2/report.xlsx").data
    lines = with_recycled(bid_supply(app, magnets["bid"]), 10)
    assert upload(magnets["contractor"], contract, 2, filled_report(template, lines)).status_code == 302
    clock.advance(timedelta(days=366))  # year 3 open
    assert measure(3) == one


def test_the_contract_pages_speak_german_and_french(app, magnets):
    report_year_one(app, magnets, recycled=11)
    contract = magnets["contract"]
    german = magnets["contractor"].get(f"/portal/contracts/{contract}", headers={"Accept-Language": "de"})
    assert "Auftragnehmer" in german.get_data(as_text=True) and "Unterschreitung:" in german.get_data(as_text=True)
    french = magnets["officer"].get(f"/contracts/{contract}", headers={"Accept-Language": "fr"})
    assert "Titulaire" in french.get_data(as_text=True) and "Écart :" in french.get_data(as_text=True)


def test_concurrent_reports_and_responses_never_fail(app, magnets, make_user):
    """Two tabs submit the same period's report at once, two officers answer the same shortfall at once: one
    of each is stored, the other is told why, and nothing answers 500 (PostgreSQL: TEST_DATABASE_URL)."""
    contract = magnets["contract"]
    template = magnets["contractor"].get(f"/portal/contracts/{contract}/periods/1/report.xlsx").data
    data = filled_report(template, with_recycled(bid_supply(app, magnets["bid"]), 11))
    second_tab = app.test_client()
    login(second_tab, "contractor@contract.example")
    uploads = run_together([lambda client=client: str(upload(client, contract, 1, data).status_code)
                            for client in (magnets["contractor"], second_tab)])
    assert uploads == {"302": 1, "422": 1}  # the second is told, at its form, that the period's report is in
    with app.app_context():
        report_id = db.session.scalars(select(Contract).where(Contract.id == contract)).one().reports[0].id
    path = f"/contracts/{contract}/reports/{report_id}/responses/RES-RECYCLED"
    colleague = app.test_client()
    login(colleague, make_user("officer", email="colleague@contract.example", organisation_id=magnets["authority"]))
    answers = run_together([lambda client=client: outcome(post_form(client, path, {
        f"r{report_id}-RES-RECYCLED-kind": "amount"}), "Response recorded.")
        for client in (magnets["officer"], colleague)])
    assert answers == {"done": 1, "other 200": 1}
    with app.app_context():
        assert db.session.scalars(select(ShortfallResponse)).one().amount == 17500
