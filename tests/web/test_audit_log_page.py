"""The audit page pages through the viewer's events, filters them, exports them as CSV and names objects as
people do; bidders stay nameless before opening; the number of queries does not grow with the events."""
from __future__ import annotations

import csv
import io
import re
from datetime import timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import event, select

from app import audit
from app.clock import clock as app_clock
from app.clock import utcnow
from app.extensions import db
from app.models import Bid, Tender, User
from tests.web.conftest import login


def _tender(app, tender_id):
    with app.app_context():
        tender = db.session.get(Tender, tender_id)
        companies = [bid.organisation.name for bid in db.session.scalars(select(Bid).where(Bid.tender_id == tender_id))]
        labels = [bid.label for bid in db.session.scalars(select(Bid).where(Bid.tender_id == tender_id))]
        return tender.reference, tender.authority_id, companies, labels


def _auditor(app, make_user, tender_id):
    _, authority_id, _, _ = _tender(app, tender_id)
    client = app.test_client()
    login(client, make_user("auditor", organisation_id=authority_id))
    return client


def _get(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_data(as_text=True).replace("<wbr>", "")  # where an address may wrap: no text of its own


def _events(client, url: str) -> str:
    """The events table's text alone (the filter's options name every action too)."""
    page = _get(client, url)
    return page.partition('id="audit-events"')[2].partition("</table>")[0]


def _open(app, tender_id):
    with app.app_context():
        db.session.get(Tender, tender_id).opened_at = utcnow()
        db.session.commit()


def test_objects_are_named_and_bidders_sealed_until_opening(app, tender_id, make_user):
    reference, _, companies, labels = _tender(app, tender_id)
    client = _auditor(app, make_user, tender_id)
    page = _get(client, "/audit/")
    assert "bid imported" in page and "tender imported" in page and f"tender {reference}" in page
    assert "a sealed bid" in page
    for name in companies + labels:
        assert name not in page
    shown = re.sub(r"<[^>]*>", " ", page)  # the words on the page (option values are the form's, not shown)
    for token in ("bid.import", "tender.import", "user_id", "object_id", "seq "):
        assert token not in shown
    assert "CET" in page or "CEST" in page  # the tender's zone (Europe/Brussels), named
    assert "days in the time zone Belgium · Brussels" in shown and "Europe/Brussels" not in shown

    _open(app, tender_id)
    page = _get(client, "/audit/")
    assert "a sealed bid" not in page
    assert all(f"bid of {name}" in page for name in companies)


def test_pages_of_fifty_with_links(app, tender_id, make_user):
    with app.app_context():
        for n in range(120):
            audit.record("tender.update", object_type="tender", object_id=tender_id, tender_id=tender_id)
        db.session.commit()
    client = _auditor(app, make_user, tender_id)
    first = _get(client, "/audit/")
    assert first.count("<tr>") - 1 == 50 and 'id="next-page"' in first and 'id="previous-page"' not in first
    last = _get(client, "/audit/?page=99")
    assert 'id="previous-page"' in last and 'id="next-page"' not in last
    assert "page 3 of 3" in last or "page 3 of" in last


def test_filters_by_tender_actor_action_and_date(app, tender_id, make_user):
    reference, authority_id, _, _ = _tender(app, tender_id)
    officer_email = make_user("officer", organisation_id=authority_id)
    with app.app_context():
        officer = db.session.scalar(select(User).where(User.email == officer_email))
        app_clock.advance(timedelta(days=30))
        audit.record("tender.publish", object_type="tender", object_id=tender_id, tender_id=tender_id, actor=officer)
        db.session.commit()
        # The page reads a day in the authority's zone (its tender's): late in a UTC evening it is already tomorrow.
        zone = ZoneInfo(db.session.get(Tender, tender_id).time_zone)
        officer_id, day = officer.id, utcnow().astimezone(zone).date()
    client = _auditor(app, make_user, tender_id)
    by_action = _events(client, "/audit/?action=tender.publish")
    assert "tender published" in by_action and "bid imported" not in by_action
    by_actor = _events(client, f"/audit/?actor={officer_id}")
    assert officer_email in by_actor and "bid imported" not in by_actor
    by_tender = _events(client, f"/audit/?tender={tender_id}")
    assert "bid imported" in by_tender
    by_day = _events(client, f"/audit/?since={day.isoformat()}&until={day.isoformat()}")
    assert "tender published" in by_day and "bid imported" not in by_day
    before = _events(client, f"/audit/?until={(day - timedelta(days=2)).isoformat()}")
    assert "tender published" not in before and "bid imported" in before


def test_csv_export_of_the_filtered_events_is_formula_safe(app, tender_id, make_user):
    with app.app_context():
        audit.record("auth.login_failed", object_type="account", object_id="-x", tender_id=tender_id)
        db.session.get(Tender, tender_id).reference = "=HYPERLINK(1)"  # a reference a spreadsheet would run
        db.session.commit()
    client = _auditor(app, make_user, tender_id)
    response = client.get("/audit/events.csv?action=auth.login_failed")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0][0] == "Event" and len(rows) == 2
    assert rows[1][5] == "sign-in failed" and rows[1][6] == "'=HYPERLINK(1)"
    everything = list(csv.reader(io.StringIO(client.get("/audit/events.csv").get_data(as_text=True))))
    assert len(everything) > 2 and all("sealed" in row[7] for row in everything[1:] if row[5] == "bid imported")


