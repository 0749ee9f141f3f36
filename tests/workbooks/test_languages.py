"""The workbook in the procedure language (en, de, fr): labels, instructions, drop-downs and number formats are
translated, sheet names, cells and codes are not, and a workbook filled in any language is read the same."""
from __future__ import annotations

import re
from dataclasses import replace
from io import BytesIO

import pytest
from babel.messages.pofile import read_po
from openpyxl import load_workbook

from scoring.reference import reference
from tests.workbooks import lot_sample, sample
from tests.workbooks.editing import edit, problems_of
from tests.workbooks.languages import LANGUAGES, TRANSLATIONS, wording
from workbooks import build_template, fill_workbook, read_workbook
from workbooks.layout import SHEETS
from workbooks.material_words import MATERIAL_NAMES
from workbooks.safety import SAVE_AS
from workbooks.wording import Wording


@pytest.fixture(scope="module")
def templates():
    return {code: build_template(sample.tender(), sample.INFO, wording(code)) for code in LANGUAGES}


def _book(data: bytes):
    return load_workbook(BytesIO(data))


def _column(sheet, letter: str, first_row: int = 2) -> list[str]:
    return [cell.value for cell in sheet[letter][first_row - 1:] if cell.value is not None]


@pytest.mark.parametrize(("code", "texts"), [
    ("de", {"Instructions!A1": "Arbeitsmappe zur Selbstbewertung des Bieters", "Company!A1": "Unternehmen",
            "Company!A4": "Name des Unternehmens", "Answers!C3": "Ihre Antwort", "Supply chain!A1": "Lieferkette",
            "Supply chain!D13": "Anteil in %", "Price!A4": "Gesamtpreis (EUR)"}),
    ("fr", {"Instructions!A1": "Classeur d’auto-évaluation du soumissionnaire", "Company!A1": "Entreprise",
            "Company!A4": "Nom de l’entreprise", "Answers!C3": "Votre réponse",
            "Supply chain!A1": "Chaîne d’approvisionnement", "Supply chain!D13": "Part en %",
            "Price!A4": "Prix total (EUR)"}),
])
def test_german_and_french_templates_show_their_labels_and_keep_sheet_names_and_codes(templates, code, texts):
    book = _book(templates[code])
    assert tuple(book.sheetnames) == SHEETS  # the sheet names are identities, the same in every language
    for place, text in texts.items():
        sheet, ref = place.split("!")
        assert book[sheet][ref].value == text, place
    english = _book(templates["en"])
    codes = _column(book["Answers"], "A", 4)
    assert codes == _column(english["Answers"], "A", 4) and "GATE-SAFETY" in codes  # codes stay as they are
    assert book["Metadata"]["B3"].value == english["Metadata"]["B3"].value  # same criteria fingerprint


def test_the_drop_downs_are_in_the_procedure_language():
    lists = {code: _book(build_template(sample.tender(), sample.INFO, wording(code)))["Lists"] for code in LANGUAGES}
    assert {"Deutschland", "China", "Schweiz"} <= set(_column(lists["de"], "A"))
    assert {"Allemagne", "Chine", "Suisse"} <= set(_column(lists["fr"], "A"))
    assert _column(lists["de"], "B") == ["Neodym", "Praseodym", "Dysprosium"]
    assert _column(lists["fr"], "B") == ["Néodyme", "Praséodyme", "Dysprosium"]
    assert _column(lists["de"], "C") == ["Gewinnung (Bergbau)", "Verarbeitung / Raffination",
                                         "Herstellung der Komponenten"]
    assert (_column(lists["de"], "D"), _column(lists["fr"], "D"), _column(lists["en"], "D")) == (
        ["ja", "nein"], ["oui", "non"], ["yes", "no"])
    assert len(_column(lists["de"], "A")) == len(_column(lists["en"], "A"))  # every country, in each language


def test_number_formats_place_the_currency_and_percent_as_the_language_writes_them(templates):
    formats = {code: (_book(data)["Price"]["B4"].number_format, _book(data)["Supply chain"]["D14"].number_format)
               for code, data in templates.items()}
    assert formats == {"en": ('"EUR" #,##0.00', 'General"%"'), "de": ('#,##0.00 "EUR"', 'General" %"'),
                       "fr": ('#,##0.00 "EUR"', 'General" %"')}
    facts = {code: _book(data)["Instructions"]["B7"].value for code, data in templates.items()}
    assert facts["en"] == "300,000,000 EUR" and facts["de"] == "300.000.000 EUR"
    assert facts["fr"] == "300\u202f000\u202f000 EUR"  # CLDR's French group separator, a narrow no-break space


