"""Exporting a stored tender as a folder that `tender import` reads back into the same evaluation."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from app import audit
from app.extensions import db
from app.models import Bid, BidLot, CommitteeMember, Resolution, Tender, User
from app.records.definition import tender_yaml_of
from app.records.evaluation import live_bids, stored_judgements
from app.records.resolutions import scoring_resolution
from scoring.bids import AbnormalDecision
from tender_files.scores import BidDecisions, CommitteeSeat, LotScores, ScoresFile


def export_folder(tender: Tender, target: Path) -> list[Path]:
    """Write tender.yaml, bids/*.xlsx (the original bytes), receipts.yaml and scores.yaml; return the files."""
    (target / "bids").mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in export_files(tender).items():
        (path := target / name).write_bytes(data)
        written.append(path)
    return written


def export_files(tender: Tender, actor: User | None = None) -> dict[str, bytes]:
    """The export folder's files as bytes by their path in the folder ("bids/LABEL.xlsx"), the export recorded
    in the audit log (as done by `actor`, else the signed-in user). Every bid's workbook is read in the one
    statement that reads the bids."""
    bids = live_bids(tender, with_workbooks=True, with_lots=tender.lot_rules is not None)
    files = {"tender.yaml": yaml_text(tender_yaml_of(tender)).encode("utf-8")}
    receipts = {}
    for bid in bids:
        files[f"bids/{bid.label}.xlsx"] = bid.workbook
        receipts[bid.label] = {"submitted_at": bid.submitted_at.isoformat(), "sha256": bid.workbook_sha256}
    files["receipts.yaml"] = yaml_text(receipts).encode("utf-8")
    files["scores.yaml"] = yaml_text(_scores_file(tender, bids).to_dict()).encode("utf-8")
    audit.record("tender.export", tender, tender_id=tender.id, actor=actor, details={"files": len(files)})
    return files


def yaml_text(data) -> str:
    """YAML the way resbid writes its files: keys in their order, Unicode kept, lines wrapped at 100.

    Written by libyaml's emitter when PyYAML has it (the same text, several times faster: scores.yaml of
    500 bids is the bulk of the evidence bundle's own work), else by PyYAML's own."""
    import yaml  # PyYAML compiles its regular expressions at import (~0.03 s): only when YAML is written

    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True, width=100)


def _scores_file(tender: Tender, bids) -> ScoresFile:
    seats = db.session.scalars(select(CommitteeMember).where(CommitteeMember.tender_id == tender.id)
                               .order_by(CommitteeMember.id))
    committee = tuple(CommitteeSeat(m.user.email, m.is_chair, m.is_technical) for m in seats)
    if tender.lot_rules is None:
        return ScoresFile(committee, *_lot_scores([(bid, bid) for bid in bids], None))
    return ScoresFile(committee, lots={lot.number: LotScores(*_lot_scores(
        [(bid, offer) for bid in bids for offer in bid.lots if offer.lot_number == lot.number], lot.number))
        for lot in tender.lots})


def _lot_scores(covering: list[tuple[Bid, Bid | BidLot]], lot: int | None) -> tuple[dict, dict]:
    """The judgements and decisions of the bids covering one lot (None: a tender without lots), by bid label;
    `covering` pairs each bid with the row holding its decisions (the bid's own, or its lot's)."""
    stored = stored_judgements([bid.id for bid, _ in covering], lot)
    judgements = {bid.label: stored[bid.id] for bid, _ in covering if stored.get(bid.id)}
    decisions = {bid.label: decided for bid, row in covering
                 if (decided := _decisions(row, bid.resolutions, lot)) != BidDecisions()}
    return judgements, decisions


def _decisions(row: Bid | BidLot, resolutions: list[Resolution], lot: int | None) -> BidDecisions:
    abnormal = AbnormalDecision(row.abnormal_decision, row.abnormal_reason or "") if row.abnormal_decision else None
    return BidDecisions(row.exclusion_reason, abnormal,
                        {r.criterion_code: scoring_resolution(r) for r in resolutions if r.lot_number == lot},
                        getattr(row, "exclusion_concerns_tenderer", False))
