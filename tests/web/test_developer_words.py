"""No developer words reach the people who read resbid: every page each demo persona can reach, the
evaluation report, a debrief letter, every workbook the app hands out and every sample bid workbook are read
as their readers see them (page text, PDF text, cell strings), and none may hold a file name, a command line,
an internal id or slug, a Python repr or a lower-case validator message.
"""
from __future__ import annotations

import io
import re
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from app.auth.passwords import hash_password
from app.demo import DEMO_PASSWORD, DEMO_USERS
from app.extensions import db
from app.models import Bid, Tender, User
from tests.web.conftest import login
from tests.web.demo_app import demo_app
from tests.web.report_helpers import pdf_text, wait_until_rendered
from tests.web.routes import get_routes

SAMPLES = Path(__file__).parents[2] / "sample_tenders"
SLUGS = sorted({path.stem for path in SAMPLES.glob("*/bids/*.xlsx")})
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DEBRIEFED_BIDDER = "sales@nordic-magnets.example"  # a bidder of the finalised magnet sample, for its letter

DEVELOPER_WORDS = [
    r"\buser_id\b", r"\w_id:", r"\b\w+\.py\b", r"\b\w+\.md\b", r"\b[\w-]+\.ya?ml\b", r"\bflask[ -]",
    r"\bmake (run|test|bench|samples|lint|ci)\b", r"--", r"\bNone\b(?! [a-z])", r"Traceback",
    r"expected a non-empty list",
    r"\b[a-z_]+(\.[a-z_]+|\[\d+\])+: [a-z]", r"Decimal\(", r"Fraction\(", r"datetime\.", r"\bdate\(\d",
    r"<[\w.]+ object at 0x", r"\b(True|False)\b", r"\bnan\b", r"\d\.\d{5,}", r"<\w+> in the page's title",
] + [rf"\b{re.escape(slug)}\b" for slug in SLUGS]
FORBIDDEN = re.compile("|".join(f"(?:{word})" for word in DEVELOPER_WORDS))


class _Text(HTMLParser):
    """What a reader perceives of a page: its text and the attributes read out (title, alt, placeholder...).
    A tag inside <title> is shown as it is written, in the browser's tab and by a screen reader: it is noted."""

    READ_ATTRIBUTES = ("title", "alt", "placeholder", "aria-label")

    def __init__(self):
        super().__init__()
        self.parts, self._hidden, self._in_title = [], 0, False

    def handle_starttag(self, tag, attrs):
        if self._in_title:
            self.parts.append(f"<{tag}> in the page's title")
        self._in_title = self._in_title or tag == "title"
        self._hidden += tag in ("style", "script")
        self.parts += [value for name, value in attrs if name in self.READ_ATTRIBUTES and value]
        if tag == "input" and dict(attrs).get("type") in ("submit", "button"):
            self.parts.append(dict(attrs).get("value") or "")

    def handle_endtag(self, tag):
        self._in_title = self._in_title and tag != "title"
        self._hidden -= tag in ("style", "script")

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def page_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return "\n".join(part for part in parser.parts if part.strip())


def workbook_text(data: bytes) -> str:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return "\n".join(f"{sheet.title}!{cell.coordinate}: {cell.value}" for sheet in book for row in sheet.iter_rows()
                     for cell in row if isinstance(cell.value, str))


def developer_words(text: str) -> list[str]:
    """Each line of `text` that holds a developer word, with the word."""
    return [f"{match.group(0)!r} in {line.strip()[:160]!r}" for line in text.splitlines()
            for match in [FORBIDDEN.search(line)] if match]


@pytest.fixture(scope="module")
def demo(databases):
    """The demo data, with a user for one bidder of the finalised sample so a debrief letter can be read."""
    with demo_app(databases, "words") as (app, tenders):
        with app.app_context():
            finalised = db.session.scalar(select(Tender).where(Tender.status == "finalised"))
            bid = db.session.scalar(select(Bid).where(Bid.tender_id == finalised.id,
                                                      Bid.label == "nordic-magnet-works"))
            db.session.add(User(email=DEBRIEFED_BIDDER, role="bidder", organisation_id=bid.organisation_id,
                                password_hash=hash_password(DEMO_PASSWORD)))
            db.session.commit()
        yield {"app": app, "tenders": tenders}


def _readable(client, url: str) -> str:
    """What a person gets at `url`: a page's text, a workbook's strings or a PDF's text; a document still
    rendering is waited for and its download read too."""
    response = client.get(url)
    if response.mimetype == XLSX:
        return workbook_text(response.data)
    if response.mimetype == "application/pdf":
        return pdf_text(response.data)
    if response.mimetype == "text/plain":
        return response.get_data(as_text=True)
    if response.mimetype != "text/html":
        return ""  # tender.yaml and the evidence bundle are files for tools, named as such
    html = response.get_data(as_text=True)
    if response.status_code == 200 and "Refresh" in response.headers:
        html = wait_until_rendered(client, url)
        download = re.search(r'id="download"[^>]*href="([^"]+)"|href="([^"]+)"[^>]*id="download"', html)
        return page_text(html) + "\n" + _readable(client, next(group for group in download.groups() if group))
    return page_text(html)


PERSONAS = [user.email for user in DEMO_USERS] + [DEBRIEFED_BIDDER]


@pytest.mark.parametrize("email", PERSONAS)
def test_no_page_or_document_a_persona_reaches_holds_developer_words(demo, email):
    client = demo["app"].test_client()
    login(client, email, DEMO_PASSWORD)
    found, seen = {}, set()
    for tender_id, bid_id in demo["tenders"]:
        for url in get_routes(demo["app"], tender_id, bid_id):
            if url in seen or url in ("/login",):
                continue
            seen.add(url)
            if words := developer_words(_readable(client, url)):
                found[url] = words
    assert not found, "\n".join(f"{url}: {words}" for url, words in found.items())


def test_the_debrief_letter_holds_no_developer_words(demo):
    client = demo["app"].test_client()
    login(client, DEBRIEFED_BIDDER, DEMO_PASSWORD)
    finalised = next(tender_id for tender_id, _ in demo["tenders"]
                     if "Debrief" in client.get(f"/debriefs/{tender_id}").get_data(as_text=True))
    letter = _readable(client, f"/debriefs/{finalised}")
    assert "Debrief" in letter and "Nordic" in letter
    assert not developer_words(letter), developer_words(letter)


@pytest.mark.parametrize("workbook", sorted(SAMPLES.glob("*/bids/*.xlsx")), ids=lambda path: path.stem)
def test_sample_workbooks_hold_no_developer_words(workbook):
    words = developer_words(workbook_text(workbook.read_bytes()))
    words = [word for word in words if not any(slug in word for slug in SLUGS)]  # its own file name is its label
    assert not words, "\n".join(words)
