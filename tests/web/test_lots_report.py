"""The report, letters and evidence of a tender divided into lots (Directive 2014/24/EU Art. 46), on the sample
tender in three lots (sample_tenders/rare-earth-lots): seven tenderers, at most two lots awarded to one, so
Nordvik, first in every lot, is awarded lots 1 and 3 and Kvarnbo, second in lot 2, lot 2.
"""
from __future__ import annotations

import hashlib
import io
import json
import shutil
import zipfile
from datetime import datetime, timezone
from pathlib import Path

import pikepdf
import pytest
import yaml
from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent, Bid, EvaluationRecord, Organisation, Tender
from tests.web.conftest import login, post_form
from tests.web.lot_tender import import_opened
from tests.web.report_helpers import pdf_text, squeezed, wait_until_rendered

SAMPLE = Path(__file__).parents[2] / "sample_tenders" / "rare-earth-lots"
AFTER_OPENING = datetime(2027, 4, 13, 9, 0, tzinfo=timezone.utc)  # the sample opens on 12 April 2027
CHAIR = "officer@resbid.example"
MEMBERS = (CHAIR, "evaluator1@resbid.example", "evaluator2@resbid.example")  # the committee of scores.yaml
NORDVIK, KVARNBO = "Nordvik Rare Earths AS", "Kvarnbo Metals AB"
AWARD = {1: NORDVIK, 2: KVARNBO, 3: NORDVIK}


@pytest.fixture
def imported(app, runner, make_organisation, make_user) -> int:
    """The sample imported after its opening time by its authority, whose officers exist, and opened."""
    return import_opened(app, runner, SAMPLE, make_organisation, make_user, members=MEMBERS, opened_at=AFTER_OPENING)


@pytest.fixture
def chair(app, imported):
    client = app.test_client()
    login(client, CHAIR)
    return client


@pytest.fixture
def finalised(app, imported, chair) -> int:
    page = post_form(chair, f"/tenders/{imported}/finalise")
    assert "Evaluation finalised" in page.get_data(as_text=True)
    return imported


def _lots_bid_for(app, tender_id: int) -> dict[str, list[int]]:
    """Each tenderer's lots, from the sample's evaluation (its bids per lot)."""
    result = app.test_cli_runner().invoke(args=["tender", "evaluate", str(SAMPLE), "--json"])
    lots: dict[str, list[int]] = {}
    for lot in json.loads(result.stdout)["lots"]:
        for bid in lot["bids"]:
            lots.setdefault(bid["bidder"], []).append(lot["number"])
    return lots


def test_the_finalise_page_lists_each_lots_winner_and_the_award(chair, imported):
    award = chair.get(f"/tenders/{imported}/award").get_data(as_text=True)
    assert f'href="/tenders/{imported}/finalise"' in award and f'href="/reports/tenders/{imported}"' in award
    words = " ".join(chair.get(f"/tenders/{imported}/finalise").get_data(as_text=True).split())
    assert "Lot 1 (Sintered NdFeB magnet sets) is awarded to Nordvik Rare Earths AS." in words
    assert "Lot 2 (Recycled neodymium-praseodymium oxide) is awarded to Kvarnbo Metals AB." in words
    assert "Nordvik Rare Earths AS is awarded lots 1, 3." in words and "Kvarnbo Metals AB is awarded lot 2." in words


def test_finalising_stores_every_lot_and_the_award_and_the_audit_log_records_the_rows_hash(app, finalised):
    with app.app_context():
        tender = db.session.get(Tender, finalised)
        row = db.session.scalars(select(EvaluationRecord).where(EvaluationRecord.is_final)).one()
        event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "tender.finalise")).one()
        assert tender.status == "finalised"
        assert hashlib.sha256(row.result.encode("utf-8")).hexdigest() == row.result_sha256 == tender.result_sha256
        assert json.loads(event.details)["result_sha256"] == row.result_sha256
        stored = json.loads(row.result)
    assert [lot["number"] for lot in stored["lots"]] == [1, 2, 3]
    assert {lot["lot"]: lot["winner"] for lot in stored["award"]["lots"]} == AWARD


def test_the_report_has_a_part_per_lot_and_says_who_wins_which_lot_and_why(app, chair, finalised):
    wait_until_rendered(chair, f"/reports/tenders/{finalised}")
    response = chair.get(f"/reports/tenders/{finalised}/report.pdf")
    assert response.status_code == 200
    text = squeezed(pdf_text(response.data))
    for heading in ("Lot 1: Sintered NdFeB magnet sets", "Lot 2: Recycled neodymium-praseodymium oxide",
                    "Lot 3: Dysprosium and terbium strategic reserve", "2 Bids received", "4 Award across lots",
                    "L2.7 Ranking", "L3.6 Score matrix", "L1.A Sensitivity of the result", "B Annex B · Audit trail"):
        assert squeezed(heading) in text, heading
    assert squeezed("One tenderer may be awarded at most 2 lots; when it would win more, the published rule "
                    "decides which: the highest total score.") in text
    assert squeezed(f"{NORDVIK} has the first of the eligible bids in lots 1, 2, 3 and wins lots 1, 3") in text
    assert squeezed(f"{KVARNBO}, in place 2 of the eligible bids") in text
    assert squeezed("Finalised on") in text and "DRAFT" not in text
    with pikepdf.open(io.BytesIO(response.data)) as pdf:
        embedded = json.loads(pdf.attachments["evaluation.json"].get_file().read_bytes())
        outline = [item.title for item in pdf.open_outline().root]
    assert [lot["number"] for lot in embedded["lots"]] == [1, 2, 3]
    assert {lot["lot"]: lot["winner"] for lot in embedded["award"]["lots"]} == AWARD
    assert "L2 Lot 2: Recycled neodymium-praseodymium oxide" in outline


