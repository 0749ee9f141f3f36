"""Helpers of the statement-count tests (issue 15): count a request's SQL statements, grow a tender's data.

A page whose count grows with the bids (or the tenders, or the criteria) runs a lazy load per row.
"""
from __future__ import annotations

import threading
from contextlib import contextmanager

from sqlalchemy import event, select, update

from app.extensions import db
from app.models import (
    Answer,
    Bid,
    BidLot,
    CommitteeMember,
    Criterion,
    OpeningConfirmation,
    Organisation,
    Resolution,
    Score,
    SupplyLine,
    Tender,
)
from app.models.organisation import OPERATOR


@contextmanager
def counted(app):
    """Count the statements this thread sends (background renders run on threads of their own)."""
    thread = threading.get_ident()
    statements: list[str] = []

    def count(_conn, _cursor, statement, _parameters, _context, _many):
        if threading.get_ident() == thread:
            statements.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def statements_of(app, client, path: str, status: int = 200) -> int:
    """How many statements a GET of `path` sends, once the process's first-read caches are warm."""
    client.get(path)
    with counted(app) as statements:
        response = client.get(path)
    assert response.status_code == status, (path, response.status_code)
    return len(statements)


def _columns(row, *left_out: str) -> dict:
    return {c.key: getattr(row, c.key) for c in type(row).__table__.columns if c.key not in ("id", *left_out)}


def _copy_contents(bid: Bid, copy: Bid) -> None:
    copy.answers = [Answer(**_columns(a, "bid_id")) for a in bid.answers]
    copy.supply_lines = [SupplyLine(**_columns(s, "bid_id")) for s in bid.supply_lines]
    copy.resolutions = [Resolution(**_columns(r, "bid_id")) for r in bid.resolutions]
    copy.lots = [BidLot(**_columns(lot, "bid_id")) for lot in bid.lots]


def _copy_scores(bid: Bid, copy: Bid, criteria: dict[int, int] | None = None) -> None:
    for score in db.session.scalars(select(Score).where(Score.bid_id == bid.id)).all():
        fields = _columns(score, "bid_id")
        if criteria is not None:
            fields["criterion_id"] = criteria[score.criterion_id]
        db.session.add(Score(**fields, bid_id=copy.id))


def _new_version(tender_id: int) -> None:
    """A new row version, as any real change of a tender's data makes, so cached documents are made again."""
    db.session.execute(update(Tender).where(Tender.id == tender_id).values(version=Tender.version + 1))


def copy_bids(app, tender_id: int, copies: int) -> None:
    """Copy every live bid of the tender `copies` times, each copy from a new bidder, with its scores."""
    with app.app_context():
        bids = db.session.scalars(select(Bid).where(Bid.tender_id == tender_id, Bid.status == "submitted")).all()
        for bid in bids:
            for n in range(copies):
                organisation = Organisation(name=f"{bid.organisation.name} {n + 2}", kind=OPERATOR,
                                            country=bid.organisation.country)
                copy = Bid(**_columns(bid, "organisation_id", "label", "version"), organisation=organisation,
                           label=f"{bid.label}-{n + 2}")
                _copy_contents(bid, copy)
                db.session.add(copy)
                db.session.flush()
                _copy_scores(bid, copy)
        _new_version(tender_id)
        db.session.commit()


def copy_tender(app, tender_id: int, copies: int) -> None:
    """Copy the tender `copies` times: criteria, committee, openings, bids (same bidders) and scores.

    Pages that list tenders (dashboards, portal, auditor and debrief lists) then list several alike."""
    with app.app_context():
        tender = db.session.get(Tender, tender_id)
        for n in range(copies):
            twin = Tender(**_columns(tender, "reference", "version"), reference=f"{tender.reference}-{n + 2}")
            db.session.add(twin)
            db.session.flush()
            criteria: dict[int, int] = {}
            for criterion in db.session.scalars(select(Criterion).where(Criterion.tender_id == tender_id)
                                                .order_by(Criterion.id)):
                copy = Criterion(**_columns(criterion, "tender_id", "parent_id", "version"), tender_id=twin.id,
                                 parent_id=criteria.get(criterion.parent_id))
                db.session.add(copy)
                db.session.flush()
                criteria[criterion.id] = copy.id
            for model in (CommitteeMember, OpeningConfirmation):
                for row in db.session.scalars(select(model).where(model.tender_id == tender_id)):
                    db.session.add(model(**_columns(row, "tender_id"), tender_id=twin.id))
            for bid in db.session.scalars(select(Bid).where(Bid.tender_id == tender_id).order_by(Bid.id)).all():
                copy = Bid(**_columns(bid, "tender_id", "version"), tender_id=twin.id)
                _copy_contents(bid, copy)
                db.session.add(copy)
                db.session.flush()
                _copy_scores(bid, copy, criteria)
        db.session.commit()


def add_criteria(app, tender_id: int, copies: int) -> None:
    """Add `copies` copies of each leaf criterion of a draft beside it (weights need not sum up: pages still show)."""
    with app.app_context():
        leaves = db.session.scalars(select(Criterion).where(Criterion.tender_id == tender_id,
                                                            Criterion.rule_kind.is_not(None))).all()
        for leaf in leaves:
            for n in range(copies):
                db.session.add(Criterion(**_columns(leaf, "code", "position", "version"), code=f"{leaf.code}-{n + 2}",
                                         position=leaf.position + 100 + n))
        _new_version(tender_id)
        db.session.commit()
