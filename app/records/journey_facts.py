"""What the guided path reads of a user's tenders, loaded for all of them at once (issue 15: constant queries).

The dashboard shows a journey per tender; each needs the user's committee seat, whether a chair is seated, the
user's opening confirmation, the judged criteria, the live bids and the scoring progress. At most five queries
load these for any number of tenders, so the dashboard runs as many statements for thirty tenders as for one; a
sixth counts the bids per lot when a tender divided into lots is being scored (its judgements are per lot).
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import distinct, func, or_, select

from app.extensions import db
from app.models import Bid, BidLot, CommitteeMember, Criterion, OpeningConfirmation, Score, Tender, User
from app.models.bid import SUBMITTED
from app.models.tender import CLOSED, EVALUATING, OPENED
from scoring.rules.judgement import JudgementRule


@dataclass(frozen=True)
class Progress:
    """A member's own blind scoring: criteria with every live bid scored, and judgements still to score."""

    done: int
    total: int
    to_score: int


@dataclass(frozen=True)
class JourneyFacts:
    seats: dict[int, CommitteeMember]  # the user's seat, per tender
    chaired: frozenset[int]  # tenders whose committee has a chair
    confirmed: frozenset[int]  # tenders whose opening the user confirmed
    judged: dict[int, tuple[tuple[int, int | None], ...]]  # judgement criteria (id, own lot or None), per tender
    live_bids: dict[int, int]  # how many submitted bids, per tender
    # (tender, consensus?) -> (criterion, lot or None) -> bids scored
    scored: dict[tuple[int, bool], dict[tuple[int, int | None], int]]
    lot_bids: dict[int, dict[int, int]] = field(default_factory=dict)  # tender in lots -> lot -> submitted bids

    @classmethod
    def load(cls, tenders: list[Tender], user: User) -> JourneyFacts:
        """At most five queries: the seats, then the openings of closed tenders, then the scoring of open ones."""
        tender_ids = [tender.id for tender in tenders]
        closed = [tender.id for tender in tenders if tender.status == CLOSED]
        scoring = [tender.id for tender in tenders if tender.status in (OPENED, EVALUATING)]
        if not tender_ids:
            return cls({}, frozenset(), frozenset(), {}, {}, {})
        seats, chaired = {}, set()
        for member in db.session.scalars(select(CommitteeMember).where(
                CommitteeMember.tender_id.in_(tender_ids),
                or_(CommitteeMember.user_id == user.id, CommitteeMember.is_chair.is_(True)))):
            if member.user_id == user.id:
                seats[member.tender_id] = member
            if member.is_chair:
                chaired.add(member.tender_id)
        confirmed = frozenset(db.session.scalars(select(OpeningConfirmation.tender_id).where(
            OpeningConfirmation.tender_id.in_(closed), OpeningConfirmation.user_id == user.id)) if closed else ())
        if not scoring:
            return cls(seats, frozenset(chaired), confirmed, {}, {}, {})
        judged: dict[int, list[tuple[int, int | None]]] = defaultdict(list)
        for tender_id, criterion_id, lot in db.session.execute(
                select(Criterion.tender_id, Criterion.id, Criterion.lot_number)
                .where(Criterion.tender_id.in_(scoring), Criterion.rule_kind == JudgementRule.kind)
                .order_by(Criterion.position, Criterion.id)):
            judged[tender_id].append((criterion_id, lot))
        live_bids = dict(db.session.execute(
            select(Bid.tender_id, func.count()).where(Bid.tender_id.in_(scoring), Bid.status == SUBMITTED)
            .group_by(Bid.tender_id)).all())
        scored: dict[tuple[int, bool], dict[tuple[int, int | None], int]] = defaultdict(dict)
        for tender_id, is_consensus, criterion_id, lot, bids in db.session.execute(
                select(Bid.tender_id, Score.is_consensus, Score.criterion_id, Score.lot_number,
                       func.count(distinct(Score.bid_id)))
                .join(Bid, Score.bid_id == Bid.id)
                .where(Bid.tender_id.in_(scoring), Bid.status == SUBMITTED,
                       or_(Score.is_consensus.is_(True), Score.evaluator_id == user.id))
                .group_by(Bid.tender_id, Score.is_consensus, Score.criterion_id, Score.lot_number)):
            scored[(tender_id, bool(is_consensus))][(criterion_id, lot)] = bids
        return cls(seats, frozenset(chaired), confirmed, {t: tuple(c) for t, c in judged.items()}, live_bids,
                   dict(scored), _lot_bids([t.id for t in tenders if t.id in scoring and t.lot_rules is not None]))

    def progress(self, tender_id: int, consensus: bool) -> Progress:
        """Judged criteria with every live bid scored (by the user, or in consensus), and the cells still open; in a
        tender divided into lots, each lot's criteria (its own tree, else the shared one) with the lot's bids."""
        criteria = self.judged.get(tender_id, ())
        scored = self.scored.get((tender_id, consensus), {})
        lots = self.lot_bids.get(tender_id)
        if tender_id not in self.lot_bids:
            bids = self.live_bids.get(tender_id, 0)
            cells = [(criterion, None, bids) for criterion, _lot in criteria]
        else:
            cells = []
            for lot, bids in lots.items():
                tree = [criterion for criterion, own in criteria if own == lot]
                cells += [(criterion, lot, bids) for criterion in tree or
                          [criterion for criterion, own in criteria if own is None]]
        done = sum(scored.get((criterion, lot), 0) >= bids for criterion, lot, bids in cells)
        to_score = sum(max(bids - scored.get((criterion, lot), 0), 0) for criterion, lot, bids in cells)
        return Progress(done, len(cells), to_score)


def _lot_bids(tender_ids: list[int]) -> dict[int, dict[int, int]]:
    """How many live bids each lot of these tenders received, in one statement (none when there are no such
    tenders)."""
    counts: dict[int, dict[int, int]] = {tender_id: {} for tender_id in tender_ids}
    if tender_ids:
        for tender_id, lot, bids in db.session.execute(
                select(Bid.tender_id, BidLot.lot_number, func.count()).join(BidLot, BidLot.bid_id == Bid.id)
                .where(Bid.tender_id.in_(tender_ids), Bid.status == SUBMITTED)
                .group_by(Bid.tender_id, BidLot.lot_number).order_by(BidLot.lot_number)):
            counts[tender_id][lot] = bids
    return counts
