"""Which tenders a user may see, decided in one place for every page that lists them."""
from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select

from app.extensions import db
from app.models import Tender, User
from app.models.tender import DRAFT, FINALISED, STATUSES
from app.models.user import ADMIN, AUDITOR, BIDDER, OFFICER
from app.records.lifecycle import close_due_tenders


def tenders_visible_to(user: User) -> list[Tender]:
    """Officers see their authority's tenders; bidders published ones; auditors finalised ones; admins all.

    Tenders whose deadline has passed are closed first, so the list shows their status now."""
    close_due_tenders()
    query = select(Tender).where(Tender.deleted_at.is_(None)).order_by(Tender.submission_deadline_at.desc(),
                                                                       Tender.reference)
    if user.role == OFFICER:
        query = query.where(Tender.authority_id == user.organisation_id)
    elif user.role == BIDDER:
        query = query.where(Tender.status != DRAFT)
    elif user.role == AUDITOR:
        query = query.where(Tender.status == FINALISED, Tender.authority_id == user.organisation_id)
    elif user.role != ADMIN:
        return []
    return list(db.session.scalars(query))


def group_by_status(tenders: list[Tender]) -> dict[str, list[Tender]]:
    """Tenders per lifecycle status, in lifecycle order, leaving out empty ones."""
    groups: dict[str, list[Tender]] = defaultdict(list)
    for tender in tenders:
        groups[tender.status].append(tender)
    return {status: groups[status] for status in STATUSES if groups[status]}
