"""Committee scoring of judgement criteria: blind and independent first, then the chair's consensus.

Each member scores with a written justification and sees the others' scores for a bid and criterion
only once they have scored it themselves; starting consensus locks every individual score.
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
from app.models import Bid, Criterion, Score, Tender, User
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


def judged_criteria(tender: Tender) -> list[Criterion]:
    """The tender's judgement criteria, in tree order."""
    return [c for c in tender.criteria if c.rule_kind == JudgementRule.kind]


def record_score(tender: Tender, user: User, bid_id: int, criterion_id: int, points: int, justification: str,
                 version: int | None) -> Score:
    """Store the member's own score; refused after consensus starts or when the form was stale."""
    member(tender, user)
    in_evaluation(tender)
    if tender.consensus_started_at is not None:
        raise UserError(_("consensus has started: individual scores are locked"))
    bid, criterion = _cell(tender, bid_id, criterion_id)
    points = _checked_points(criterion, points)
    score = _own(bid.id, criterion.id, user.id, is_consensus=False)
    score = _save(score, bid, criterion, user, points, justification, version, is_consensus=False)
    if tender.status != EVALUATING:
        tender.status = EVALUATING
    audit.record("score.record", score, tender_id=tender.id, actor=user,
                 details={"bid_id": bid.id, "criterion": criterion.code, "points": points})
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
                     justification: str, version: int | None) -> Score:
    """Store the chair's consensus score with its justification."""
    member(tender, chair, chair=True)
    in_evaluation(tender)
    if tender.consensus_started_at is None:
        raise UserError(_("start consensus first: it locks the individual scores"))
    bid, criterion = _cell(tender, bid_id, criterion_id)
    points = _checked_points(criterion, points)
    score = _own(bid.id, criterion.id, chair.id, is_consensus=True)
    score = _save(score, bid, criterion, chair, points, justification, version, is_consensus=True)
    audit.record("consensus.record", score, tender_id=tender.id, actor=chair,
                 details={"bid_id": bid.id, "criterion": criterion.code, "points": points})
    return score


def score_sheet(tender: Tender, user: User, bids: list[Bid]) -> list[Cell]:
    """Every bid x judgement criterion with what this member may see of it."""
    seat = member(tender, user)
    scores = list(db.session.scalars(select(Score).where(Score.bid_id.in_([b.id for b in bids]))))
    rules = {criterion.id: _rule(criterion) for criterion in judged_criteria(tender)}
    cells = []
    for bid in bids:
        for criterion in judged_criteria(tender):
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


def _cell(tender: Tender, bid_id: int, criterion_id: int) -> tuple[Bid, Criterion]:
    bid = db.session.get(Bid, bid_id)
    criterion = db.session.get(Criterion, criterion_id)
    if bid is None or bid.tender_id != tender.id or bid.status != SUBMITTED:
        raise UserError(_("no such bid in this tender"), "bid")
    if criterion is None or criterion.tender_id != tender.id or criterion.rule_kind != JudgementRule.kind:
        raise UserError(_("no such judgement criterion in this tender"), "criterion")
    return bid, criterion


def _rule(criterion: Criterion) -> JudgementRule:
    return JudgementRule.from_params({"kind": JudgementRule.kind, **criterion.rule_params}, criterion.code)


def _checked_points(criterion: Criterion, points: int) -> int:
    scale = _rule(criterion).scale
    if not 0 <= points <= scale:
        raise UserError(_("points must be a whole number from 0 to %(scale)s", scale=scale), "points")
    return points


def _own(bid_id: int, criterion_id: int, user_id: int, is_consensus: bool) -> Score | None:
    return db.session.scalar(select(Score).where(
        Score.bid_id == bid_id, Score.criterion_id == criterion_id, Score.evaluator_id == user_id,
        Score.is_consensus == is_consensus))


def _save(score: Score | None, bid: Bid, criterion: Criterion, user: User, points: int, justification: str,
          version: int | None, is_consensus: bool) -> Score:
    """Insert or update under optimistic locking: the form's version must still be the row's."""
    if not justification.strip():
        raise UserError(_("a written justification is required"), "justification")
    if score is None:
        if version:
            raise UserError(str(STALE))
        score = Score(bid_id=bid.id, criterion_id=criterion.id, evaluator_id=user.id, is_consensus=is_consensus,
                      points=Decimal(points), justification=justification.strip())
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
