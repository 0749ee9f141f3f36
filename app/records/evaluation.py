"""Building the scoring library's inputs from stored rows or from a tender folder, and evaluating them.

Both paths give scoring the same Tender and Bids, so a folder and its import evaluate alike.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import replace

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import defer, joinedload, selectinload

from app.extensions import db
from app.models import Answer, Bid, Criterion, Score, SupplyLine, Tender, User
from app.models.bid import SUBMITTED
from app.records.definition import plain_number, scoring_tender
from app.records.resolutions import scoring_resolution
from scoring import evaluate
from scoring.bids import AbnormalDecision, Judgement
from scoring.bids import Bid as ScoringBid
from scoring.definition import Tender as TenderDefinition
from scoring.resilience import SupplyLine as ScoringSupplyLine
from scoring.result import EvaluationResult
from tender_files.bids import workbook_lot_bids
from tender_files.folder import TenderFolder
from workbooks import ParsedWorkbook


def live_bids(tender: Tender, with_workbooks: bool = False, with_lots: bool = False) -> list[Bid]:
    """The current submission of every bidder (replaced and withdrawn versions left out), with its bidder and
    resolutions loaded for all bids at once (a fixed number of statements, not one lazy load per bid).

    The workbook's bytes are read only when asked for (exports): pages never show them."""
    query = (select(Bid).where(Bid.tender_id == tender.id, Bid.status == SUBMITTED).order_by(Bid.submitted_at)
             .options(joinedload(Bid.organisation), selectinload(Bid.resolutions)))
    if not with_workbooks:
        query = query.options(defer(Bid.workbook))
    if with_lots:
        query = query.options(selectinload(Bid.lots))
    return list(db.session.scalars(query))


def live_bid_ids(tender: Tender, labels: list[str]) -> dict[str, int]:
    """The row ids of the live bids of these labels (the evaluation's bid ids), in one statement of two columns:
    a page reads the bids it shows, not all of them."""
    if not labels:
        return {}
    return dict(db.session.execute(select(Bid.label, Bid.id).where(
        Bid.tender_id == tender.id, Bid.status == SUBMITTED, Bid.label.in_(labels))).all())


def supply_of_bids(tender: Tender, labels: list[str], lot: int | None = None) -> dict[str, list[ScoringSupplyLine]]:
    """The supply chains of some live bids (for one lot of a tender divided into lots), by label (the results page
    charts the bids it compares)."""
    ids = {bid_id: label for label, bid_id in live_bid_ids(tender, labels).items()}
    supply = supply_of(list(ids), lot)
    return {label: supply[bid_id] for bid_id, label in ids.items()}


def scoring_inputs(tender: Tender) -> tuple[TenderDefinition, list[ScoringBid]]:
    """The stored tender and its live bids as the scoring library sees them.

    Answers and supply lines (dozens per bid) are read as plain columns, one statement each for every bid,
    instead of as ORM objects: the scoring library copies them anyway."""
    return scoring_tender(tender), scoring_bids(live_bids(tender))


def scoring_bids(bids: list[Bid]) -> list[ScoringBid]:
    """Stored bids (with their organisation and resolutions loaded) as the scoring library sees them."""
    ids = [bid.id for bid in bids]
    judgements = stored_judgements(ids)
    answers, supply = answers_of(ids), supply_of(ids)
    return [scoring_bid(bid, judgements[bid.id], answers[bid.id], supply[bid.id]) for bid in bids]


def answers_of(bid_ids: list[int], lot: int | None = None) -> dict[int, dict[str, object]]:
    """The answers of some bids (for one lot of a tender divided into lots), by bid id and criterion code."""
    rows = db.session.execute(select(Answer.bid_id, Answer.criterion_code, Answer.value)
                              .where(Answer.bid_id.in_(bid_ids), _in_lot(Answer.lot_number, lot)).order_by(Answer.id))
    answers: dict[int, dict[str, object]] = defaultdict(dict)
    for bid_id, code, value in rows:
        answers[bid_id][code] = value
    return answers


def supply_of(bid_ids: list[int], lot: int | None = None) -> dict[int, list[ScoringSupplyLine]]:
    """The supply chains of some bids (for one lot of a tender divided into lots), by bid id."""
    rows = db.session.execute(select(SupplyLine.bid_id, *_LINE_COLUMNS).where(
        SupplyLine.bid_id.in_(bid_ids), _in_lot(SupplyLine.lot_number, lot)).order_by(SupplyLine.id))
    return _lines_by(rows)


def lines_at_stages(tender: Tender, stages: Collection[tuple[str, str]], lot: int | None = None
                    ) -> list[tuple[int, ScoringBid]]:
    """The tender's live bids (for one lot), each by its row id with only its lines at these (material, stage) with a
    share, in one statement however many bids the tender has (app/records/facility_claims.py keeps them)."""
    rows = db.session.execute(
        select(Bid.id, Bid.label, *_LINE_COLUMNS).join(Bid, SupplyLine.bid_id == Bid.id)
        .where(Bid.tender_id == tender.id, Bid.status == SUBMITTED, SupplyLine.share > 0,
               or_(*(and_(SupplyLine.material == material, SupplyLine.stage == stage) for material, stage in stages)),
               _in_lot(SupplyLine.lot_number, lot))
        .order_by(SupplyLine.id))
    by_bid = _lines_by(((bid_id, label), *line) for bid_id, label, *line in rows)
    return [(bid_id, ScoringBid(id=label, bidder="", price=None, supply=tuple(lines)))
            for (bid_id, label), lines in by_bid.items()]


