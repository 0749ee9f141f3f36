"""Languages: whose language a page is in, the catalogues' completeness, and locale formatting per language."""
from __future__ import annotations

import re
from datetime import datetime, timezone
from html.parser import HTMLParser

import pytest
from sqlalchemy import select

from app.clock import clock
from app.extensions import db
from app.languages import LANGUAGES, in_language
from app.models import Tender, User
from app.presentation import (
    date_text,
    formatting_in,
    money_text,
    number_text,
    plain_share_text,
    plain_text,
    share_text,
    time_text,
)
from tender_files.metadata import LANGUAGES as PROCEDURE_LANGUAGES
from tender_files.schema import tender_schema
from tests.web.catalogues import ROOT, catalogue, marked_messages, untranslated
from tests.web.conftest import AFTER_OPENING, csrf_token, login
from tests.web.page_words import GERMAN_BROWSER, english_in, page_text

# Every file that writes words for a reader: the web layer, its templates and the pure libraries.
TRANSLATED_AREAS = [*sorted((ROOT / "templates").rglob("*.html")),
                    *(path for area in ("app", "scoring", "workbooks", "tender_files")
                      for path in sorted((ROOT / area).rglob("*.py")))]
# English words that must not appear in the text of a German page of the translated areas.
ENGLISH_WORDS = ["Dashboard", "Sign in", "Sign out", "Password", "Tenders", "Reference", "Stage", "Waiting",
                 "Next step", "Opening", "bids", "version", "received", "committee", "Your", "Language", "Report",
                 "Evaluate", "until", "Receipt", "Documents", "Publish", "Draft", "criteria", "Mar"]


def english_left(text: str, own_texts: tuple[str, ...] = ()) -> list[str]:
    return english_in(text, ENGLISH_WORDS, own_texts)


def test_a_german_browser_signs_in_in_german(client):
    html = client.get("/login", headers=GERMAN_BROWSER).get_data(as_text=True)
    assert '<html lang="de">' in html and "<h1>Anmelden</h1>" in html and "E-Mail-Adresse" in html
    assert "Passwort" in html and english_left(page_text(html)) == []


def test_a_german_browser_sees_its_messages_in_german(client, make_user):
    email = make_user("officer")
    response = client.post("/login", headers=GERMAN_BROWSER, data={
        "email": email, "password": "wrong", "csrf_token": csrf_token(client)})
    assert "Unbekannte E-Mail-Adresse oder falsches Passwort." in response.get_data(as_text=True)
    response = client.post("/login", headers=GERMAN_BROWSER, data={"csrf_token": csrf_token(client)})
    assert "E-Mail-Adresse: Dieses Feld wird benötigt." in response.get_data(as_text=True)  # WTForms' German


def test_the_officer_dashboard_is_german_for_a_german_browser(app, client, tender_id, make_user):
    with app.app_context():
        tender = db.session.get(Tender, tender_id)
        authority_id, own = tender.authority_id, (tender.title, tender.authority.name, tender.reference)
    login(client, make_user("officer", organisation_id=authority_id))
    html = client.get("/dashboard", headers=GERMAN_BROWSER).get_data(as_text=True)
    assert "<h1>Übersicht</h1>" in html and "Vergabeverfahren Ihrer Vergabestelle" in html
    assert "Bewertungsausschuss besetzen" in html and "Sprache wechseln" in html
    assert english_left(page_text(html), own) == [], page_text(html)


def test_the_chosen_language_wins_over_the_browser_and_english_stays_the_default(app, client, make_user):
    assert "<h1>Sign in</h1>" in client.get("/login").get_data(as_text=True)
    email = make_user("bidder")
    login(client, email)
    english = client.get("/dashboard").get_data(as_text=True)
    assert "<h1>Dashboard</h1>" in english and '<html lang="en">' in english and "Your bids" in english
    response = client.post("/language", headers=GERMAN_BROWSER, data={
        "language": "fr", "next": "/dashboard", "csrf_token": csrf_token(client, "/dashboard")})
    assert response.status_code == 302 and response.headers["Location"] == "/dashboard"
    french = client.get("/dashboard", headers=GERMAN_BROWSER).get_data(as_text=True)
    assert "<h1>Tableau de bord</h1>" in french and "Vos offres" in french
    with app.app_context():
        assert db.session.scalar(select(User.language).where(User.email == email)) == "fr"


