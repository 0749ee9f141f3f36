"""Each persona walks the guided path in Chromium by links only after signing in: the officer from an empty
tender to a finalised evaluation, a bidder from the open tenders to a submitted bid, the auditor from the
dashboard to the downloaded report. axe checks every page visited, and no page scrolls sideways at 390 px.

The walk runs on a desktop in English and on a phone in German: the German browser asks for German pages, the
officer sets up a tender whose procedure language is German, and every label the walk follows and every message
it reads is the German catalogue's (tests/web/catalogues.translator), down to the German report's headings."""
from __future__ import annotations

import hashlib
import io
from datetime import timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from app.clock import clock
from app.extensions import db
from app.models import Tender, User
from app.models.organisation import OPERATOR
from tests.web.browser import (
    CHROMIUM,
    CHROMIUM_FLAGS,
    PHONE,
    add_criterion_on_page,
    assert_accessible,
    assert_fits_phone,
    live_server,
    require_chromium,
)
from tests.web.catalogues import translator
from tests.web.conftest import PASSWORD
from tests.web.report_helpers import pdf_text
from tests.web.setup_steps import NOW
from workbooks import BidFilling, CompanyDetails, fill_workbook

pytestmark = pytest.mark.e2e

REFERENCE = "RB-E2E-WALK"
SCALE = {"scale": "5", **{f"descriptors-{level}": text for level, text in
                          enumerate(("none", "poor", "fair", "good", "very good", "excellent"))}}
BIDDERS = (("Oresund Magnetics AB", "SE", 2_950_000, True), ("Tatra Magnet Works s.r.o.", "SK", 3_100_000, False))


def _check(page) -> None:
    """Every page visited: axe-clean, and nothing wider than the phone screen outside a scrolling box."""
    page.wait_for_load_state()
    assert_accessible(page)
    if page.viewport_size["width"] == PHONE["width"]:
        assert_fits_phone(page)


def _follow(page, selector: str) -> None:
    page.click(selector)
    _check(page)


def _column_on_screen(walk, page, table: str, column: int) -> None:
    """On a phone, a list's row is read without scrolling sideways: its cell in `column` lies within the screen."""
    if walk.viewport["width"] == PHONE["width"]:
        cell = page.locator(f"{table} tbody tr").first.locator("td").nth(column).bounding_box()
        assert cell["x"] + cell["width"] <= PHONE["width"], (table, column, cell)


class Walk:
    """One run of the walk: its browser, screen and language."""

    def __init__(self, browser, base_url: str, viewport, language: str) -> None:
        self.browser, self.base_url, self.language = browser, base_url, language
        self.viewport = viewport or {"width": 1280, "height": 900}
        self.say = translator(language)

    def sign_in(self, email: str):
        """The only typed address: the sign-in page. Everything after it is reached by links."""
        page = self.browser.new_context(bypass_csp=True, viewport=self.viewport, locale=self.language).new_page()
        page.goto(f"{self.base_url}/login")
        _check(page)
        page.fill("input[name=email]", email)
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        _check(page)
        assert page.locator("h1").inner_text() == self.say("Dashboard")
        return page

    def next_step(self, page, label: str) -> None:
        _follow(page, f"#next-steps >> a:text-is('{self.say(label)}')")

    def tender_from_dashboard(self, page) -> None:
        _follow(page, f"nav >> text={self.say('Dashboard')}")
        _column_on_screen(self, page, "#my-tenders", 4)  # the tender's next step
        _follow(page, f"a:text-is('{REFERENCE}')")


