"""tender.yaml's texts in several languages: the published languages, the title and each criterion's name and
description per language, the procedure language's text among them (tender_files/texts.py)."""
from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from tender_files.folder import FolderInvalid, load_tender_definition

SAMPLE = Path(__file__).parents[1] / "sample_tenders" / "ndfeb-magnets"
TITLES = {"de": "Dauermagnete für Straßenbahnmotoren", "fr": "Aimants permanents pour moteurs de tramway"}


def german_tender(**changes) -> dict:
    """The sample as a German procedure that publishes in French too, its first criterion named in both."""
    data = yaml.safe_load((SAMPLE / "tender.yaml").read_text("utf-8"))
    del data["title"]
    data.update(language="de", titles=dict(TITLES))
    data["criteria"][0].update(name="Preis", names={"de": "Preis", "fr": "Prix"},
                               descriptions={"fr": "Le prix total, hors TVA."})
    data.update(copy.deepcopy(changes))
    return data


def problems(data) -> list[str]:
    with pytest.raises(FolderInvalid) as error:
        load_tender_definition(data)
    return [str(problem) for problem in error.value.problems]


def test_the_title_and_names_per_language_are_read_and_the_procedure_languages_text_is_the_plain_one():
    meta, tender = load_tender_definition(german_tender())
    assert meta.title == TITLES["de"] and dict(meta.titles) == TITLES and meta.languages == ("de", "fr")
    price = tender.criteria[0]
    assert price.name == "Preis" and dict(price.names) == {"de": "Preis", "fr": "Prix"}
    assert dict(price.descriptions)["fr"] == "Le prix total, hors TVA."
    assert dict(price.descriptions)["de"] == price.description  # the plain description is the German one


def test_the_definition_with_its_texts_is_read_back_equal():
    meta, tender = load_tender_definition(german_tender())
    again_meta, again = load_tender_definition({**meta.to_dict(), **tender.to_dict()})
    assert again == tender and again_meta == meta
    assert again.criteria[0].names == tender.criteria[0].names


def test_a_tender_in_one_language_writes_no_maps():
    meta, tender = load_tender_definition(yaml.safe_load((SAMPLE / "tender.yaml").read_text("utf-8")))
    written = {**meta.to_dict(), **tender.to_dict()}
    assert "titles" not in written and "languages" not in written
    assert not any("names" in criterion for criterion in written["criteria"])


def test_an_unknown_language_code_is_placed():
    assert problems(german_tender(titles={**TITLES, "es": "Imanes"})) == [
        "tender.yaml: titles: 'es' is not one of ['en', 'de', 'fr']"]
    data = german_tender()
    data["criteria"][1]["names"] = {"it": "Prezzo"}
    assert problems(data) == ["tender.yaml: criteria[1].names: 'it' is not one of ['en', 'de', 'fr']"]


def test_a_missing_procedure_language_text_is_placed():
    assert problems(german_tender(titles={"fr": TITLES["fr"]})) == [
        "tender.yaml: titles: give the text in the procedure language (de) too"]
    data = german_tender()
    del data["criteria"][0]["name"]
    data["criteria"][0]["names"] = {"fr": "Prix"}
    assert problems(data) == ["tender.yaml: criteria[0].names: give the text in the procedure language (de) too"]


def test_a_text_in_a_language_the_tender_does_not_publish_in_or_twice_differently_is_placed():
    data = german_tender(languages=["de"])
    assert problems(data) == [
        "tender.yaml: titles.fr: the tender does not publish in fr; it publishes in de (add it to languages)",
        "tender.yaml: criteria[0].names.fr: the tender does not publish in fr; it publishes in de (add it to "
        "languages)",
        "tender.yaml: criteria[0].descriptions.fr: the tender does not publish in fr; it publishes in de (add it "
        "to languages)"]
    assert problems(german_tender(title="Magnete")) == [
        "tender.yaml: titles.de: differs from title: both are the text in the procedure language (de); give it "
        "once"]
    assert problems(german_tender(languages=["fr"])) == [
        "tender.yaml: languages: add the procedure language (de): the tender publishes in it"]