def test_a_visitor_chooses_a_language_on_the_sign_in_page_and_keeps_it_after_signing_in(client, make_user):
    token = csrf_token(client)
    client.post("/language", data={"language": "de", "next": "/login", "csrf_token": token})
    assert "<h1>Anmelden</h1>" in client.get("/login").get_data(as_text=True)
    login(client, make_user("bidder"))
    assert "<h1>Übersicht</h1>" in client.get("/dashboard").get_data(as_text=True)


def test_a_german_visitor_reads_a_missing_page_in_german(client):
    html = client.get("/no-such-page", headers=GERMAN_BROWSER).get_data(as_text=True)
    assert "<h1>Nicht gefunden</h1>" in html and "Unter dieser Adresse gibt es nichts." in html
    assert english_left(page_text(html)) == []


@pytest.mark.parametrize(("role", "path", "heading", "empty"), [
    ("auditor", "/auditor/", "Abgeschlossene Vergabeverfahren", "Noch kein abgeschlossenes Vergabeverfahren."),
    ("bidder", "/debriefs/", "Informationsschreiben", "Ihre Organisation hat in keinem Vergabeverfahren ein Angebot"),
])
def test_the_auditor_and_debrief_lists_are_german_for_a_german_browser(client, make_user, role, path, heading,
                                                                       empty):
    login(client, make_user(role))
    html = client.get(path, headers=GERMAN_BROWSER).get_data(as_text=True)
    assert f"<h1>{heading}</h1>" in html and empty in html and english_left(page_text(html)) == []


@pytest.mark.parametrize(("page", "heading", "said"), [
    ("committee", "Bewertungsausschuss", "Erklärung zu Interessenkonflikten"),
    ("opening", "Öffnung der Angebote", "Vier-Augen-Prinzip"),
    ("opening/confirm", "Öffnung der Angebote bestätigen", "Ihre Bestätigung kann nicht zurückgenommen werden."),
])
def test_the_committee_and_the_opening_are_german_for_a_german_browser(app, tender_id, committee, page, heading,
                                                                         said):
    clock.freeze(AFTER_OPENING)  # the opening time has passed: the confirmation is offered
    with app.app_context():
        tender = db.session.get(Tender, tender_id)
        own = (tender.title, tender.reference, tender.authority.name)
    html = committee["alice"].get(f"/tenders/{tender_id}/{page}", headers=GERMAN_BROWSER).get_data(as_text=True)
    assert f"<h1>{heading}</h1>" in html and said in html and english_left(page_text(html), own) == []


def test_the_language_switch_refuses_a_language_resbid_does_not_speak(client):
    client.post("/language", data={"language": "xx", "next": "/login", "csrf_token": csrf_token(client)})
    assert "<h1>Sign in</h1>" in client.get("/login").get_data(as_text=True)
    assert client.post("/language", data={"language": "de"}).status_code == 400  # no CSRF token


def test_documents_are_written_in_the_procedure_language(app):
    with app.test_request_context("/", headers=GERMAN_BROWSER):
        from flask_babel import gettext
        assert gettext("Sign in") == "Anmelden" and money_text(1234.5, "EUR") == "1.234,50 EUR"
        with in_language("fr"):
            assert gettext("Sign in") == "Se connecter" and money_text(1234.5, "EUR") == "1\u202f234,50 EUR"
        assert gettext("Sign in") == "Anmelden"
    with pytest.raises(ValueError):
        in_language("xx").__enter__()


AT = datetime(2027, 3, 15, 11, 0, 5, tzinfo=timezone.utc)


@pytest.mark.parametrize(("code", "texts"), [
    ("en", ["1,234,567.89 EUR", "1,234.50", "41.3%", "12.5%", "1,200", "15 Mar 2027 12:00 CET", "15 Mar 2027"]),
    ("de", ["1.234.567,89 EUR", "1.234,50", "41,3\u00a0%", "12,5\u00a0%", "1.200", "15.03.2027 12:00 CET",
            "15.03.2027"]),
    ("fr", ["1\u202f234\u202f567,89 EUR", "1\u202f234,50", "41,3\u00a0%", "12,5\u00a0%", "1\u202f200",
            "15 mars 2027 12:00 CET", "15 mars 2027"]),
])
def test_numbers_money_shares_and_dates_per_locale(code, texts):
    with formatting_in(code):
        assert [money_text(1234567.89, "EUR"), number_text(1234.5), share_text(41.26), plain_share_text(12.5),
                plain_text(1200), time_text(AT, "Europe/Brussels"), date_text(AT, "Europe/Brussels")] == texts