_LINE_COLUMNS = (SupplyLine.material, SupplyLine.stage, SupplyLine.country, SupplyLine.share, SupplyLine.recycled,
                 SupplyLine.supplier, SupplyLine.evidence, SupplyLine.place)


def _lines_by(rows) -> dict:
    """Rows of a key and the _LINE_COLUMNS as the scoring library's supply lines, by key, in the rows' order."""
    supply: dict = defaultdict(list)
    for key, material, stage, country, share, recycled, supplier, evidence, place in rows:
        supply[key].append(ScoringSupplyLine(material=material, stage=stage, country=country, share=float(share),
                                             recycled=float(recycled), supplier=supplier, evidence=evidence,
                                             place=place))
    return supply


def folder_bids(folder: TenderFolder, workbooks: dict[str, ParsedWorkbook]) -> list[ScoringBid]:
    """A folder's bids with the judgements and decisions of its scores.yaml (a tender without lots)."""
    return folder_lot_bids(folder, workbooks)[1]


def folder_lot_bids(folder: TenderFolder, workbooks: dict[str, ParsedWorkbook]) -> dict[int, list[ScoringBid]]:
    """A folder's bids per lot, one per tenderer and lot it bids for, with that lot's judgements and decisions."""
    bids: dict[int, list[ScoringBid]] = {number: [] for number in folder.tender.lot_numbers()}
    for bid_file in folder.bids:
        stem = bid_file.stem
        for number, bid in workbook_lot_bids(workbooks[stem], stem, bid_file.submitted_at).items():
            scores = folder.scores.lot(number)
            bids[number].append(_with_committee(bid, scores.judgements.get(stem, {}), scores.decisions.get(stem)))
    return bids


def evaluate_folder(folder: TenderFolder, workbooks: dict[str, ParsedWorkbook]) -> EvaluationResult:
    """Evaluate a tender folder without touching the database."""
    return evaluate(folder.tender, folder_bids(folder, workbooks))


def _with_committee(bid: ScoringBid, judgements, decisions) -> ScoringBid:
    if decisions is None:
        return replace(bid, judgements=dict(judgements))
    return replace(bid, judgements=dict(judgements), exclusion=decisions.exclusion,
                   exclusion_concerns_tenderer=decisions.exclusion_concerns_tenderer,
                   abnormal_decision=decisions.abnormal_decision, resolutions=dict(decisions.resolutions))


def stored_judgements(bid_ids: list[int], lot: int | None = None) -> dict[int, dict[str, Judgement]]:
    """Committee scores and consensus per bid id and criterion code (in one lot of a tender divided into lots),
    evaluators named by email."""
    rows = db.session.execute(
        select(Score.bid_id, Criterion.code, Score.points, Score.justification, Score.is_consensus, User.email)
        .join(Criterion, Score.criterion_id == Criterion.id).join(User, Score.evaluator_id == User.id)
        .where(Score.bid_id.in_(bid_ids), _in_lot(Score.lot_number, lot)).order_by(Score.id)
    )
    scores: dict[tuple[int, str], dict] = defaultdict(dict)
    consensus: dict[tuple[int, str], tuple] = {}
    for bid_id, code, points, justification, is_consensus, email in rows:
        entry = (plain_number(points), justification)
        if is_consensus:
            consensus[(bid_id, code)] = entry
        else:
            scores[(bid_id, code)][email] = entry
    result: dict[int, dict[str, Judgement]] = defaultdict(dict)
    for key in set(scores) | set(consensus):
        bid_id, code = key
        result[bid_id][code] = Judgement(scores=scores.get(key, {}), consensus=consensus.get(key))
    return result


def _in_lot(column, lot: int | None):
    """The rows of one lot, or those of a tender without lots."""
    return column.is_(None) if lot is None else column == lot


def scoring_bid(bid: Bid, judgements: dict[str, Judgement], answers: dict[str, object],
                supply: list[ScoringSupplyLine]) -> ScoringBid:
    """One stored bid as the scoring library sees it (a tender without lots; app/records/lot_bids.py adds a
    lot's price and decisions)."""
    organisation = bid.organisation
    abnormal = AbnormalDecision(bid.abnormal_decision, bid.abnormal_reason or "") if bid.abnormal_decision else None
    return ScoringBid(
        id=bid.label,
        bidder=organisation.name,
        price=float(bid.price) if bid.price is not None else None,
        submitted_at=bid.submitted_at,
        control_country=bid.controlling_country or organisation.controlling_country,
        answers=answers,
        supply=tuple(supply),
        judgements=judgements,
        resolutions={r.criterion_code: scoring_resolution(r) for r in bid.resolutions if r.lot_number is None},
        exclusion=bid.exclusion_reason,
        abnormal_decision=abnormal,
    )
