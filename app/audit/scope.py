"""Which audit events a viewer may read on the audit page.

A viewer sees their own authority's tenders and the doings of its people, never another authority's.
Until a tender's bids are opened, its bidders' activity (who submitted, replaced, withdrew or
self-assessed) stays sealed like the bids themselves (Directive 2014/24/EU Art. 22(3): the integrity
and confidentiality of tenders until the time limit for their examination); only its count shows.
"""
from __future__ import annotations

from sqlalchemy import and_, func, or_, select
from sqlalchemy.sql.elements import ColumnElement

from app.extensions import db
from app.models import AuditEvent, Tender, User
from app.models.user import BIDDER

BIDDER_ACTIONS = ("bid.submit", "bid.replace", "bid.withdraw", "bid.self_assessed", "bid.document_add",
                  "bid.document_remove")


def visible_events(viewer: User):
    """A query of the events `viewer` may read, in no particular order."""
    return select(AuditEvent).where(_of_viewer(viewer), ~_sealed_bidder_activity())


def sealed_counts(viewer: User) -> list[tuple[str, int]]:
    """(tender reference, number of bidder events withheld) for the viewer's tenders not yet opened."""
    rows = (select(Tender.reference, func.count(AuditEvent.id)).join(Tender, Tender.id == AuditEvent.tender_id)
            .where(_of_viewer(viewer), _sealed_bidder_activity())
            .group_by(Tender.reference).order_by(Tender.reference))
    return [(reference, count) for reference, count in db.session.execute(rows)]


def _of_viewer(viewer: User) -> ColumnElement[bool]:
    """Events of the viewer's authority's tenders, or of no tender and done by its people.

    A viewer of no authority (a platform administrator) sees only events of no tender.
    """
    if viewer.organisation_id is None:
        return AuditEvent.tender_id.is_(None)
    own_tenders = select(Tender.id).where(Tender.authority_id == viewer.organisation_id)
    own_people = select(User.id).where(User.organisation_id == viewer.organisation_id)
    return or_(and_(AuditEvent.tender_id.is_not(None), AuditEvent.tender_id.in_(own_tenders)),
               and_(AuditEvent.tender_id.is_(None), AuditEvent.actor_id.is_not(None),
                    AuditEvent.actor_id.in_(own_people)))


def _sealed_bidder_activity() -> ColumnElement[bool]:
    """Bidders' events of a tender whose bids are not opened yet (never NULL, so it can be negated safely)."""
    unopened = select(Tender.id).where(Tender.opened_at.is_(None))
    bidders = select(User.id).where(User.role == BIDDER)
    return and_(AuditEvent.tender_id.is_not(None), AuditEvent.tender_id.in_(unopened),
                or_(AuditEvent.action.in_(BIDDER_ACTIONS),
                    and_(AuditEvent.actor_id.is_not(None), AuditEvent.actor_id.in_(bidders))))