def _statements(app, client, url: str) -> int:
    count = 0

    def counter(*_args):
        nonlocal count
        count += 1

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", counter)
    try:
        _get(client, url)
    finally:
        event.remove(engine, "before_cursor_execute", counter)
    return count


def _add_events(app, tender_id, count: int) -> None:
    with app.app_context():
        tender = db.session.get(Tender, tender_id)
        bid_ids = list(db.session.scalars(select(Bid.id).where(Bid.tender_id == tender_id)))
        for n in range(count):
            if n % 2:
                audit.record("tender.update", tender, tender_id=tender_id)
            else:
                audit.record("bid.exclude", object_type="bid", object_id=bid_ids[n % len(bid_ids)], tender_id=tender_id)
        db.session.commit()


def test_queries_per_page_do_not_grow_with_events(app, tender_id, make_user):
    _open(app, tender_id)
    client = _auditor(app, make_user, tender_id)
    app_clock.advance(timedelta(days=3))  # the page below shows these events only, of the same two kinds
    since = f"/audit/?since={utcnow().date().isoformat()}"
    _add_events(app, tender_id, 10)
    few = _statements(app, client, since)
    _add_events(app, tender_id, 190)
    many = _statements(app, client, since)
    assert "Events 1 to 50 of 200" in _get(client, since)
    assert many == few, (few, many)
    assert few < 40


def test_hand_made_filter_values_are_ignored_not_errors(app, tender_id, make_user):
    client = _auditor(app, make_user, tender_id)
    for query in ("tender=99999", "actor=abc", "action=drop.table", "page=-3", "page=x", "since=2027-13-40",
                  "since=2027-05-02&until=2027-05-01"):
        assert client.get(f"/audit/?{query}").status_code == 200, query
        assert client.get(f"/audit/events.csv?{query}").status_code == 200, query
    assert "The last day comes before the first" in _get(client, "/audit/?since=2027-05-02&until=2027-05-01")


def test_a_time_keeps_its_day_and_its_clock_whole_and_phone_labels_take_the_language_colon(app, tender_id, make_user):
    """On a desktop a time breaks only between its day and its clock; on a phone each value is labelled with its
    heading and the language's colon (French puts a space before it)."""
    client = _auditor(app, make_user, tender_id)
    first_row = _events(client, "/audit/").partition("<tbody>")[2].partition("</tr>")[0]
    day, clock = re.findall(r'<span class="whole">([^<]+)</span>', first_row)
    assert re.fullmatch(r"\d{2} [A-Z][a-z]{2} \d{4}", day) and re.fullmatch(r"\d{2}:\d{2}:\d{2} CES?T", clock)
    assert 'data-label="Action:"' in first_row
    french = client.get("/audit/", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert 'data-label="Action :"' in french and 'data-label="Empreinte :"' in french
