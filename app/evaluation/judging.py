"""Committee scoring of judgement criteria: blind and independent first, then the chair's consensus.

Each member scores with a written justification and sees the others' scores for a bid and criterion
only once they have scored it themselves; starting consensus locks every individual score.

A tender divided into lots (Directive 2014/24/EU Art. 46) is scored lot by lot with the same rules: each verb takes
the lot, whose bids are scored on the lot's criteria (its own tree, else the tender's shared tree) and whose scores
carry its number. Consensus is one act for the whole tender: it locks the individual scores of every lot.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from app import audit
from app.clock import utcnow
from app.errors import UserError
from app.evaluation.guards import in_evaluation, member
from app.extensions import db
from app.models import Bid, BidLot, Criterion, Score, Tender, User
from app.models.bid import SUBMITTED
from app.models.tender import EVALUATING
from app.transactions import is_unique_violation
from scoring.rules.judgement import JudgementRule

STALE = _l("changed by someone else since you loaded the page: reload and try again")


@dataclass(frozen=True)
class Cell:
    """One bid on one judgement criterion, as the current member may see it."""

    bid: Bid
    criterion: Criterion
    own: Score | None
    others: tuple[Score, ...]  # empty until the member has scored this cell themselves (or is the chair in consensus)
    consensus: Score | None
    spread: float | None
    is_disagreement: bool
    scale: int
    descriptors: tuple[str, ...]  # the meaning of each level, 0 to scale

    def done_by(self, is_consensus_turn: bool) -> bool:
        """Whether the member's part of this cell is done: their own score, or the chair's consensus."""
        return (self.consensus if is_consensus_turn else self.own) is not None


def progress(cells: list[Cell], is_consensus_turn: bool) -> tuple[int, int]:
    """(cells done, cells in all) for the member the sheet was made for."""
    return sum(cell.done_by(is_consensus_turn) for cell in cells), len(cells)


def judged_criteria(tender: Tender, lot: int | None = None) -> list[Criterion]:
    """The judgement criteria bids are scored on, in tree order: a tender's, or one lot's (its own tree if it has
    one, else the tender's shared tree)."""
    own = lot is not None and any(c.lot_number == lot for c in tender.criteria)
    tree = lot if own else None
    return [c for c in tender.criteria if c.rule_kind == JudgementRule.kind and c.lot_number == tree]


def lot_numbers(tender: Tender) -> tuple[int, ...]:
    """The lots of a tender divided into lots, in order; () for a tender without lots."""
    return tuple(lot.number for lot in tender.lots) if tender.lot_rules is not None else ()


def checked_lot(tender: Tender, lot: int | None) -> int | None:
    """The lot a score or decision is about: one of the tender's lots for a tender divided into lots (the form's
    hidden lot number is checked like any input), none for a tender without lots."""
    numbers = lot_numbers(tender)
    if not numbers:
        if lot is not None:
            raise UserError(_("this tender is not divided into lots"), _("Lot"))
        return None
    if lot is None:
        raise UserError(_("this tender is divided into lots: choose the lot first"), _("Lot"))
    if lot not in numbers:
        raise UserError(_("there is no lot %(lot)s in this tender", lot=lot), _("Lot"))
    return lot


def lot_details(lot: int | None) -> dict:
    """What an audit event adds to name the lot its change concerns (nothing for a tender without lots)."""
    return {} if lot is None else {"lot": lot}


def record_score(tender: Tender, user: User, bid_id: int, criterion_id: int, points: int, justification: str,
                 version: int | None, lot: int | None = None) -> Score:
    """Store the member's own score; refused after consensus starts or when the form was stale."""
    member(tender, user)
    in_evaluation(tender)
    if tender.consensus_started_at is not None:
        raise UserError(_("consensus has started: individual scores are locked"))
    lot = checked_lot(tender, lot)
    bid, criterion = _cell(tender, bid_id, criterion_id, lot)
    points = _checked_points(criterion, points)
    score = _own(bid.id, criterion.id, user.id, is_consensus=False, lot=lot)
    score = _save(score, bid, criterion, user, points, justification, version, is_consensus=False, lot=lot)
    if tender.status != EVALUATING:
        tender.status = EVALUATING
    audit.record("score.record", score, tender_id=tender.id, actor=user,
                 details={"bid_id": bid.id, "criterion": criterion.code, "points": points, **lot_details(lot)})
    return score


def start_consensus(tender: Tender, chair: User) -> None:
    """Lock the individual scores so the chair can settle each criterion."""
    member(tender, chair, chair=True)
    in_evaluation(tender)
    if tender.consensus_started_at is not None:
        raise UserError(_("consensus has already started"))
    tender.consensus_started_at = utcnow()
    tender.status = EVALUATING
    audit.record("consensus.start", tender, tender_id=tender.id, actor=chair)


def record_consensus(tender: Tender, chair: User, bid_id: int, criterion_id: int, points: int,
                     justification: str, version: int | None, lot: int | None = None) -> Score:
    """Store the chair's consensus score with its justification."""
    member(tender, chair, chair=True)
    in_evaluation(tender)
    if tender.consensus_started_at is None:
        raise UserError(_("start consensus first: it locks the individual scores"))
    lot = checked_lot(tender, lot)
    bid, criterion = _cell(tender, bid_id, criterion_id, lot)
    points = _checked_points(criterion, points)
    score = _own(bid.id, criterion.id, chair.id, is_consensus=True, lot=lot)
    score = _save(score, bid, criterion, chair, points, justification, version, is_consensus=True, lot=lot)
    audit.record("consensus.record", score, tender_id=tender.id, actor=chair,
                 details={"bid_id": bid.id, "criterion": criterion.code, "points": points, **lot_details(lot)})
    return score


def bids_in_lot(bids: list[Bid], lot: int | None) -> list[Bid]:
    """The bids (their lots loaded) that cover the lot; all of them for a tender without lots."""
    return bids if lot is None else [bid for bid in bids if any(row.lot_number == lot for row in bid.lots)]


def score_sheet(tender: Tender, user: User, bids: list[Bid], lot: int | None = None) -> list[Cell]:
    """Every bid x judgement criterion (of one lot's bids on its criteria) with what this member may see of it."""
    seat = member(tender, user)
    bids = bids_in_lot(bids, lot)
    scores = list(db.session.scalars(select(Score).where(Score.bid_id.in_([b.id for b in bids]),
                                                         _in_lot(Score.lot_number, lot))))
    criteria = judged_criteria(tender, lot)
    rules = {criterion.id: _rule(criterion) for criterion in criteria}
    cells = []
    for bid in bids:
        for criterion in criteria:
            here = [s for s in scores if s.bid_id == bid.id and s.criterion_id == criterion.id]
            individual = [s for s in here if not s.is_consensus]
            own = next((s for s in individual if s.evaluator_id == user.id), None)
            may_see = own is not None or (seat.is_chair and tender.consensus_started_at is not None)
            others = tuple(s for s in individual if s.evaluator_id != user.id) if may_see else ()
            points = [float(s.points) for s in individual]
            spread = max(points) - min(points) if len(points) > 1 else None
            rule = rules[criterion.id]
            is_disagreement = spread is not None and spread >= rule.disagreement_share / 100 * rule.scale
            cells.append(Cell(bid, criterion, own, others, next((s for s in here if s.is_consensus), None),
                              spread if may_see else None, may_see and is_disagreement, rule.scale,
                              rule.descriptors))
    return cells


def _in_lot(column, lot: int | None):
    """The rows of one lot, or those of a tender without lots."""
    return column.is_(None) if lot is None else column == lot


def _cell(tender: Tender, bid_id: int, criterion_id: int, lot: int | None = None) -> tuple[Bid, Criterion]:
    bid = db.session.get(Bid, bid_id)
    criterion = db.session.get(Criterion, criterion_id)
    if bid is None or bid.tender_id != tender.id or bid.status != SUBMITTED:
        raise UserError(_("no such bid in this tender"), "bid")
    if lot is not None and db.session.scalar(select(BidLot.id).where(BidLot.bid_id == bid.id,
                                                                      BidLot.lot_number == lot)) is None:
        raise UserError(_("this bid is not for lot %(lot)s", lot=lot), "bid")
    if criterion is None or criterion not in judged_criteria(tender, lot):
        raise UserError(_("no such judgement criterion in this tender") if lot is None else
                        _("no such judgement criterion in lot %(lot)s", lot=lot), "criterion")
    return bid, criterion


def _rule(criterion: Criterion) -> JudgementRule:
    return JudgementRule.from_params({"kind": JudgementRule.kind, **criterion.rule_params}, criterion.code)


def _checked_points(criterion: Criterion, points: int) -> int:
    scale = _rule(criterion).scale
    if not 0 <= points <= scale:
        raise UserError(_("points must be a whole number from 0 to %(scale)s", scale=scale), "points")
    return points


def _own(bid_id: int, criterion_id: int, user_id: int, is_consensus: bool, lot: int | None) -> Score | None:
    return db.session.scalar(select(Score).where(
        Score.bid_id == bid_id, Score.criterion_id == criterion_id, Score.evaluator_id == user_id,
        Score.is_consensus == is_consensus, _in_lot(Score.lot_number, lot)))


def _save(score: Score | None, bid: Bid, criterion: Criterion, user: User, points: int, justification: str,
          version: int | None, is_consensus: bool, lot: int | None) -> Score:
    """Insert or update under optimistic locking: the form's version must still be the row's."""
    if not justification.strip():
        raise UserError(_("a written justification is required"), "justification")
    if score is None:
        if version:
            raise UserError(str(STALE))
        score = Score(bid_id=bid.id, criterion_id=criterion.id, evaluator_id=user.id, is_consensus=is_consensus,
                      lot_number=lot, points=Decimal(points), justification=justification.strip())
        db.session.add(score)
    else:
        if version != score.version:
            raise UserError(str(STALE))
        score.points = Decimal(points)
        score.justification = justification.strip()
        score.recorded_at = utcnow()
    try:
        db.session.flush()
    except StaleDataError as error:  # another session's save of this score committed first
        raise UserError(str(STALE)) from error
    except IntegrityError as error:
        if not is_unique_violation(error):
            raise
        raise UserError(str(STALE)) from error  # another session's first save of this cell committed first
    return score


def lot_progress(tender: Tender, user: User, bids: list[Bid], is_consensus_turn: bool) -> dict[int, tuple[int, int]]:
    """(cells done, cells in all) of each lot for this member, read in one statement: their own scores, or the
    consensus scores in the chair's consensus turn (the lot chooser shows where work is left)."""
    mine = Score.is_consensus.is_(True) if is_consensus_turn else (Score.evaluator_id == user.id) & ~Score.is_consensus
    done = {tuple(row) for row in db.session.execute(select(Score.bid_id, Score.criterion_id, Score.lot_number).where(
        Score.bid_id.in_([bid.id for bid in bids]), Score.lot_number.is_not(None), mine))}
    progress = {}
    for lot in lot_numbers(tender):
        cells = [(bid.id, criterion.id, lot) for bid in bids_in_lot(bids, lot)
                 for criterion in judged_criteria(tender, lot)]
        progress[lot] = (sum(cell in done for cell in cells), len(cells))
    return progress