def test_a_workbook_filled_in_german_or_french_is_read_exactly_like_the_english_one(templates):
    parsed = {code: read_workbook(fill_workbook(templates[code], sample.filling(), wording(code)), sample.tender(),
                                  sample.INFO, words=wording(code)).to_dict() for code in LANGUAGES}
    assert parsed["de"] == parsed["en"] and parsed["fr"] == parsed["en"]
    assert parsed["de"]["company"]["country"] == "DE" and parsed["de"]["answers"]["RES-EOL"] is True


def test_a_lot_workbook_filled_in_german_is_read_like_the_english_one():
    tender = lot_sample.tender()
    parsed = {}
    for code in ("en", "de"):
        template = build_template(tender, sample.INFO, wording(code))
        lots = _book(template)["Lots"]
        assert lots["A1"].value == {"en": "Lots", "de": "Lose"}[code] and lots.title == "Lots"
        data = fill_workbook(template, lot_sample.filling(), wording(code))
        parsed[code] = read_workbook(data, tender, sample.INFO, words=wording(code)).to_dict()
    assert parsed["de"] == parsed["en"] and [lot["number"] for lot in parsed["de"]["lots"]] == [1, 3]


def test_names_typed_in_german_or_french_are_accepted(templates):
    typed = {"de": {"Company!B5": "deutschland", "Company!B7": "Schweiz", "Supply chain!A14": "Neodym",
                    "Supply chain!B14": "Gewinnung (Bergbau)", "Supply chain!C14": "China",
                    "Answers!C4": "Ja"},
             "fr": {"Company!B5": "Allemagne", "Company!B7": "Suisse", "Supply chain!A14": "néodyme",
                    "Supply chain!B14": "Extraction (exploitation minière)", "Supply chain!C14": "Chine",
                    "Answers!C4": "oui"}}
    expected = read_workbook(fill_workbook(templates["en"], sample.filling()), sample.tender(), sample.INFO).to_dict()
    for code, cells in typed.items():
        filled = fill_workbook(templates[code], sample.filling(), wording(code))
        assert read_workbook(edit(filled, **cells), sample.tender(), sample.INFO, words=wording(code)).to_dict() \
            == expected
    # English names and ISO codes stay accepted in a German workbook; another language's names are not guessed
    filled = fill_workbook(templates["de"], sample.filling(), wording("de"))
    english = edit(filled, **{"Company!B5": "Germany", "Company!B7": "CH", "Supply chain!A14": "Neodymium",
                              "Supply chain!B14": "extraction", "Answers!C4": "yes"})
    assert read_workbook(english, sample.tender(), sample.INFO, words=wording("de")).to_dict() == expected
    assert problems_of(edit(filled, **{"Company!B5": "Allemagne"}), sample.tender(), sample.INFO,
                       words=wording("de")) == [
        "Company!B5: country 'Allemagne' is not in the list; choose from the drop-down list"]


def test_problems_are_in_the_readers_language_and_still_name_sheet_and_cell(templates):
    filled = fill_workbook(templates["de"], sample.filling(), wording("de"))
    broken = edit(filled, **{"Supply chain!C15": "Atlantis", "Answers!C4": "vielleicht", "Price!B4": "teuer"})
    german = problems_of(broken, sample.tender(), sample.INFO, words=wording("de"), messages=wording("de"))
    assert german == [
        "Price!B4: Preis: Zahl erwartet, gefunden: 'teuer'",
        "Answers!C4: Antwort 'vielleicht' steht nicht in der Liste; wählen Sie eine von ja, nein",
        "Supply chain!C15: Land 'Atlantis' steht nicht in der Liste; wählen Sie aus der Auswahlliste"]
    english = problems_of(broken, sample.tender(), sample.INFO, words=wording("de"))
    assert english[0] == "Price!B4: price: expected a number, got 'teuer'"
    other_tender = replace(sample.INFO, reference="RB-2026-OTHER")
    assert problems_of(filled, sample.tender(), other_tender, messages=wording("fr")) == [
        "workbook: ce classeur concerne la procédure 'RB-2026-MAG-01', et non RB-2026-OTHER : téléchargez le "
        "modèle en vigueur de la procédure RB-2026-OTHER et saisissez-y votre offre"]