def test_each_letter_covers_only_the_lots_its_tenderer_bid_for(app, finalised, make_user):
    bid_for = _lots_bid_for(app, finalised)
    assert bid_for[KVARNBO] != [1, 2, 3]  # a tenderer of a subset, so the letter has lots to leave out
    for name, lots in ((KVARNBO, bid_for[KVARNBO]), (NORDVIK, bid_for[NORDVIK])):
        with app.app_context():
            organisation = db.session.scalar(select(Bid.organisation_id).join(Organisation)
                                             .where(Organisation.name == name, Bid.tender_id == finalised))
        client = app.test_client()
        login(client, make_user("bidder", organisation_id=organisation))
        wait_until_rendered(client, f"/debriefs/{finalised}")
        text = squeezed(pdf_text(client.get(f"/debriefs/{finalised}/letter.pdf").data))
        titles = {1: "Lot 1: Sintered NdFeB magnet sets", 2: "Lot 2: Recycled neodymium-praseodymium oxide",
                  3: "Lot 3: Dysprosium and terbium strategic reserve"}
        for number, title in titles.items():
            assert (squeezed(title) in text) == (number in lots), (name, number)
        if name == KVARNBO:
            assert squeezed("Your tender is awarded this lot") in text  # lot 2
        else:  # first in lot 2, which goes to Kvarnbo under the limit: the letter says so, with the comparison
            assert squeezed(f"The selected tender, submitted by {KVARNBO}") in text
            assert squeezed("Relative advantages of the selected tender") in text


def test_the_evidence_bundle_carries_every_lot_and_the_award(app, finalised, make_user):
    with app.app_context():
        authority = db.session.get(Tender, finalised).authority_id
    auditor = app.test_client()
    login(auditor, make_user("auditor", organisation_id=authority))
    wait_until_rendered(auditor, f"/auditor/tenders/{finalised}/evidence")
    with zipfile.ZipFile(io.BytesIO(auditor.get(f"/auditor/tenders/{finalised}/evidence.zip").data)) as archive:
        files = {Path(name).relative_to(Path(name).parts[0]).as_posix(): archive.read(name)
                 for name in archive.namelist()}
    evaluation = json.loads(files["evaluation.json"])
    assert {lot["lot"]: lot["winner"] for lot in evaluation["award"]["lots"]} == AWARD
    assert json.loads(files["lots/award.json"]) == evaluation["award"]
    for lot in evaluation["lots"]:
        assert json.loads(files[f"lots/lot-{lot['number']}.json"]) == lot
    sums = files["SHA256SUMS"].decode()
    assert f"{hashlib.sha256(files['lots/award.json']).hexdigest()}  lots/award.json" in sums


def test_the_cli_writes_the_report_of_the_sample_folder_in_lots(runner, tmp_path):
    output = tmp_path / "lots.pdf"
    result = runner.invoke(args=["tender", "evaluate", str(SAMPLE), "--pdf", str(output), "--json"])
    assert result.exit_code == 0, result.output
    with pikepdf.open(output) as pdf:
        embedded = json.loads(pdf.attachments["evaluation.json"].get_file().read_bytes())
    assert embedded == json.loads(result.stdout)
    text = squeezed(pdf_text(output.read_bytes()))
    assert squeezed("Evaluated from a tender folder") in text and squeezed("L3.7 Ranking") in text


def test_the_cli_report_of_a_stored_tender_in_lots(runner, imported, tmp_path):
    output = tmp_path / "stored.pdf"
    result = runner.invoke(args=["tender", "report", "RB-2027-REE-LOTS", "-o", str(output)])
    assert result.exit_code == 0, result.output
    text = squeezed(pdf_text(output.read_bytes()))
    assert "DRAFT" in text and squeezed("Lot 3: Dysprosium and terbium strategic reserve") in text


@pytest.mark.parametrize(("language", "words"), [
    ("de", ("Los 2: Recycled neodymium-praseodymium oxide", "Zuschlag über alle Lose", "L2.7 Rangfolge")),
    ("fr", ("Lot 2 : Recycled neodymium-praseodymium oxide", "Attribution de l’ensemble des lots", "L2.7 Classement")),
])
def test_the_report_of_a_folder_in_lots_is_in_its_procedure_language(runner, tmp_path, language, words):
    folder = tmp_path / "lots"
    shutil.copytree(SAMPLE, folder)
    definition = yaml.safe_load((folder / "tender.yaml").read_text("utf-8"))
    (folder / "tender.yaml").write_text(yaml.safe_dump({**definition, "language": language}, allow_unicode=True),
                                        "utf-8")
    output = tmp_path / "report.pdf"
    result = runner.invoke(args=["tender", "evaluate", str(folder), "--pdf", str(output)])
    assert result.exit_code == 0, result.output
    text = squeezed(pdf_text(output.read_bytes()))
    for word in words:
        assert squeezed(word) in text, word
    assert "Award across lots" not in text and "Evaluated from a tender folder" not in text


def test_the_guided_path_says_the_committee_judges_no_criterion(chair, imported):
    """The sample scores every criterion from the bids' declarations and prices: nothing for the committee to judge."""
    page = " ".join(chair.get(f"/tenders/{imported}").get_data(as_text=True).split())
    assert "no criterion is judged by the committee" in page and "0 of 0" not in page