def test_every_marked_message_of_the_translated_areas_is_translated_in_german_and_french():
    messages = marked_messages(TRANSLATED_AREAS)
    assert len(messages) > 60
    for code in ("de", "fr"):
        assert untranslated(messages, code) == {}, f"not translated in {code}"


# What a template may write as it is, in every language: the product's name (the header's brand in two parts),
# the standards' names, and an attribute a macro writes.
NAMED = re.compile(r"^res$|^bid$|resbid|SHA-256|CPV / CN|[\w-]+=\"[^\"]*\"")
JINJA = re.compile(r"\{#.*?#\}|\{\{.*?\}\}|\{%.*?%\}", re.S)
SHOWN_ATTRIBUTES = {"aria-label", "title", "placeholder", "alt", "value"}


def unmarked_words(template: str) -> list[str]:
    """The texts and shown attributes of a template that hold words outside the translation calls (what Jinja
    writes is left out: a text between its tags is fixed, and so English in every language)."""
    found = []

    class Texts(HTMLParser):
        def handle_data(self, data: str) -> None:
            found.append(data)

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found.extend(value for name, value in attrs if name in SHOWN_ATTRIBUTES and value)

    Texts().feed(JINJA.sub(" ", template))
    texts = (" ".join(text.split()) for text in found)
    return [text for text in texts if re.search(r"[^\W\d_]{2}", NAMED.sub("", text))]


def test_no_template_writes_words_outside_the_translation_calls():
    assert unmarked_words('<h2 title="{{ _("Charts") }}">Supply of {{ bid }} · SHA-256</h2>') == ["Supply of · SHA-256"]
    assert unmarked_words('<p>{{ _("Supply") }} · SHA-256 <code title="SHA-256">x</code></p>') == []
    assert {str(path.relative_to(ROOT)): unmarked_words(path.read_text())
            for path in sorted((ROOT / "templates").rglob("*.html")) if unmarked_words(path.read_text())} == {}


def test_the_check_finds_a_scoring_text_nobody_translated(tmp_path):
    """A text the scoring library writes (scoring.messages.Message) is a message of the catalogues like any other."""
    module = tmp_path / "rule.py"
    module.write_text('from scoring.messages import Message\n\n\ndef describe():\n'
                      '    return Message("%(amount)s or less gets a prize nobody translated", amount=5)\n')
    found = marked_messages([module, ROOT / "scoring" / "rules" / "numeric.py"])
    assert "Lower is better: %(best)s or less gets %(best_points)s and %(worst)s or more gets %(worst_points)s, on a " \
           "straight line in between." in found
    for code in ("de", "fr"):
        assert untranslated(found, code) == {"rule.py:5": "%(amount)s or less gets a prize nobody translated"}


PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


@pytest.mark.parametrize("code", ["de", "fr"])
def test_no_translation_breaks_or_drops_a_placeholder(code):
    entries = catalogue(code)
    assert [(message.id, errors) for message, errors in entries.check()] == []  # what pybabel compile reports
    for message in entries:
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        texts = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = {name for text in ids for name in PLACEHOLDER.findall(text)}
        for text in texts:
            assert set(PLACEHOLDER.findall(text)) <= wanted and text.count("%%") == ids[-1].count("%%"), message.id
        assert {name for text in texts for name in PLACEHOLDER.findall(text)} == wanted, message.id


def test_french_elides_with_the_typographic_apostrophe():
    """app/translations/README.md: "l’offre", never "l'offre" (a straight quote between two letters)."""
    straight = re.compile(r"(?<=[^\W\d_])'(?=[^\W\d_])")
    texts = [text for message in catalogue("fr") if message.id
             for text in (message.string if isinstance(message.string, tuple) else (message.string,))]
    assert len(texts) > 1000 and [text for text in texts if straight.search(text)] == []


def test_one_list_of_languages_for_the_interface_procedures_and_tender_yaml():
    assert tuple(LANGUAGES) == PROCEDURE_LANGUAGES
    assert tender_schema()["properties"]["language"]["enum"] == list(PROCEDURE_LANGUAGES)
