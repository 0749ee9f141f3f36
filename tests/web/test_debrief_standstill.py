"""Debrief letters state the standstill period and the day it ends (Directive 89/665/EEC Art. 2a(2)), in words
with the right plural forms."""
from __future__ import annotations

import re
from datetime import datetime, timezone

from app.presentation import counted_text, date_text, plural_text
from app.reports import templating
from app.reports.debrief import debrief_context
from app.reports.standstill import standstill

FINALISED = datetime(2027, 3, 14, 23, 30, tzinfo=timezone.utc)  # 15 Mar 2027 01:30 in Helsinki, 14 Mar in Lisbon


def test_ten_days_from_the_day_after_an_electronic_sending_in_the_tenders_zone():
    # sent 15 Mar (Helsinki): the period runs 16..25 Mar, so it ends with 25 Mar.
    period = standstill(FINALISED, "Europe/Helsinki")
    assert (period["days"], period["sent"], period["ends"]) == (10, "15 Mar 2027", "25 Mar 2027")
    # the same instant is still 14 Mar in Lisbon: 15..24 Mar.
    assert standstill(FINALISED, "Europe/Lisbon")["ends"] == "24 Mar 2027"


def test_fifteen_days_when_sent_by_other_means():
    period = standstill(FINALISED, "Europe/Helsinki", electronic=False)
    assert (period["days"], period["ends"], period["is_electronic"]) == (15, "30 Mar 2027", False)


def test_plural_forms():
    assert [counted_text(n, "bid") for n in (0, 1, 2, 1200)] == ["0 bids", "1 bid", "2 bids", "1,200 bids"]
    assert plural_text(1.0, "point") == "point" and plural_text(0.999999, "point") == "point"
    assert plural_text(2.5, "point") == "points" and plural_text(1, "criterion", "criteria") == "criterion"
    assert date_text(FINALISED) == "14 Mar 2027"


def _report(bid_count: int, status: dict | None = None) -> dict:
    leaf = {"code": "PRICE", "name": "Price"}
    bids = [{"id": f"B{i}", "bidder": f"Bidder {i}", "rank": i, "total": 1.0 if i == 1 else 0.5,
             "is_eligible": True, "reasons": [], "received": None,
             "criteria": [{"weighted": 1.0 if i == 1 else 0.5, "max_weighted": 1.0, "status": "scored",
                           "is_judgement": False, "consensus": None}]} for i in range(1, bid_count + 1)]
    moment = {"iso": FINALISED.isoformat().replace("+00:00", "Z"), "local": "15 Mar 2027 01:30:00 EET",
              "utc": "14 Mar 2027 23:30:00 UTC"}
    tender = {"reference": "RB-TEST-01", "title": "Test supply", "authority": "Test authority",
              "authority_country": "FI", "time_zone": "Europe/Helsinki"}
    return {"version": 2, "language": "en", "tender": tender, "max_total": 1.0, "leaves": [leaf], "bids": bids,
            "status": status or {"code": "finalised", "is_final": True, "date": moment, "finalised": moment}}


def _letter_text(report: dict, bid_id: str) -> str:
    letter = debrief_context(report, bid_id)
    meta = {"title": "t", "author": "a", "subject": "s", "keywords": [], "date": "d"}
    html = templating.render("reports/debrief.html", letter=letter, meta=meta)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_letter_states_the_standstill_period_and_the_day_it_ends():
    text = _letter_text(_report(2), "B2")
    assert "standstill period of 10 calendar days" in text
    assert "15 Mar 2027" in text and "25 Mar 2027" in text
    assert "Directive 89/665/EEC Art. 2a(2)" in text


def test_the_letter_uses_singular_and_plural_forms():
    alone = _letter_text(_report(1), "B1")
    assert "the 1 tender received" in alone and "1.00 of 1.00 point " in alone
    assert "tenders received" not in alone and "1.00 points" not in alone
    two = _letter_text(_report(2), "B2")
    assert "the 2 tenders received" in two and "ranked 2 of 2 admitted tenders with 0.50 of 1.00 point" in two
