"""The type of a bid document from its bytes alone, and its name made safe to show and to download."""
from __future__ import annotations

import pytest

from app.records.document_names import display_name, download_name
from app.records.file_types import file_format
from tests.web.document_steps import DOCM, DOCX, EXE, HTML, JPEG, ODT, PDF_WITH_JAVASCRIPT, PNG, XLSX, zipped


@pytest.mark.parametrize(("data", "expected"), [
    (PDF_WITH_JAVASCRIPT, "pdf"), (PNG, "png"), (JPEG, "jpeg"), (DOCX, "docx"), (XLSX, "xlsx"), (ODT, "odt"),
    (EXE, None), (HTML, None), (DOCM, None), (b"", None), (b"GIF89a", None), (b" %PDF-1.7", None),
    (zipped({"anything.txt": b"x"}), None), (zipped({"[Content_Types].xml": b"<Types/>"}), None),
    (zipped({"mimetype": b"application/vnd.oasis.opendocument.text", "Basic/script.xml": b""}, True), None),
    (zipped({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"}, True), None),
])
def test_the_format_is_found_from_the_content(data, expected):
    assert file_format(data) == expected


@pytest.mark.parametrize(("sent", "shown"), [
    ("../../etc/passwd.pdf", "passwd.pdf"), ("C:\\Users\\ana\\Offer.pdf", "Offer.pdf"),
    ("a\x00b.pdf", "a b.pdf"), ("  .hidden.pdf", "hidden.pdf"), ("line\r\nbreak.pdf", "line break.pdf"),
    ("Zertifikat Öko.pdf", "Zertifikat Öko.pdf"), ("", ""), ("../", ""),
])
def test_display_names_keep_no_path_or_control_characters(sent, shown):
    assert display_name(sent) == shown


def test_a_long_name_is_cut_keeping_its_extension():
    shown = display_name("x" * 500 + ".docx")
    assert len(shown) == 120 and shown.endswith("x.docx")


def test_the_download_name_is_ascii_with_the_extension_of_the_content():
    assert download_name("Zertifikat Öko.exe", "pdf", "certificate") == "Zertifikat Oko.pdf"
    assert download_name('a"; filename=evil.html', "png", "certificate") == "a__ filename_evil.png"
    assert download_name("...", "jpg", "certificate") == "certificate.jpg"
