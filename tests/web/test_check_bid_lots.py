"""`tender check-bid` on a tender divided into lots (Directive 2014/24/EU Art. 46): points per lot bid for."""
from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from scoring.resilience import STAGES, SupplyLine
from tender_files.bids import tender_info
from tender_files.folder import load_folder
from workbooks import BidFilling, CompanyDetails, LotFilling, build_template, fill_workbook

FOLDER = Path(__file__).parents[2] / "sample_tenders" / "ndfeb-magnets"


def _lines(materials) -> list[SupplyLine]:
    """Each material and stage from one country: Chinese extraction, EU refining and manufacturing."""
    countries = {"extraction": "CN", "processing": "EE", "manufacturing": "DE"}
    return [SupplyLine(material, stage, countries[stage], 100, 0, "Supplier", "Annex 1")
            for material in materials for stage in STAGES]


@pytest.fixture
def lot_folder(tmp_path) -> Path:
    """The sample magnets tender divided into two lots in its tender.yaml, lot 2 a dysprosium reserve with its own
    materials (check-bid reads the tender, not the bids already received)."""
    folder = tmp_path / "ndfeb-lots"
    shutil.copytree(FOLDER, folder)
    tender = yaml.safe_load((folder / "tender.yaml").read_text("utf-8"))
    tender["lots"] = [{"number": 1, "title": "Sintered NdFeB magnets"},
                      {"number": 2, "title": "Dysprosium reserve", "bill_of_materials": {"Dy": 1.0}}]
    (folder / "tender.yaml").write_text(yaml.safe_dump(tender, allow_unicode=True), "utf-8")
    (folder / "scores.yaml").unlink()  # the committee's scores were for the tender without lots
    return folder


def _workbook(folder: Path, tmp_path: Path, lot2_price) -> Path:
    loaded = load_folder(folder)
    company = CompanyDetails(name="Baltic Magnets AS", country="EE", controlling_entity="Baltic Magnets AS",
                             controlling_country="EE", fsr_declaration="no_contributions")
    bill = loaded.tender.bill_of_materials
    filling = BidFilling(company, lots={1: LotFilling(Decimal("900000"), {}, _lines(bill)),
                                        2: LotFilling(lot2_price, {}, _lines(["Dy"]))})
    path = tmp_path / "baltic.xlsx"
    path.write_bytes(fill_workbook(build_template(loaded.tender, tender_info(loaded.meta)), filling))
    return path


def test_check_bid_gives_the_points_of_each_lot_bid_for(runner, lot_folder, tmp_path):
    path = _workbook(lot_folder, tmp_path, Decimal("120000"))
    result = runner.invoke(args=["tender", "check-bid", str(lot_folder), str(path), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [lot["lot"] for lot in data["lots"]] == [1, 2]
    assert [Decimal(offer["price"]) for offer in data["bid"]["lots"]] == [900000, 120000]
    lot1, lot2 = (lot["self_assessment"] for lot in data["lots"])
    assert lot1["bid_id"] == "baltic" and lot1["scored_total"] > 0
    assert set(lot2["criteria"][0]) >= {"code", "points"} and lot2["scored_max"] == lot1["scored_max"]
    assert "self_assessment" not in data
    text = runner.invoke(args=["tender", "check-bid", str(lot_folder), str(path)])
    assert text.exit_code == 0 and "valid, bidding for lots 1, 2." in text.stdout
    assert text.stdout.count(" points from the workbook alone, ") == 2


def test_check_bid_places_a_lot_problem_at_its_cell(runner, lot_folder, tmp_path):
    path = _workbook(lot_folder, tmp_path, None)
    result = runner.invoke(args=["tender", "check-bid", str(lot_folder), str(path)])
    assert result.exit_code == 1
    assert "Lots!D5: the price of lot 2 is missing" in result.stderr
