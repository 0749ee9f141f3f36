"""The bidder workbook of a tender in the procedure language, whatever the bidder's interface language; the problems
of an upload in the bidder's language, still naming sheet and cell."""
from __future__ import annotations

import re
import zipfile
from dataclasses import replace
from io import BytesIO

from openpyxl import load_workbook

from app.extensions import db
from app.models import Tender
from app.records import definition
from app.workbook_words import wording
from scoring.definition import parse_tender
from tender_files.bids import tender_info
from tests.web.conftest import csrf_token
from tests.web.page_words import page_text
from tests.web.portal_steps import (
    BID,
    frozen_clock,  # noqa: F401  (autouse fixture: the clock stands at NOW)
    post_upload,
    store_tender,
)
from tests.workbooks.make_hostile_corpus import rezip
from workbooks import build_template, fill_workbook


def _german_tender(app) -> int:
    """A published tender whose procedure language is German."""
    tender_id = store_tender(app)
    with app.app_context():
        db.session.get(Tender, tender_id).language = "de"
        db.session.commit()
    return tender_id


def _in_language(client, login_as, code: str) -> None:
    login_as("bidder")
    client.post("/language", data={"language": code, "next": "/dashboard",
                                   "csrf_token": csrf_token(client, "/dashboard")})


def _german_workbook(app, tender_id: int, **changes) -> bytes:
    """The tender's German template, filled as a German bidder would (German names in the drop-down columns)."""
    with app.app_context():
        tender = db.session.get(Tender, tender_id)
        template = build_template(parse_tender(definition.definition_of(tender)),
                                  tender_info(definition.meta_of(tender)), wording("de"))
    return fill_workbook(template, replace(BID, **changes), wording("de"))


def test_the_workbook_is_in_the_procedure_language_whatever_the_bidders_language(app, client, login_as):
    tender_id = _german_tender(app)
    _in_language(client, login_as, "fr")
    response = client.get(f"/portal/tenders/{tender_id}/template.xlsx")
    book = load_workbook(BytesIO(response.data))
    assert book["Instructions"]["A1"].value == "Arbeitsmappe zur Selbstbewertung des Bieters"
    assert book["Company"]["A5"].value == "Land der Niederlassung" and book["Supply chain"]["B13"].value == "Phase"
    assert book["Instructions"]["B5"].value == "13. Januar 2027, 14:00 CET"  # the deadline, as Germans write it


def test_a_german_workbook_is_checked_and_its_problems_are_placed_in_the_readers_language(app, client, login_as):
    tender_id = _german_tender(app)
    _in_language(client, login_as, "de")
    assessed = page_text(post_upload(client, tender_id, _german_workbook(app, tender_id), "self-assessment")
                         .get_data(as_text=True))
    assert "Punkte je Kriterium" in assessed, assessed
    broken = _german_workbook(app, tender_id)
    book = load_workbook(BytesIO(broken))
    book["Supply chain"]["C15"] = "Atlantis"
    buffer = BytesIO()
    book.save(buffer)
    refused = page_text(post_upload(client, tender_id, buffer.getvalue(), "self-assessment").get_data(as_text=True))
    assert "Supply chain C15 Land 'Atlantis' steht nicht in der Liste; wählen Sie aus der Auswahlliste." in refused
    _in_language(client, login_as, "en")
    english = page_text(post_upload(client, tender_id, buffer.getvalue(), "self-assessment").get_data(as_text=True))
    assert "Supply chain C15 Country 'Atlantis' is not in the list; choose from the drop-down list." in english


def _refusal(client, tender_id: int, data: bytes) -> str:
    """The text of the page answering an upload: its problems (sheet, cell, message)."""
    response = post_upload(client, tender_id, data, "self-assessment")
    return re.sub(r"\s+", " ", page_text(response.get_data(as_text=True)))


def test_a_hostile_or_broken_workbook_is_refused_in_the_readers_language_at_its_sheet_and_cell(app, client, login_as):
    """The rarer refusals too: a macro project declared by its content type, a sheet cut short (named as a bidder
    knows it, not by its place in the archive), a cell longer than Excel allows, and shares of one material and
    stage that do not add up to 100% (placed at the share cells that make the sum)."""
    tender_id = _german_tender(app)
    _in_language(client, login_as, "de")
    filled = _german_workbook(app, tender_id)
    archive = zipfile.ZipFile(BytesIO(filled))
    types = archive.read("[Content_Types].xml").replace(
        b"</Types>", b'<Override PartName="/xl/printerSettings1.dat" '
                     b'ContentType="application/vnd.ms-office.vbaProject"/></Types>')
    macros = rezip(filled, {"[Content_Types].xml": types}, {"xl/printerSettings1.dat": b"Attribute VB_Name = 1"})
    assert ("ganze Datei — Die Arbeitsmappe ist makrofähig (.xlsm) oder enthält Makros. Makros werden nicht "
            "angenommen: Speichern Sie sie als Excel-Arbeitsmappe (.xlsx) ohne Makros und laden Sie diese Datei hoch."
            ) in _refusal(client, tender_id, macros)
    sheet = archive.read("xl/worksheets/sheet5.xml")
    cut_short = rezip(filled, {"xl/worksheets/sheet5.xml": sheet[:len(sheet) // 2]})
    assert ("ganze Datei — Ein Teil der Datei ist beschädigt (Blatt Supply chain): Speichern Sie sie in Excel oder "
            "LibreOffice als Excel-Arbeitsmappe (.xlsx) und laden Sie diese Datei hoch.") in _refusal(
        client, tender_id, cut_short)
    assert b"<t>Lynas</t>" in sheet  # the supplier of the second supply line (row 15)
    long_cell = rezip(filled, {"xl/worksheets/sheet5.xml": sheet.replace(b"<t>Lynas</t>",
                                                                          b"<t>" + b"x" * 32_768 + b"</t>")})
    assert ("Supply chain F15 Diese Zelle enthält 32.768 Zeichen; eine Zelle fasst höchstens 32.767: Die Datei wurde "
            "nicht mit Excel gespeichert.") in _refusal(client, tender_id, long_cell)
    book = load_workbook(BytesIO(filled))
    book["Supply chain"]["D15"] = 20  # Nd extraction: 70 (China) + 20 (Australia)
    buffer = BytesIO()
    book.save(buffer)
    assert ("Supply chain D14:D15 Neodym / Gewinnung: die Anteile ergeben zusammen 90 %, erwartet werden 100 %."
            ) in _refusal(client, tender_id, buffer.getvalue())