def test_a_file_that_is_no_workbook_is_named_in_the_readers_language():
    assert problems_of(b"%PDF-1.7", sample.tender(), sample.INFO, messages=wording("de")) == [
        "workbook: dies ist ein PDF-Dokument, keine Excel-Arbeitsmappe (.xlsx): Speichern Sie sie in Excel oder "
        "LibreOffice als Excel-Arbeitsmappe (.xlsx) und laden Sie diese Datei hoch"]
    assert problems_of(b"", sample.tender(), sample.INFO, messages=wording("fr"))[0].startswith(
        "workbook: le fichier est vide : enregistrez-le dans Excel")


def test_every_material_name_is_marked_for_the_catalogues():
    assert MATERIAL_NAMES == tuple(material.name for material in reference.materials().values())
    assert wording("de")("Neodymium") == "Neodym" and wording("fr")("Coking coal") == "Charbon à coke"


def test_excel_formats_follow_cldr_for_other_currencies():
    assert Wording("de").money_format("SEK") == '#,##0.00 "SEK"'
    assert Wording("en").money_format("PLN") == '"PLN" #,##0.00'
    assert (Wording("en").percent_sign(), Wording("de").percent_sign(), Wording("fr").percent_sign()) == (
        "%", " %", " %")


def test_the_instructions_say_how_a_measured_criterion_reads_the_bill_of_materials_in_the_procedure_language(
        templates):
    """The scoring library's sentence (a Message) written in the workbook's language, not quoted in English."""
    def handling(code: str) -> str:
        return " ".join(cell.value for row in _book(templates[code])["Instructions"].iter_rows() for cell in row
                        if isinstance(cell.value, str) and cell.value.startswith(("Computed", "Berechnet")))
    assert "The mass-weighted mean of the materials' shares over the bill of materials" in handling("en")
    german = handling("de")
    assert "Der massengewichtete Mittelwert der Anteile der Rohstoffe über die Stückliste der Rohstoffe" in german
    assert "Ist ein Rohstoff für diese Phase nicht angegeben, erhält dieses Kriterium sein Minimum." in german
    assert "mass-weighted" not in german and "undeclared" not in german


def test_the_rules_descriptions_are_in_the_procedure_language(templates):
    """How each answer is scored is the scoring library's sentence, written in the workbook's language with its
    numbers' form, on the Answers sheet, in the Instructions and on every lot's answers sheet."""
    german, french = _book(templates["de"]), _book(templates["fr"])
    assert german["Answers"]["E5"].value == ("Stufen: von 0 bis unter 8 erhält die volle Punktzahl; von 8 bis unter 16 "
                                             "erhält 50 % der Punkte; jeder andere Wert erhält keine Punkte.")
    assert french["Answers"]["E4"].value == "Déclaration : oui obtient la totalité des points ; non obtient zéro point."
    instructions = " ".join(str(cell.value) for row in german["Instructions"].iter_rows() for cell in row if cell.value)
    assert "erhält die volle Punktzahl" in instructions and "gets full points" not in instructions
    lots = _book(build_template(lot_sample.tender(), sample.INFO, wording("de")))
    rules = [cell.value for name in lots.sheetnames if name.endswith("answers") for cell in lots[name]["D"][3:]
             if cell.value]
    assert rules and not [rule for rule in rules if "points" in rule]


def test_german_gives_the_fix_a_sentence_of_its_own():
    """Every fix ("Speichern Sie sie ...", "Makros werden nicht angenommen: ...") is a whole sentence, which German
    begins with a capital after a colon or a full stop: it never follows a semicolon or an "und"."""
    with open(TRANSLATIONS / "de" / "LC_MESSAGES" / "messages.po", "rb") as file:
        catalogue = read_po(file, locale="de")
    for message in catalogue:
        if message.string and "%(fix)s" in message.string:
            assert re.search(r"[:.] %\(fix\)s", message.string), message.string
        if message.id == SAVE_AS:
            assert message.string.startswith("Speichern Sie"), message.string
