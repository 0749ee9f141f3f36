"""The report and the debrief letters in the tender's procedure language: words, numbers, dates and the PDF's
language, with the same embedded evaluation in every language.

The NdFeB sample folder is reported in English, German and French (contexts are cheap); the French report and
letter and the German report are rendered once for the module (rendering takes seconds), each in the render
worker as in production: a process that has laid out a document in one language lays out later ones in another
with a few bytes of difference, which would break the same-bytes test of test_report_rendering.py.
"""
from __future__ import annotations

import io
import json
from dataclasses import replace
from pathlib import Path

import pikepdf
import pytest

from app.extensions import db
from app.models import Tender
from app.models.report import DEBRIEF, REPORT
from app.reports.debrief import debrief_context
from app.reports.jobs import context_key
from app.reports.sandbox import render_isolated
from app.reports.sources import folder_report_context, report_data_version
from tender_files.bids import read_bids
from tender_files.folder import load_folder
from tests.web.report_helpers import pdf_text, squeezed

SAMPLE = Path(__file__).parents[2] / "sample_tenders" / "ndfeb-magnets"
ENGLISH_HEADINGS = ["Procedure summary", "Award criteria and scoring rules", "Bids received", "Score matrix",
                    "Per-bid detail", "Abnormally low tenders", "Audit trail", "Contents", "Evaluation report",
                    "Bidder", "Submission deadline", "Page 2 of"]
ENGLISH_LETTER = ["Dear Sir or Madam", "Your tender", "Selected tender", "Standstill period", "Relative advantages",
                  "Yours faithfully", "Debrief letter"]


def _context(language: str) -> dict:
    folder = load_folder(SAMPLE)
    folder = replace(folder, meta=replace(folder.meta, language=language))
    return json.loads(json.dumps(folder_report_context(folder, read_bids(folder))))


@pytest.fixture(scope="module")
def contexts() -> dict[str, dict]:
    return {language: _context(language) for language in ("en", "de", "fr")}


@pytest.fixture(scope="module")
def documents(contexts) -> dict[str, bytes]:
    """The French and German reports and the French letter to the second-ranked bidder."""
    second = next(bid["id"] for bid in contexts["fr"]["bids"] if bid["rank"] == 2)
    return {"fr": render_isolated(REPORT, contexts["fr"]), "de": render_isolated(REPORT, contexts["de"]),
            "fr-letter": render_isolated(DEBRIEF, debrief_context(contexts["fr"], second))}


def _embedded(pdf: bytes) -> str:
    with pikepdf.open(io.BytesIO(pdf)) as document:
        return document.attachments["evaluation.json"].get_file().read_bytes().decode()


def _language(pdf: bytes) -> str:
    with pikepdf.open(io.BytesIO(pdf)) as document:
        return str(document.Root.Lang)


def _english_left(text: str, words: list[str]) -> list[str]:
    return [word for word in words if squeezed(word) in text]


def test_the_french_report_is_in_french_with_french_numbers(documents):
    text = squeezed(pdf_text(documents["fr"]))
    for heading in ("Sommaire", "Résumé de la procédure", "Critères d’attribution et règles de notation",
                    "Offres anormalement basses", "Président du comité d’évaluation", "Matrice des notes",
                    "Annexe B · Piste d’audit", "Page 2 sur"):
        assert squeezed(heading) in text, heading
    assert "valeurestimée3200000EUR" in text and "3,200,000" not in text  # 1 234 567 EUR, not 1,234,567 EUR
    assert "15févr.2027" in text and "15Feb2027" not in text
    assert squeezed("fuseau horaire du marché (Belgique · Bruxelles)") in text and "Europe/Brussels" not in text
    assert _english_left(text, ENGLISH_HEADINGS) == []
    assert _language(documents["fr"]) == "fr"


def test_the_german_report_is_in_german_with_german_numbers(documents):
    text = squeezed(pdf_text(documents["de"]))
    for heading in ("Inhalt", "Zuschlagskriterien und Bewertungsregeln", "Ungewöhnlich niedrige Angebote",
                    "Vorsitz des Bewertungsausschusses", "Punktematrix", "Anlage B · Prüfprotokoll", "Seite 2 von"):
        assert squeezed(heading) in text, heading
    assert "geschätzterWert3.200.000EUR" in text and "15.02.2027" in text
    assert squeezed("Belgien · Brüssel") in text and "Europe/Brussels" not in text
    assert _english_left(text, ENGLISH_HEADINGS) == []
    assert _language(documents["de"]) == "de"


def test_the_french_letter_is_in_french_with_french_numbers(documents):
    text = squeezed(pdf_text(documents["fr-letter"]))
    for words in ("Madame, Monsieur,", "Délai de suspension", "Avantages relatifs de l’offre retenue",
                  "délai de suspension de 10 jours calendaires", "pouvoir adjudicateur", "classée au rang 2 sur"):
        assert squeezed(words) in text, words
    assert "sur100,00points" in text and "100.00" not in text  # decimal comma
    assert _english_left(text, ENGLISH_LETTER) == []
    assert _language(documents["fr-letter"]) == "fr"