def _officer_builds_and_publishes(walk: Walk, page) -> None:
    say = walk.say
    _follow(page, "#new-tender")
    page.fill("#reference", REFERENCE)
    page.fill("#title", "Permanent-magnet sets for tram motors")
    page.fill("#submission_deadline", "2027-02-15T12:00")
    page.fill("#opening_time", "2027-02-15T14:00")
    page.select_option("#language", walk.language)
    _follow(page, "#save-details")
    assert say("Draft %(reference)s created. Add its criteria next.", reference=REFERENCE) in page.inner_text(".flash")
    _follow(page, f"nav.tabs >> text={say('Bill of materials')}")
    page.select_option("#lines-0-material", "Nd")
    page.fill("#lines-0-kg_per_unit", "0.25")
    _follow(page, "#save-materials")
    _follow(page, f"nav.tabs >> text={say('Criteria')}")
    add_criterion_on_page(page, "PRICE", "Price", "price_proportional", "40", eforms_type="price", say=say)
    add_criterion_on_page(page, "QUAL", "Quality", "", "60", say=say)
    add_criterion_on_page(page, "QUAL-EOL", "Recycling in the EU", "yes_no", "50", parent="Quality", say=say)
    add_criterion_on_page(page, "QUAL-PLAN", "Supply-security plan", "judgement", "50", parent="Quality", params=SCALE,
                          say=say)
    _check(page)
    # a second-level criterion's share of the whole tender, in the reader's number format
    assert {"en": "30.0%", "de": "30,0\xa0%"}[walk.language] in page.inner_text("main")
    walk.tender_from_dashboard(page)
    assert page.locator("[aria-current=step]").inner_text() == say("Draft")
    walk.next_step(page, "Publish")
    assert say("What publishing does") in page.inner_text("main")
    _follow(page, "#confirm-publish")
    assert say("Tender %(reference)s is published: its criteria and weights are now fixed.",
               reference=REFERENCE) in page.inner_text(".flash")


def _bidder_submits(walk: Walk, email: str, bid: tuple[str, str, int, bool], tmp_path: Path) -> str:
    name, country, price, recycles = bid
    page = walk.sign_in(email)
    _follow(page, f"text={walk.say('Open tenders')}")
    _column_on_screen(walk, page, "#open-tenders", 4)  # the time left to bid
    _follow(page, f"text={REFERENCE}")
    with page.expect_download() as download:
        page.click("#template")
    template = Path(download.value.path()).read_bytes()
    # the workbook is in the procedure language: its sheets keep their names, their headings are translated
    assert load_workbook(io.BytesIO(template))["Supply chain"]["A1"].value == walk.say("Supply chain")
    company = CompanyDetails(name=name, country=country, controlling_entity=name, controlling_country=country)
    filled = tmp_path / f"{email}.xlsx"
    filled.write_bytes(fill_workbook(template,
                                     BidFilling(company, price, {"QUAL-EOL": recycles})))
    page.set_input_files("input[name=workbook]", str(filled))
    _follow(page, "#check")
    assert page.locator("h1").inner_text() == walk.say("Self-assessment: %(title)s",
                                                       title="Permanent-magnet sets for tram motors")
    _follow(page, "#submit-checked")
    sha256 = hashlib.sha256(filled.read_bytes()).hexdigest()
    assert page.locator("#sha256").inner_text() == sha256
    _follow(page, f"nav >> text={walk.say('Dashboard')}")
    assert REFERENCE in page.inner_text("#my-bids")
    _column_on_screen(walk, page, "#my-bids", 3)  # the bid's state
    page.context.close()
    return sha256


def _member_declares(walk: Walk, page, *, opens: bool) -> None:
    walk.tender_from_dashboard(page)
    walk.next_step(page, "Declare (conflict of interest)")
    _follow(page, "#sign-declaration")
    if opens:
        _open_the_bids(walk, page)


def _open_the_bids(walk: Walk, page) -> None:
    walk.tender_from_dashboard(page)
    walk.next_step(page, "Open the bids")
    assert walk.say("What can no longer be changed") in page.inner_text("main")
    _follow(page, "#confirm")


def _member_scores(walk: Walk, page, points: str, words: str) -> None:
    walk.tender_from_dashboard(page)
    walk.next_step(page, "Score")
    _score_every_form(walk, page, points, words)


def _score_every_form(walk: Walk, page, points: str, words: str) -> None:
    assert "Supply-security plan" in page.inner_text("main") and "very good" in page.inner_text("main")
    for index in range(page.locator("form.score-form").count()):
        form = page.locator("form.score-form").nth(index)
        form.locator("input[name=points]").fill(points)
        form.locator("textarea[name=justification]").fill(f"{words} ({index})")
        form.locator("button[type=submit]").click()
        _check(page)
        assert walk.say("Score saved.") in page.inner_text(".flash")


