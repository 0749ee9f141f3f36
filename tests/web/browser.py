"""A live server and Debian's Chromium for end-to-end tests (never a downloaded browser), and the steps the
browser tests share."""
from __future__ import annotations

import hashlib
import shutil
import threading
from contextlib import contextmanager

import pytest
from werkzeug.serving import make_server

from app.extensions import db

CHROMIUM = "/usr/bin/chromium"
PHONE = {"width": 390, "height": 844}
WIDE_ELEMENTS = """[...document.querySelectorAll('body *')]
  .filter(e => !e.closest('.scroll') && e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
  .slice(0, 6).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className ? '.' + e.className : ''))"""
PAGE_SHAPE = """innerWidth + '\\n' + [...document.querySelectorAll('*')].map(e =>
  e.tagName + [...e.attributes].filter(a => a.name !== 'value').map(a => ` ${a.name}=${a.value}`).join('')
  + ([...e.childNodes].some(n => n.nodeType === Node.TEXT_NODE && n.textContent.trim()) ? ' (text)' : '')
).join('\\n')"""
_CHECKED_SHAPES: set[str] = set()  # the shapes of the pages axe found nothing on (assert_accessible)
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def require_chromium() -> None:
    """Skip, saying how to enable the test, when Debian's Chromium is not installed."""
    if not shutil.which(CHROMIUM):
        pytest.skip("end-to-end test needs Debian's Chromium: run `apt-get install -y chromium` to enable it")


@contextmanager
def live_server(app):
    """Serve the app on a free loopback port in a background thread."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    server.daemon_threads = False  # so server_close() waits for requests still running
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join()
        server.server_close()
        with app.app_context():
            db.engine.dispose()  # close the connections the request threads used


@contextmanager
def chromium_page():
    """A fresh headless Chromium page, closed afterwards."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            # bypass_csp only in the test browser, so axe-core can be injected; the app's CSP stays strict
            page = browser.new_context(bypass_csp=True).new_page()
            yield page
        finally:
            browser.close()


def wait_for_stylesheet(page) -> None:
    """Wait for the page's load event. After a form's submit the new page's text can be read before its stylesheet
    has arrived, and an unstyled page is wider than a phone and has other colours."""
    page.wait_for_load_state()


def assert_accessible(page) -> None:
    """Run axe-core (WCAG 2.1 A and AA rules and best practices) on the page as shown; fail listing each violation
    with the elements it concerns.

    A run takes about half a second, and the walks come back to the same pages again and again (the dashboard,
    the scoring form after each save). axe's rules read the elements, their attributes, whether they hold text,
    the style sheets and the screen's width, so a page whose elements, attributes and texts' presence are those of
    a page this test process has already checked at this width gets the same answer, and is not checked again.
    Typed values (the `value` attribute, a CSRF token) do not count; a flash message, a changed link or a new
    form do."""
    from axe_playwright_python.sync_playwright import Axe

    wait_for_stylesheet(page)
    shape = hashlib.sha256(page.evaluate(PAGE_SHAPE).encode()).hexdigest()
    if shape in _CHECKED_SHAPES:
        return
    results = Axe().run(page)
    violations = results.response["violations"]
    assert not violations, f"axe on {page.url}:\n" + "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} -> " + "; ".join(" ".join(n["target"]) for n in v["nodes"][:5])
        for v in violations)
    _CHECKED_SHAPES.add(shape)


def assert_fits_phone(page) -> None:
    """Nothing wider than a 390 px phone screen outside a scrolling box: the page never scrolls sideways."""
    wait_for_stylesheet(page)
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} scrolls sideways at 390 px ({width} px wide): " + ", ".join(
        page.evaluate(WIDE_ELEMENTS))



def sign_in(page, base_url: str, email: str) -> None:
    """Sign `email` in on this page's browser context (signing out whoever was signed in there), by the sign-in
    form with the suite's password."""
    from tests.web.conftest import PASSWORD  # imported here: conftest is loaded by pytest, not by this module

    page.context.clear_cookies()
    page.goto(f"{base_url}/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def signed_in_page(browser, base_url: str, email: str):
    """A page of a new browser context (a browser of its own: its own cookies) with `email` signed in."""
    page = browser.new_context(bypass_csp=True).new_page()  # bypass_csp: axe-core is injected into the page
    sign_in(page, base_url, email)
    return page


def assert_checked_at_both_widths(page) -> None:
    """axe at desktop width, and nothing scrolls sideways on a phone; the page is left at desktop width."""
    assert_accessible(page)
    page.set_viewport_size(PHONE)
    assert_fits_phone(page)
    page.set_viewport_size({"width": 1280, "height": 900})

def add_criterion_on_page(page, code: str, name: str, kind: str, weight: str, *, parent: str | None = None,
                          eforms_type: str = "quality", params: dict[str, str] | None = None,
                          say=lambda message, **params: message % params if params else message) -> None:
    """Add a criterion through the criteria editor's form, and see it confirmed.

    `params` fills the chosen rule's fields by their id ("threshold", "descriptors-0", "anchors-1-points"); a
    select is chosen by its value. `say` gives the page's texts in the interface language
    (tests/web/catalogues.translator)."""
    page.click("#add-criterion")
    page.select_option("#parent", label=parent or say("(top level)"))
    page.fill("#code", code)
    page.fill("#name", name)
    page.select_option("#eforms_type", eforms_type)
    page.fill("#size", weight)
    page.check(f"input[name=rule_kind][value='{kind}']")
    if params:
        page.click("#choose-rule")
        for name, value in params.items():
            if page.locator(f"select#{name}").count():
                page.select_option(f"#{name}", value)
            else:
                page.fill(f"#{name}", value)
    page.click("#save-criterion")
    assert say("Criterion %(code)s added.", code=code) in page.inner_text(".flash")


def start_draft(page, reference: str, title: str) -> None:
    """Create a draft with its dates and a one-line bill of materials, then open the criteria editor."""
    page.click("#new-tender")
    page.fill("#reference", reference)
    page.fill("#title", title)
    page.fill("#submission_deadline", "2027-02-15T12:00")
    page.fill("#opening_time", "2027-02-15T14:00")
    page.click("#save-details")
    assert f"Draft {reference} created." in page.inner_text(".flash")
    page.click("nav.tabs >> text=Bill of materials")
    page.select_option("#lines-0-material", "Nd")
    page.fill("#lines-0-kg_per_unit", "0.25")
    page.click("#save-materials")
    page.click("nav.tabs >> text=Criteria")