def test_an_ineligible_bid_s_reason_is_in_the_procedure_language(contexts, documents):
    """Baltic's resilience group scores below its minimum: the library's reason, in the report's language."""
    reasons = {code: [reason for bid in context["bids"] for reason in bid["reasons"]]
               for code, context in contexts.items()}
    assert reasons["en"] == ["Scored 0% on Supply-chain resilience, below its minimum score of 40%"]
    assert reasons["de"] == ["0\u00a0% in Supply-chain resilience erreicht, unter der Mindestpunktzahl von 40\u00a0%"]
    assert reasons["fr"] == ["Note de 0\u00a0% pour Supply-chain resilience, inférieure à sa note minimale de "
                             "40\u00a0%"]
    french = squeezed(pdf_text(documents["fr"]))
    assert squeezed("Note de 0 % pour Supply-chain resilience, inférieure à sa note minimale de 40 %") in french
    assert squeezed("below its minimum score") not in french


def test_the_embedded_evaluation_is_the_same_in_every_language(contexts, documents):
    english = contexts["en"]["evaluation_json"]
    assert english == contexts["de"]["evaluation_json"] == contexts["fr"]["evaluation_json"]
    assert _embedded(documents["fr"]) == _embedded(documents["de"]) == english


def test_each_language_is_a_document_of_its_own(contexts):
    keys = {context_key("report", context) for context in contexts.values()}
    assert len(keys) == 3 and [context["language"] for context in contexts.values()] == ["en", "de", "fr"]


def test_changing_the_procedure_language_changes_the_report_data_version(app, tender_id):
    with app.app_context():
        tender = db.session.get(Tender, tender_id)
        before = report_data_version(tender)
        tender.language = "fr"
        db.session.commit()
        assert report_data_version(tender) != before


def test_a_change_not_yet_flushed_counts_in_the_report_data_version(app, tender_id):
    """The version is read through the session's connection, which autoflush does not cover: it flushes first."""
    with app.app_context():
        tender = db.session.get(Tender, tender_id)
        before = report_data_version(tender)
        tender.language = "de"  # pending in the session, as a tender closed where a page read it is
        assert report_data_version(tender) != before
        db.session.rollback()


def test_the_scoring_library_s_texts_are_in_the_procedure_language_and_english_in_the_embedded_evaluation(
        contexts, documents):
    summaries = {code: context["sensitivity"]["summary"] for code, context in contexts.items()}
    assert summaries["en"].startswith("The winner (Nordic Magnet Works AB) stays first unless")
    assert summaries["de"].startswith("Der Erstplatzierte (Nordic Magnet Works AB) bleibt auf Rang 1, außer wenn")
    assert summaries["fr"].startswith("L’offre classée première (Nordic Magnet Works AB) reste première")
    assert "10.000 zufälligen Gewichtungen" in summaries["de"] and "10\u202f000 pondérations" in summaries["fr"]
    rules = {code: [row["rule"]["describe"] for row in context["criteria"] if row["rule"]]
             for code, context in contexts.items()}
    assert "Lower is better: 50 or less gets full points and 100 or more gets no points, on a straight line in " \
           "between." in rules["en"]
    assert "Niedriger ist besser: 50 oder weniger erhält die volle Punktzahl und 100 oder mehr erhält keine Punkte, " \
           "dazwischen auf einer Geraden." in rules["de"]
    assert "Paliers : moins de 2\u202f500 obtient la totalité des points" in " ".join(rules["fr"])
    embedded = json.loads(contexts["de"]["evaluation_json"])["sensitivity"]
    assert embedded["summary"] == summaries["en"]  # the machine-readable evaluation keeps the library's English
    german = squeezed(pdf_text(documents["de"]))
    assert squeezed("Niedriger ist besser: 50 oder weniger erhält die volle Punktzahl") in german
    assert squeezed("Der Erstplatzierte (Nordic Magnet Works AB) bleibt auf Rang 1") in german
    assert squeezed("50 or less gets full points") not in german and squeezed("random weightings") not in german
    # how a measured criterion reads the bill of materials (the magnets' separation concentration, whole product)
    sources = {code: " ".join(row["source"] for row in context["criteria"]) for code, context in contexts.items()}
    assert "Measured per material, then the mass-weighted mean over the bill of materials." in sources["en"]
    assert "Je Rohstoff gemessen, dann der massengewichtete Mittelwert über die Stückliste der Rohstoffe." \
           in sources["de"]
    assert "Mesuré par matière, puis moyenne pondérée par la masse sur la nomenclature des matières." in sources["fr"]
    assert squeezed("massengewichtete Mittelwert") in german and squeezed("mass-weighted") not in german
