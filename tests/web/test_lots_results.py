"""The results page, side by side, sensitivity and Excel matrix of a tender divided into lots, lot by lot.

The tender is tests/web/lot_folder.py's magnet sample in two lots: six tenderers bid for lot 1, five for lot 2
(Baltic bids for lot 1 only); Nordic ranks first in both lots (87.61 and 92.93 points) and Lahntal second in lot 1
(86.30 points), so the award gives lot 1 to Lahntal and lot 2 to Nordic (tests/web/test_lots_stored.py).
"""
from __future__ import annotations

import re
from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from app.extensions import db
from app.models import Tender, TenderLot
from app.records.stored_results import lots_evaluation_of
from tests.web.conftest import login
from tests.web.lot_folder import lots_folder
from tests.web.lot_tender import CHAIR, TECHNICAL, import_opened
from tests.web.page_words import GERMAN_BROWSER, page_text
from tests.web.query_counting import copy_bids, statements_of

NORDIC, LAHNTAL, BALTIC = "Nordic Magnet Works AB", "Lahntal Magnettechnik GmbH", "Baltic Magnet Trading"
HOSTILE_TITLE = "=HYPERLINK(\"http://example.invalid\",\"Spare magnets\")"


@pytest.fixture
def imported(app, runner, tmp_path, make_organisation, make_user) -> int:
    folder = lots_folder(tmp_path, app.config["RESBID_UPLOAD_MEMORY_MB"])
    return import_opened(app, runner, folder, make_organisation, make_user)


def _signed_in(app, email):
    client = app.test_client()
    login(client, email)
    return client


def _table(html: str, table_id: str) -> str:
    start = html.index(f'id="{table_id}"')
    return html[start:html.index("</table>", start)]


def _ranked_bidders(html: str) -> list[str]:
    """The bidders of the ranking table in the order shown (each row's third cell)."""
    rows = re.findall(r"<tr>\s*<td[^>]*><input[^>]*></td>\s*<td[^>]*>[^<]*</td>\s*<td[^>]*>(?:<a [^>]*>)?([^<]+)",
                      _table(html, "ranking"))
    return [row.strip() for row in rows]


def test_each_lots_page_ranks_that_lots_bids_as_the_stored_evaluation_does(app, imported):
    chair = _signed_in(app, CHAIR)
    with app.app_context():
        evaluation = lots_evaluation_of(db.session.get(Tender, imported))
        expected = {lot.number: [bid.bidder for bid in lot.result.bids] for lot in evaluation.lots}
    first = chair.get(f"/tenders/{imported}/results")
    second = chair.get(f"/tenders/{imported}/results?lot=2")
    assert first.status_code == second.status_code == 200
    assert _ranked_bidders(first.get_data(as_text=True)) == expected[1] and len(expected[1]) == 6
    assert _ranked_bidders(second.get_data(as_text=True)) == expected[2] and BALTIC not in expected[2]
    assert expected[1][:2] == [NORDIC, LAHNTAL] and expected[2][0] == NORDIC
    words = " ".join(second.get_data(as_text=True).split())
    assert "Lot 2: Spare magnets</h2>" in words and "92.93" in words
    assert f'href="/tenders/{imported}/results?lot=1">Lot 1: Traction-motor magnets</a>' in words
    assert f'href="/tenders/{imported}/award"' in words
    assert 'id="sensitivity-summary"' in words  # computed with the result where jobs run in the process
    assert f'href="/tenders/{imported}/results?lot=2&amp;sort=price"' in words  # sorting stays in the lot
    assert '<input type="hidden" name="lot" value="2">' in words  # so does comparing
    award = chair.get(f"/tenders/{imported}/award").get_data(as_text=True)
    assert f'href="/tenders/{imported}/results?lot=2"' in award  # and the award leads to each lot's results


def test_side_by_side_compares_the_lots_bids_only(app, imported):
    chair = _signed_in(app, CHAIR)
    html = chair.get(f"/tenders/{imported}/results?lot=2&bid=baltic-magnet-trading&bid=nordic-magnet-works"
                     "&bid=lahntal-magnettechnik").get_data(as_text=True)
    header = _table(html, "comparison").split("</thead>")[0]
    assert NORDIC in header and LAHNTAL in header and BALTIC not in header  # Baltic bids for lot 1 only
    in_lot_1 = chair.get(f"/tenders/{imported}/results?lot=1&bid=baltic-magnet-trading").get_data(as_text=True)
    assert BALTIC in _table(in_lot_1, "comparison")


def test_an_address_naming_no_lot_gets_a_page_saying_so(app, imported):
    chair = _signed_in(app, CHAIR)
    for asked in ["3", "0", "two", "-1", "²", "1.5", ""]:
        page = chair.get(f"/tenders/{imported}/results", query_string={"lot": asked})
        assert page.status_code == 404, asked
        text = page_text(page.get_data(as_text=True))
        assert f"This tender has no lot “{asked}”. Choose one of its lots." in text
        assert "Lot 1: Traction-motor magnets" in text and "Lot 2: Spare magnets" in text
        assert 'id="ranking"' not in page.get_data(as_text=True)