def _auditor_downloads_the_report_then_reads_the_log(walk: Walk, email: str) -> bytes:
    page = walk.sign_in(email)
    _follow(page, f"#finalised-tenders >> text={REFERENCE}")
    if page.locator("#stop-refresh").count():  # the report renders in the background: look again by the link
        _follow(page, "#stop-refresh")
    for _ in range(60):
        if page.locator("#download").count():
            break
        page.wait_for_timeout(500)
        _follow(page, "#refresh-now")
    with page.expect_download() as download:
        page.click("#download")
    _follow(page, f"nav >> text={walk.say('Audit log')}")  # with the checkpoint finalisation signed
    assert page.locator("#latest-checkpoint").count() == 1
    _column_on_screen(walk, page, "#audit-events", 3)  # an event's action
    return Path(download.value.path()).read_bytes()


@pytest.mark.parametrize(("viewport", "language"), [(None, "en"), (PHONE, "de")], ids=["desktop-en", "phone-de"])
def test_each_persona_walks_the_guided_path_by_links(app, make_organisation, make_user, tmp_path, viewport,
                                                     language):
    require_chromium()
    from playwright.sync_api import sync_playwright

    clock.freeze(NOW)
    chair = make_user("officer", email="chair@authority.example")
    with app.app_context():
        authority_id = db.session.scalar(select(User.organisation_id).where(User.email == chair))
    for name in ("alice", "bob"):
        make_user("officer", email=f"{name}@authority.example", organisation_id=authority_id)
    bidders = {name: make_user("bidder", email=f"{country.lower()}@bidder.example",
                               organisation_id=make_organisation(name, OPERATOR, country))
               for name, country, _, _ in BIDDERS}
    auditor = make_user("auditor", email="auditor@authority.example", organisation_id=authority_id)
    with live_server(app) as base_url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        walk = Walk(browser, base_url, viewport, language)
        say = walk.say
        page = walk.sign_in(chair)
        _officer_builds_and_publishes(walk, page)
        for bid in BIDDERS:
            _bidder_submits(walk, bidders[bid[0]], bid, tmp_path)

        clock.freeze(NOW + timedelta(days=40))  # past the deadline and the opening time
        walk.tender_from_dashboard(page)
        walk.next_step(page, "Seat the committee")
        _follow(page, "#take-chair")
        _follow(page, "#sign-declaration")
        for name in ("alice", "bob"):
            page.select_option("select[name=user_id]", label=f"{name}@authority.example")
            _follow(page, f"text={say('Add to the committee')}")
            assert say("%(member)s joined the committee.", member=f"{name}@authority.example") in page.inner_text(
                ".flash")
        alice, bob = (walk.sign_in(f"{name}@authority.example") for name in ("alice", "bob"))
        _member_declares(walk, alice, opens=True)
        _open_the_bids(walk, page)  # the second pair of eyes
        _member_declares(walk, bob, opens=False)
        _member_scores(walk, alice, "4", "Alice: credible second source")
        _member_scores(walk, bob, "2", "Bob: plan lacks dates")
        walk.tender_from_dashboard(page)
        walk.next_step(page, "Score")
        assert "Alice: credible second source" not in page.content()  # blind until the chair has scored too
        _score_every_form(walk, page, "3", "Chair: a plan with gaps")
        walk.tender_from_dashboard(page)
        walk.next_step(page, "Start consensus")
        _follow(page, "#confirm")
        assert "Alice: credible second source" in page.content()
        walk.tender_from_dashboard(page)
        walk.next_step(page, "Consensus")
        _score_every_form(walk, page, "3", "Consensus after discussion")
        walk.tender_from_dashboard(page)
        walk.next_step(page, "Results")
        assert "Oresund Magnetics AB" in page.inner_text("#ranking")
        walk.tender_from_dashboard(page)
        walk.next_step(page, "Finalise")
        _follow(page, "#confirm")
        assert say("Evaluation finalised: everything is locked and the result's hash is in the audit log.") in (
            page.inner_text(".flash"))

        report = _auditor_downloads_the_report_then_reads_the_log(walk, auditor)
        browser.close()
    assert report.startswith(b"%PDF")
    # the report is in the procedure language, whoever reads it
    assert {"en": "Award criteria and scoring rules", "de": "Zuschlagskriterien"}[language] in pdf_text(report)
    with app.app_context():
        tender = db.session.scalar(select(Tender).where(Tender.reference == REFERENCE))
        assert tender.status == "finalised"
