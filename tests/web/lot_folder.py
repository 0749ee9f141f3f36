"""A tender folder divided into lots, with workbooks that bid by lot, built from the magnet sample.

The sample's tender.yaml gains two lots with the shared criteria tree and at most one lot awarded per tenderer;
each sample workbook is filled in again on the lot template with its own price, answers and supply chain for
lot 1, and the same for lot 2 but for the bidders of `lot_1_only` and the lower prices of `cheaper_in_lot_2`
(by default LOT_1_ONLY and CHEAPER_IN_LOT_2; with neither, both lots are bid for alike and rank alike);
scores.yaml keeps the sample's scores in each lot. receipts.yaml keeps the receipt times (the workbooks' hashes
changed).

Filling the workbooks takes a second or two, and most lots tests start from the same folder: each test process
builds each variant once and copies it.
"""
from __future__ import annotations

import atexit
import copy
import dataclasses
import functools
import shutil
import tempfile
from decimal import Decimal
from pathlib import Path

import yaml

from scoring.lots import LotRules
from tender_files.bids import read_bids, tender_info
from tender_files.folder import load_folder
from workbooks import BidFilling, LotFilling, build_template, fill_workbook

SAMPLE = Path(__file__).parents[2] / "sample_tenders" / "ndfeb-magnets"
LOT_1_ONLY = ("baltic-magnet-trading",)
CHEAPER_IN_LOT_2 = {"nordic-magnet-works": Decimal("0.9")}  # its price in lot 2, as a share of lot 1's
LOTS = [{"number": 1, "title": "Traction-motor magnets", "cn_code": "85051100"},
        {"number": 2, "title": "Spare magnets", "estimated_value": 400000}]


def lots_folder(target: Path, memory_mb: int, lot_1_only: tuple[str, ...] = LOT_1_ONLY,
                cheaper_in_lot_2: dict[str, Decimal] = CHEAPER_IN_LOT_2) -> Path:
    """The folder, written under `target`."""
    built = _built(memory_mb, lot_1_only, tuple(sorted(cheaper_in_lot_2.items())))
    return Path(shutil.copytree(built, target / built.name))


@functools.cache
def _built(memory_mb: int, lot_1_only: tuple[str, ...], cheaper_in_lot_2: tuple[tuple[str, Decimal], ...]) -> Path:
    """The folder of these variants, built once per test process in a folder of its own, removed at its end."""
    target = tempfile.mkdtemp(prefix="resbid-lots-")
    atexit.register(shutil.rmtree, target, ignore_errors=True)
    return _build(Path(target), memory_mb, lot_1_only, dict(cheaper_in_lot_2))


def _build(target: Path, memory_mb: int, lot_1_only: tuple[str, ...], cheaper_in_lot_2: dict[str, Decimal]) -> Path:
    folder = target / "ndfeb-lots"
    shutil.copytree(SAMPLE, folder)
    tender = yaml.safe_load((folder / "tender.yaml").read_text("utf-8"))
    tender["lots"], tender["lot_rules"] = LOTS, {"max_lots_awarded_per_tenderer": 1}
    (folder / "tender.yaml").write_text(yaml.safe_dump(tender, allow_unicode=True), "utf-8")
    receipts = yaml.safe_load((folder / "receipts.yaml").read_text("utf-8"))
    (folder / "receipts.yaml").write_text(yaml.safe_dump(
        {stem: {"submitted_at": receipt["submitted_at"]} for stem, receipt in receipts.items()}), "utf-8")
    scores = yaml.safe_load((folder / "scores.yaml").read_text("utf-8"))
    judged = scores.pop("scores")
    second = {stem: by_code for stem, by_code in copy.deepcopy(judged).items() if stem not in lot_1_only}
    scores["lots"] = {1: {"scores": judged}, 2: {"scores": second}}
    (folder / "scores.yaml").write_text(yaml.safe_dump(scores, allow_unicode=True), "utf-8")
    loaded = load_folder(folder)
    undivided = dataclasses.replace(loaded.tender, lots=(), lot_rules=LotRules())
    plain = read_bids(dataclasses.replace(loaded, tender=undivided), memory_mb)
    template = build_template(loaded.tender, tender_info(loaded.meta))
    for stem, parsed in plain.items():
        offer = LotFilling(parsed.price, dict(parsed.answers))
        second = dataclasses.replace(offer, price=parsed.price * cheaper_in_lot_2.get(stem, 1))
        lots = {1: offer} if stem in lot_1_only else {1: offer, 2: second}
        filling = BidFilling(parsed.company, supply=parsed.supply, lots=lots)
        (folder / "bids" / f"{stem}.xlsx").write_bytes(fill_workbook(template, filling))
    return folder
