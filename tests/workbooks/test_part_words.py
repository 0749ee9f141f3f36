"""Refusals name a part of the archive by what it is, or a template sheet by its tab, never by its name inside the zip
(workbooks/part_words.py)."""
from __future__ import annotations

import pytest

from tests.workbooks.languages import wording
from workbooks.part_words import part_words
from workbooks.wording import messages_in


@pytest.mark.parametrize(("name", "words"), [
    ("[Content_Types].xml", "the list of the file's contents"),
    ("xl/workbook.xml", "the list of sheets"),
    ("XL/Worksheets/Sheet12.xml", "one of the sheets"),
    ("xl/sharedStrings.xml", "the table of texts the cells share"),
    ("xl/styles.xml", "the table of cell formats"),
    ("_rels/.rels", "the links between the file's parts"),
    ("xl/worksheets/_rels/sheet1.xml.rels", "the links between the file's parts"),
    ("xl/externalLinks/externalLink1.xml", "a link to another file"),
    ("xl/media/image7.png", "an embedded image or file"),
    ("docProps/core.xml", "the document's properties"),
    ("customXml/item1.xml", "an internal part of the file"),
    ("", "an internal part of the file"),
])
def test_each_kind_of_part_is_named_as_a_bidder_knows_it(name, words):
    assert part_words(name) == words


def test_the_words_are_in_the_readers_language():
    with messages_in(wording("de")):
        assert part_words("xl/worksheets/sheet5.xml") == "eines der Blätter"
    with messages_in(wording("fr")):
        assert part_words("xl/styles.xml") == "la table des formats de cellule"


def test_a_sheet_known_from_the_list_of_sheets_is_named_by_its_tab():
    assert part_words("xl/worksheets/sheet5.xml", "Supply chain") == "Supply chain sheet"
    with messages_in(wording("fr")):
        assert part_words("xl/worksheets/sheet5.xml", "Supply chain") == "feuille Supply chain"
