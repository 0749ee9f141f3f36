"""A tender divided into lots, stored: import, export, bids per lot and their evaluation, and the award page.

The folder (tests/web/lot_folder.py) is the magnet sample in two lots, at most one lot awarded per tenderer.
Every tenderer bids the same for both lots except that Baltic bids for lot 1 only and Nordic asks 10% less in
lot 2 (3,120,000 x 0.9 = 2,808,000 EUR). Nordic ranks first in both lots (87.61 and 92.93 points), so the limit
binds. The published rule (highest total score) compares the two awards that respect it:
  Nordic lot 1, Lahntal lot 2: 87.61 + 86.30 = 173.91 points;
  Lahntal lot 1, Nordic lot 2: 86.30 + 92.93 = 179.23 points, the higher:
Nordic wins lot 2 and Lahntal, second in lot 1, wins lot 1.
"""
from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Answer, Bid, BidLot, CommitteeMember, EvaluationRecord, Score, Tender
from app.records.evaluation import folder_lot_bids
from app.records.stored_results import lots_evaluation_of
from scoring.lot_evaluation import evaluate_lots
from tender_files.bids import read_bids
from tender_files.folder import load_folder
from tests.web.conftest import login
from tests.web.lot_folder import lots_folder
from tests.web.lot_tender import import_opened
from tests.web.page_words import GERMAN_BROWSER, page_text
from tests.web.query_counting import copy_bids, statements_of

CHAIR, TECHNICAL = "officer@resbid.example", "evaluator1@resbid.example"  # the committee of scores.yaml
NORDIC, LAHNTAL = "Nordic Magnet Works AB", "Lahntal Magnettechnik GmbH"


@pytest.fixture
def folder(app, tmp_path):
    return lots_folder(tmp_path, app.config["RESBID_UPLOAD_MEMORY_MB"])


@pytest.fixture
def imported(app, runner, folder, make_organisation, make_user) -> int:
    """The folder imported after its opening time by the sample's authority, whose officers exist, and opened."""
    return import_opened(app, runner, folder, make_organisation, make_user)


