"""`tender evaluate` of a folder divided into lots: a result per lot and the award across lots.

The rare-earth sample (three lots, seven tenderers, at most two lots awarded to one) is evaluated as it is. For
the tie-break, the magnet sample is divided into two lots with at most one lot awarded per tenderer, and each of
its one-lot workbooks is read as the same bid in both lots (the folder's seam, tender_files.bids.workbook_lot_bids,
is replaced), so both lots rank alike and the award's tie-break decides: Nordic (first in both) keeps lot 1, the
lowest-numbered lot where the awards differ, and lot 2 goes to the second, Lahntal.
"""
from __future__ import annotations

import copy
import dataclasses
import json
import shutil
from pathlib import Path

import pytest
import yaml

import app.cli.tender_commands as tender_commands
import app.records.evaluation as records_evaluation
from app.records.evaluation import folder_lot_bids
from app.reports.context import evaluation_json
from scoring.lot_evaluation import analyse_lot_sensitivity, evaluate_lots
from scoring.lots import LotRules
from scoring.resilience_evidence import evidence_by_bid
from tender_files.bids import read_bids
from tender_files.folder import load_folder
from tests.samples import SAMPLES_DIR, UNDIVIDED

SAMPLE = Path(__file__).parents[2] / "sample_tenders" / "ndfeb-magnets"
NORDIC, LAHNTAL, DANUBIA = "Nordic Magnet Works AB", "Lahntal Magnettechnik GmbH", "Danubia Permanent Magnets Kft."