def test_the_lots_page_is_german_for_a_german_browser(app, imported):
    _signed_in(app, CHAIR).get(f"/tenders/{imported}/results?lot=2")  # in English first: nothing kept is reused
    text = page_text(_signed_in(app, CHAIR).get(f"/tenders/{imported}/results?lot=2&bid=nordic-magnet-works",
                                                headers=GERMAN_BROWSER).get_data(as_text=True))
    assert "Los 2: Spare magnets" in text and "Zuschlag über alle Lose" in text
    assert "Rangfolge" in text and "Gegenüberstellung" in text and "5 Angebote, nach Rang." in text
    assert "Punktematrix (gewichtete Punkte)" in text and "Sensitivität (zur Information" in text
    for english in ("Award across lots", "Each lot is ranked on its own bids", "Side by side", "Sort by",
                    "Compare selected bids", "Score matrix"):
        assert english not in text


def _sheets(response) -> dict[str, list[tuple]]:
    assert response.status_code == 200
    book = load_workbook(BytesIO(response.data), read_only=True)
    return {sheet.title: [tuple(row) for row in sheet.iter_rows(values_only=True)] for sheet in book.worksheets}


def _bidders(rows: list[tuple]) -> list[str]:
    """The bidders of a lot sheet's first table (above its empty row)."""
    end = next(i for i, row in enumerate(rows) if not any(cell is not None for cell in row))
    column = rows[0].index("Bidder")
    return [row[column] for row in rows[1:end]]


def test_the_workbook_has_a_sheet_per_lot_and_the_award_every_text_neutralised(app, imported):
    with app.app_context():
        db.session.scalars(select(TenderLot).where(TenderLot.tender_id == imported, TenderLot.number == 2)).one() \
            .title = HOSTILE_TITLE  # before the first evaluation, which reads the title
        db.session.commit()
        evaluation = lots_evaluation_of(db.session.get(Tender, imported))
        expected = {lot.number: [bid.bidder for bid in lot.result.bids] for lot in evaluation.lots}
    sheets = _sheets(_signed_in(app, CHAIR).get(f"/tenders/{imported}/export.xlsx"))
    assert list(sheets) == ["Lot 1", "Lot 2", "Award"]
    assert _bidders(sheets["Lot 1"]) == expected[1] and _bidders(sheets["Lot 2"]) == expected[2]
    matrix_2 = sheets["Lot 2"][len(expected[2]) + 2:]
    assert matrix_2[0][:3] == ("Bidder", "Criterion", "Criterion name")
    assert {row[0] for row in matrix_2[1:]} == set(expected[2])  # the lot's matrix: its bids only
    award = sheets["Award"]
    assert award[0] == ("Lot", "Title", "Bids", "First in the ranking", "Total", "Awarded to", "Why")
    assert award[1][:4] == (1, "Traction-motor magnets", 6, NORDIC) and award[1][5] == LAHNTAL
    assert award[2][1] == "'" + HOSTILE_TITLE and award[2][5] == NORDIC  # shown as text, never run
    every_text = [cell for rows in sheets.values() for row in rows for cell in row if isinstance(cell, str)]
    assert not [cell for cell in every_text if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]


def test_a_german_chair_s_lot_workbook_is_german(app, imported):
    """Sheets, headers and the award's sentences in the reader's language (nothing reads the workbook back)."""
    sheets = _sheets(_signed_in(app, CHAIR).get(f"/tenders/{imported}/export.xlsx", headers=GERMAN_BROWSER))
    assert list(sheets) == ["Los 1", "Los 2", "Zuschlag"]
    assert sheets["Zuschlag"][0] == ("Los", "Bezeichnung", "Angebote", "Erster der Rangfolge", "Summe", "Zuschlag an",
                                     "Begründung")
    assert sheets["Los 1"][0][:2] == ("Rang", "Bieter")
    reasons = " ".join(row[6] for row in sheets["Zuschlag"][1:] if len(row) > 6 and isinstance(row[6], str))
    assert reasons and not re.search(r"\b(the|is|awarded|ranks|lot)\b", reasons), reasons


def test_a_price_blind_technical_member_gets_technical_sheets_and_no_results(app, imported):
    technical = _signed_in(app, TECHNICAL)
    refused = technical.get(f"/tenders/{imported}/results?lot=2")
    assert refused.status_code == 403 and "2,808,000" not in refused.get_data(as_text=True)
    sheets = _sheets(technical.get(f"/tenders/{imported}/export.xlsx"))
    assert list(sheets) == ["Lot 1", "Lot 2"]  # no award: it reads totals with price points
    for rows in sheets.values():
        assert rows[0] == ("Bidder", "Technical points")
        assert _bidders(rows) == sorted(_bidders(rows))
        assert not [cell for row in rows for cell in row if cell in (2_808_000, 3_120_000)]
    assert BALTIC not in _bidders(sheets["Lot 2"])


def test_the_lots_pages_run_as_many_statements_for_many_bids(app, imported):
    chair = _signed_in(app, CHAIR)
    base = f"/tenders/{imported}"
    paths = [f"{base}/results", f"{base}/results?lot=2", f"{base}/results?lot=2&sort=price",
             f"{base}/results?lot=1&bid=nordic-magnet-works&bid=baltic-magnet-trading", f"{base}/export.xlsx"]
    few = {path: statements_of(app, chair, path) for path in paths}
    few[f"{base}/results?lot=9"] = statements_of(app, chair, f"{base}/results?lot=9", 404)
    copy_bids(app, imported, 2)
    many = {path: statements_of(app, chair, path) for path in paths}
    many[f"{base}/results?lot=9"] = statements_of(app, chair, f"{base}/results?lot=9", 404)
    assert many == few