def _evaluate_json(runner, folder) -> dict:
    result = runner.invoke(args=["tender", "evaluate", str(folder), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_import_then_export_gives_back_the_tender_and_its_evaluation(app, runner, folder, imported, tmp_path):
    exported = tmp_path / "exported"
    result = runner.invoke(args=["tender", "export", "RB-2027-MAG-01", str(exported)])
    assert result.exit_code == 0, result.output
    assert load_folder(exported).tender.to_dict() == load_folder(folder).tender.to_dict()
    assert _evaluate_json(runner, exported) == _evaluate_json(runner, folder)


def test_each_bid_keeps_its_lots_prices_answers_and_scores_per_lot(app, imported):
    with app.app_context():
        lots = dict(db.session.execute(select(Bid.label, func.count(BidLot.id)).join(BidLot).group_by(Bid.label)).all())
        nordic = db.session.execute(select(BidLot.lot_number, BidLot.price).join(Bid)
                                    .where(Bid.label == "nordic-magnet-works").order_by(BidLot.lot_number)).all()
        answers = dict(db.session.execute(select(Answer.lot_number, func.count()).group_by(Answer.lot_number)).all())
        scored = dict(db.session.execute(select(Score.lot_number, func.count()).group_by(Score.lot_number)).all())
        prices = db.session.scalars(select(Bid.price)).all()
    assert lots == {"baltic-magnet-trading": 1, "danubia-permanent-magnets": 2, "iberiman-magnetics": 2,
                    "kvarken-magnet-alloys": 2, "lahntal-magnettechnik": 2, "nordic-magnet-works": 2}
    assert [(number, float(price)) for number, price in nordic] == [(1, 3_120_000), (2, 2_808_000)]
    assert set(answers) == {1, 2} and answers[1] > answers[2]  # Baltic's answers are in lot 1 only
    assert set(scored) == {1, 2} and scored[1] > scored[2]
    assert prices == [None] * 6  # a bid for lots keeps its prices per lot


def test_the_stored_evaluation_is_the_folders_and_is_stored_once(app, folder, imported):
    loaded = load_folder(folder)
    with app.app_context():
        expected = evaluate_lots(loaded.tender, folder_lot_bids(
            loaded, read_bids(loaded, app.config["RESBID_UPLOAD_MEMORY_MB"])))
        tender = db.session.get(Tender, imported)
        assert lots_evaluation_of(tender).to_dict() == expected.to_dict()
        app.extensions.pop("resbid.evaluations", None)  # this worker's decoded copies: read the stored row
        assert lots_evaluation_of(tender).to_dict() == expected.to_dict()
        assert db.session.scalar(select(func.count(EvaluationRecord.id))) == 1
    assert {lot.lot: lot.winner for lot in expected.award.lots} == {1: LAHNTAL, 2: NORDIC}


def _signed_in(app, email):
    client = app.test_client()
    login(client, email)
    return client


def _words(response) -> str:
    return " ".join(response.get_data(as_text=True).split())


def test_the_award_page_shows_each_lots_winner_and_the_limit_deciding(app, imported):
    page = _signed_in(app, CHAIR).get(f"/tenders/{imported}/award")
    assert page.status_code == 200
    words = re.sub(r' data-label="[^"]*"', "", _words(page))  # the cells' labels for a phone aside
    assert "One tenderer may be awarded at most 1 lot; when it would win more, the published rule decides " \
           "which: the highest total score." in words
    lot_rows = words[words.index('id="lots"'):words.index("</table>", words.index('id="lots"'))]
    assert f"Traction-motor magnets</td> <td class=\"num\">6</td> <td>{NORDIC}" in lot_rows
    assert f"87.61</td> <td>{LAHNTAL}</td>" in lot_rows  # first in lot 1: Nordic; awarded: Lahntal
    assert "Spare magnets</td> <td class=\"num\">5</td>" in lot_rows and f"92.93</td> <td>{NORDIC}</td>" in lot_rows
    assert (f"{LAHNTAL}, ranked second of the eligible bids with 86.3 points, wins lot 1. The bid ranked above it "
            f"comes from {NORDIC}, already at the maximum of 1 lot per tenderer") in words
    assert f"{NORDIC} ranks first in lots 1 and 2; the limit of 1 lot per tenderer and the published rule " \
           "(highest total score) award it lot 2." in words
    assert "the highest total score is chosen: 179.23 points over 2 lots" in words
    assert "Kvarken Magnet Alloys Oy</td> <td>none</td> <td>none</td> <td>Ranks first in no lot.</td>" in words
    assert f'href="/tenders/{imported}/award"' in words  # the evaluation tabs link the award, not the results
    german = _words(_signed_in(app, CHAIR).get(f"/tenders/{imported}/award", headers=GERMAN_BROWSER))
    assert "Einem Bieter darf der Zuschlag für höchstens 1 Los erteilt werden; würde er mehr erhalten, entscheidet " \
           "die bekanntgemachte Regel, welches: die höchste Gesamtpunktzahl." in german  # the reader's language


def test_the_award_page_opens_to_members_who_see_prices_only(app, imported, make_user):
    with app.app_context():
        bidder_org = db.session.scalar(select(Bid.organisation_id).where(Bid.label == "nordic-magnet-works"))
    bidder = _signed_in(app, make_user("bidder", organisation_id=bidder_org))
    assert bidder.get(f"/tenders/{imported}/award").status_code == 403
    technical = _signed_in(app, TECHNICAL)
    refused = technical.get(f"/tenders/{imported}/award")
    assert refused.status_code == 403 and "2808000" not in _words(refused) and "2,808,000" not in _words(refused)
    assert "you see no prices" in _words(refused)
    with app.app_context():
        seat = db.session.scalar(select(CommitteeMember).join(CommitteeMember.user).where(
            CommitteeMember.tender_id == imported, CommitteeMember.is_technical))
        assert seat is not None
    assert "/award" not in _words(technical.get(f"/tenders/{imported}/scoring"))


def test_the_award_page_runs_as_many_statements_for_many_bids(app, imported):
    chair = _signed_in(app, CHAIR)
    path = f"/tenders/{imported}/award"
    few = statements_of(app, chair, path)
    copy_bids(app, imported, 2)
    assert statements_of(app, chair, path) == few


def test_a_tender_without_lots_has_no_award_page(app, tender_id, opened):
    assert opened["chair"].get(f"/tenders/{tender_id}/award").status_code == 404


def test_the_results_page_of_a_tender_with_lots_shows_its_first_lot_and_points_to_the_award(app, imported):
    page = _signed_in(app, CHAIR).get(f"/tenders/{imported}/results")
    assert page.status_code == 200
    words = _words(page)
    assert "Lot 1: Traction-motor magnets</h2>" in words  # lot by lot: tests/web/test_lots_results.py
    assert f'href="/tenders/{imported}/award"' in words


def test_the_tender_page_lists_the_lots_and_leads_to_the_award(app, imported):
    words = _words(_signed_in(app, CHAIR).get(f"/tenders/{imported}"))
    lots = words[words.index('id="lots"'):words.index("</table>", words.index('id="lots"'))]
    assert "<td>1</td><td>Traction-motor magnets</td><td>— / 8505 11 00</td>" in lots
    assert "<td>2</td><td>Spare magnets</td><td>— / —</td><td class=\"num\">400,000 EUR</td>" in lots
    assert f'href="/tenders/{imported}/award">Award</a>' in words
    assert f'href="/tenders/{imported}/results"' not in words  # its results are per lot, on the award page


def test_the_award_page_is_german_for_a_german_browser(app, imported):
    text = page_text(_signed_in(app, CHAIR).get(f"/tenders/{imported}/award", headers=GERMAN_BROWSER)
                     .get_data(as_text=True))
    assert "Zuschlag der Lose" in text and "Regeln für die Lose" in text and "Zuschlag über alle Lose" in text
    assert ("Einem Bieter darf der Zuschlag für höchstens 1 Los erteilt werden; würde er mehr erhalten, entscheidet "
            "die bekanntgemachte Regel, welches: die höchste Gesamtpunktzahl.") in text
    assert "Los 1:" in text and "Award of the lots" not in text and "Lots won" not in text