@pytest.fixture
def lots_folder(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "ndfeb-lots"
    shutil.copytree(SAMPLE, folder)
    tender = yaml.safe_load((folder / "tender.yaml").read_text("utf-8"))
    tender["lots"] = [{"number": 1, "title": "Traction-motor magnets", "cn_code": "85051100"},
                      {"number": 2, "title": "Spare magnets", "estimated_value": 400000}]
    tender["lot_rules"] = {"max_lots_awarded_per_tenderer": 1}
    (folder / "tender.yaml").write_text(yaml.safe_dump(tender, allow_unicode=True), "utf-8")
    scores = yaml.safe_load((folder / "scores.yaml").read_text("utf-8"))
    lot = {"scores": scores.pop("scores")}
    scores["lots"] = {1: lot, 2: copy.deepcopy(lot)}
    (folder / "scores.yaml").write_text(yaml.safe_dump(scores, allow_unicode=True), "utf-8")

    def both_lots(workbook, stem, submitted_at):
        bid = workbook.to_bid(stem, workbook.company.name, submitted_at)
        return {1: bid, 2: bid}

    def read_as_one_lot(loaded, memory_mb, words):  # the sample's workbooks were made for the tender without lots
        undivided = dataclasses.replace(loaded.tender, lots=(), lot_rules=LotRules())
        return read_bids(dataclasses.replace(loaded, tender=undivided), memory_mb, words)

    monkeypatch.setattr(records_evaluation, "workbook_lot_bids", both_lots)
    monkeypatch.setattr(tender_commands, "read_bids", read_as_one_lot)
    return folder


def _evaluate(runner, folder: Path, *options: str):
    result = runner.invoke(args=["tender", "evaluate", str(folder), *options])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_evaluate_json_has_a_result_per_lot_and_the_award(runner, lots_folder):
    data = json.loads(_evaluate(runner, lots_folder, "--json"))
    assert [(lot["number"], lot["title"]) for lot in data["lots"]] == [(1, "Traction-motor magnets"),
                                                                       (2, "Spare magnets")]
    for lot in data["lots"]:
        assert [bid["bidder"] for bid in lot["bids"]][:2] == [NORDIC, LAHNTAL]
        assert lot["sensitivity"]["summary"]
    assert {lot["lot"]: lot["winner"] for lot in data["award"]["lots"]} == {1: NORDIC, 2: LAHNTAL}
    assert "gives lot 1 to Nordic Magnet Works AB rather than giving it to Lahntal" in data["award"]["explanation"]


def test_evaluate_prints_each_lot_and_who_wins_which(runner, lots_folder):
    text = _evaluate(runner, lots_folder)
    assert "Lot 1: Traction-motor magnets\nNordic Magnet Works AB" in text
    assert "Lot 2: Spare magnets\n" in text
    assert f"Award across lots\n  Lot 1: {NORDIC}. {NORDIC} has the first of the eligible bids" in text
    assert f"  Lot 2: {LAHNTAL}. {LAHNTAL}, ranked second of the eligible bids" in text


def test_an_exclusion_concerning_the_tenderer_in_scores_yaml_excludes_it_from_both_lots(runner, lots_folder):
    scores = yaml.safe_load((lots_folder / "scores.yaml").read_text("utf-8"))
    scores["lots"][1]["decisions"] = {"lahntal-magnettechnik": {"exclusion": "final conviction for fraud",
                                                               "concerns_tenderer": True}}
    (lots_folder / "scores.yaml").write_text(yaml.safe_dump(scores, allow_unicode=True), "utf-8")
    data = json.loads(_evaluate(runner, lots_folder, "--json"))
    for lot in data["lots"]:
        lahntal = next(bid for bid in lot["bids"] if bid["bidder"] == LAHNTAL)
        assert not lahntal["is_eligible"]
    assert {lot["lot"]: lot["winner"] for lot in data["award"]["lots"]} == {1: NORDIC, 2: DANUBIA}


def test_scores_outside_the_lots_are_a_placed_problem(runner, lots_folder):
    scores = yaml.safe_load((lots_folder / "scores.yaml").read_text("utf-8"))
    scores["scores"] = scores["lots"].pop(2)["scores"]
    scores["lots"][3] = {}
    (lots_folder / "scores.yaml").write_text(yaml.safe_dump(scores, allow_unicode=True), "utf-8")
    result = runner.invoke(args=["tender", "evaluate", str(lots_folder)])
    assert result.exit_code == 1
    assert "scores.yaml: scores: unknown field; expected committee or lots (a tender divided into lots keeps " \
           "scores and decisions per lot)" in result.output
    assert "scores.yaml: lots.3: unknown lot; the tender has lots 1, 2" in result.output


@pytest.mark.parametrize("folder", UNDIVIDED, ids=lambda path: path.name)
def test_a_sample_without_lots_prints_byte_for_byte_what_its_single_lot_evaluates_to(app, runner, folder):
    printed = _evaluate(runner, folder, "--json")
    with app.app_context():
        loaded = load_folder(folder)
        bids = folder_lot_bids(loaded, read_bids(loaded, app.config["RESBID_UPLOAD_MEMORY_MB"]))
    evaluation = evaluate_lots(loaded.tender, bids)
    assert list(bids) == [1] and evaluation.lots[0].title == loaded.tender.title
    sensitivity = analyse_lot_sensitivity(loaded.tender, evaluation)[1]
    assert printed == evaluation_json(evaluation.lot(1), sensitivity, evidence_by_bid(loaded.tender, bids[1])) + "\n"
    assert "lots" not in json.loads(printed) and "award" not in json.loads(printed)


def test_the_rare_earth_sample_gives_nordvik_two_of_the_three_lots_it_leads(runner):
    data = json.loads(_evaluate(runner, SAMPLES_DIR / "rare-earth-lots", "--json"))
    leaders = {lot["number"]: next(bid["bidder"] for bid in lot["bids"] if bid["rank"] == 1) for lot in data["lots"]}
    assert set(leaders.values()) == {"Nordvik Rare Earths AS"}
    # the limit of two lots binds: the award keeping Nordvik's two largest leads (lots 1 and 3) scores highest
    assert {lot["lot"]: lot["winner"] for lot in data["award"]["lots"]} == {
        1: "Nordvik Rare Earths AS", 2: "Kvarnbo Metals AB", 3: "Nordvik Rare Earths AS"}
    assert "268.53 points over 3 lots" in data["award"]["explanation"]


def test_the_rare_earth_sample_imported_and_exported_evaluates_as_its_folder(runner, tmp_path):
    folder = SAMPLES_DIR / "rare-earth-lots"
    before = json.loads(_evaluate(runner, folder, "--json"))
    assert runner.invoke(args=["tender", "import", str(folder)]).exit_code == 0
    result = runner.invoke(args=["tender", "export", before["tender_reference"], str(tmp_path / "exported")])
    assert result.exit_code == 0, result.output
    assert json.loads(_evaluate(runner, tmp_path / "exported", "--json"))["award"] == before["award"]
