"""The termination clause on the contract pages and the PDF (Directive 2014/24/EU Art. 70: the consequence is the
contract's own; the authority decides whether to use the right, the application terminates nothing).

The magnet sample's contract opens the right after 2 periods with a shortfall beyond the tolerance of 2 metric
points. Year 1 reports 11% recycled feedstock against 18% committed (7 points short): 1 of 2. Year 2 reports 10%
(8 points short): years 1 and 2, 2 of 2, the right is open.
"""
from __future__ import annotations

from datetime import timedelta

import pytest

from app.clock import clock, utcnow
from tests.web.contract_steps import bid_supply, filled_report, signed_in, upload, with_recycled
from tests.web.report_helpers import pdf_text, squeezed

BEFORE = ("Reporting periods with a shortfall beyond the tolerance so far: 1 of the 2 after which the contract gives "
          "the authority a right to terminate (year 1).")
OPEN = ("The contract&#39;s termination right is open: 2 reporting periods with a shortfall beyond the tolerance "
        "(year 1, year 2) have reached the 2 after which the contract gives the authority a right to terminate.")
OPEN_GERMAN = "Das Kündigungsrecht des Vertrags"


@pytest.fixture
def magnets(app, make_user):
    ids = signed_in(app, make_user)
    clock.freeze(utcnow() + timedelta(days=400))  # year 1 ended (its report due), year 2 open
    return ids


def report(app, magnets, period: int, recycled: float) -> None:
    contract = magnets["contract"]
    template = magnets["contractor"].get(f"/portal/contracts/{contract}/periods/{period}/report.xlsx").data
    lines = with_recycled(bid_supply(app, magnets["bid"]), recycled)
    assert upload(magnets["contractor"], contract, period, filled_report(template, lines)).status_code == 302


def pages(magnets, language: str = "en") -> list[str]:
    contract = magnets["contract"]
    headers = {"Accept-Language": language}
    return [magnets["contractor"].get(f"/portal/contracts/{contract}", headers=headers).get_data(as_text=True),
            magnets["officer"].get(f"/contracts/{contract}", headers=headers).get_data(as_text=True)]


def test_the_count_before_and_the_open_right_after_the_clause_is_reached(app, magnets):
    assert all("No reporting period with a shortfall beyond the tolerance so far" in page for page in pages(magnets))
    report(app, magnets, 1, recycled=11)
    assert all(BEFORE in page and OPEN not in page for page in pages(magnets))
    report(app, magnets, 2, recycled=10)
    for page in pages(magnets):
        assert OPEN in page and "Whether to use it is the authority&#39;s decision." in page
        assert 'class="error" role="status" id="termination"' in page
    for page in pages(magnets, "de"):
        assert OPEN_GERMAN in page and "(Jahr 1, Jahr 2)" in page
    text = squeezed(pdf_text(magnets["officer"].get(f"/contracts/{magnets['contract']}/performance.pdf").data))
    assert squeezed(OPEN.replace("&#39;", "'")) in text


def test_on_target_reports_count_nothing(app, magnets):
    report(app, magnets, 1, recycled=18)
    assert all("No reporting period with a shortfall beyond the tolerance so far" in page for page in pages(magnets))
