"""Which tender an officer may see, and when bid data and prices open to them: decided here for every officer page."""
from __future__ import annotations

from flask import abort, g, request, url_for
from flask_babel import gettext
from flask_login import current_user
from sqlalchemy import Select, bindparam, select

from app.auth.access import deny
from app.errors import NotYet, Refused
from app.extensions import db
from app.models import Bid, CommitteeMember, Organisation, Tender, User
from app.models.bid import SUBMITTED
from app.models.tender import DRAFT, EVALUATING, FINALISED, OPENED
from app.presentation import time_text
from app.records.lifecycle import close_if_due

OPEN_STATUSES = (OPENED, EVALUATING, FINALISED)
# The tender and the reader's seat on its committee in one statement, built once: nearly every officer page asks
# for both, and a statement less per request is a round trip less on PostgreSQL.
_TENDER_AND_SEAT = (select(Tender, CommitteeMember).outerjoin(CommitteeMember, (
    CommitteeMember.tender_id == Tender.id) & (CommitteeMember.user_id == bindparam("user_id")))
    .where(Tender.id == bindparam("tender_id")))
_SEATS = "resbid_seats"  # in flask.g: tender id -> the reader's seat authority_tender read
# When the address names a tender (.../tenders/<tender_id>/...), the user loader reads it and the reader's seat in
# its own statement (app/auth/loader.py), a statement less again; authority_tender takes them from flask.g.
_NAMED = "resbid_named_tender"  # (tender id, the tender or None, the reader's seat or None)


def named_tender_id() -> int | None:
    """The tender the request's address names, if any."""
    tender_id = (request.view_args or {}).get("tender_id")
    return tender_id if isinstance(tender_id, int) else None


def with_named_tender(reader: Select) -> Select:
    """A statement of one user (`reader`) that also reads the tender bound as "tender_id" and the user's seat on
    its committee, each None when there is none; keep_named_tender hands them to authority_tender."""
    return (reader.select_from(User).outerjoin(Tender, Tender.id == bindparam("tender_id"))
            .outerjoin(CommitteeMember, (CommitteeMember.tender_id == Tender.id) & (CommitteeMember.user_id == User.id))
            .add_columns(Tender, CommitteeMember))


def keep_named_tender(tender_id: int, tender: Tender | None, seat: CommitteeMember | None) -> None:
    setattr(g, _NAMED, (tender_id, tender, seat))


def authority_tender(tender_id: int) -> Tender:
    """The tender if it belongs to the officer's authority, closed if its deadline has passed; 404 otherwise
    (no hint that it exists). The officer's seat on its committee is read with it, for committee_seat."""
    tender, seat = _tender_and_seat(tender_id)
    if tender is None or tender.authority_id != current_user.organisation_id or tender.deleted_at is not None:
        abort(404)
    if seat is not None:
        g.setdefault(_SEATS, {})[tender.id] = seat
    close_if_due(tender)
    return tender


def _tender_and_seat(tender_id: int) -> tuple[Tender | None, CommitteeMember | None]:
    """As the user loader read them with the reader, once (a view run again after a rollback reads them afresh),
    else read now."""
    named = g.pop(_NAMED, None)
    if named is not None and named[0] == tender_id:
        return named[1], named[2]
    row = db.session.execute(_TENDER_AND_SEAT, {"tender_id": tender_id, "user_id": current_user.id}).first()
    return row if row is not None else (None, None)


def own_authority() -> Organisation:
    """The officer's contracting authority, which new tenders belong to (403, recorded, saying why, without one)."""
    if current_user.organisation is None:
        raise Refused("Your account belongs to no contracting authority: an administrator must assign it to one "
                      "before you can create tenders.")
    return current_user.organisation


def draft_tender(tender_id: int) -> Tender:
    """The authority's tender while it is a draft; once published its set-up is frozen (403, recorded, saying why)."""
    tender = authority_tender(tender_id)
    if tender.status != DRAFT:
        raise Refused(frozen_message(tender))
    return tender


def committee_seat_of(tender: Tender, user) -> CommitteeMember | None:
    """A user's seat on the tender's committee, if any."""
    return db.session.scalar(select(CommitteeMember).where(
        CommitteeMember.tender_id == tender.id, CommitteeMember.user_id == user.id))


def committee_seat(tender: Tender) -> CommitteeMember | None:
    """The current user's seat on the tender's committee, if any: the one authority_tender read while the session
    still holds it (not a seat removed since), else read now."""
    seat = g.get(_SEATS, {}).get(tender.id)
    if seat is not None and seat in db.session and seat not in db.session.deleted:
        return seat
    return committee_seat_of(tender, current_user)


def opening_text(tender: Tender) -> str:
    """When and how sealed bids open, in the tender's zone (Annex IV (b), (e))."""
    return gettext("bids are opened after %(time)s by two committee members",
                   time=time_text(tender.opening_at, tender.time_zone))


def require_bid_access(tender: Tender) -> CommitteeMember:
    """Bid data opens only after the opening, and only to members who signed the declaration (Annex IV (b), (d)).

    Not a member: 403 (recorded). A member before the opening or before signing: a "not yet" page saying what
    comes first (app.errors.NotYet), since the step will open to them.
    """
    seat = committee_seat(tender)
    if seat is None:
        deny(f"not a committee member of tender {tender.id}")
    if tender.status not in OPEN_STATUSES:
        raise NotYet(gettext("The bids of tender %(reference)s are sealed: %(opening)s.", reference=tender.reference,
                             opening=opening_text(tender)),
                     gettext("Go to the opening"), url_for("evaluation.opening_page", tender_id=tender.id))
    if not seat.has_declared:
        raise NotYet(gettext("Sign the conflict-of-interest declaration (Directive 2014/24/EU Art. 24) for tender "
                             "%(reference)s first: until then no bid is shown to you.", reference=tender.reference),
                     gettext("Go to the committee"), url_for("evaluation.committee_page", tender_id=tender.id))
    return seat


def sees_prices(tender: Tender, seat: CommitteeMember) -> bool:
    """Whether a committee member may see prices, price points and any total or ranking that includes them.

    In a two-envelope tender a technical member may not until the technical scores are final, so that
    no price can sway them (Directive 2014/24/EU Annex IV (d): at each stage only authorised persons
    access all or part of the data). The scores are final only once the evaluation is finalised: until
    then the chair may still change any consensus score, and nothing else closes the technical stage.
    """
    return tender.status == FINALISED or not (tender.is_two_envelope and seat.is_technical)


def require_price_access(tender: Tender) -> CommitteeMember:
    """As require_bid_access, and the member must see prices (403, recorded, with a page saying why)."""
    seat = require_bid_access(tender)
    if not sees_prices(tender, seat):
        raise Refused(gettext("Tender %(reference)s is a two-envelope tender: as a technical evaluator you see no "
                              "prices, price points, totals or rankings until the evaluation is finalised. Your "
                              "scoring page and the evaluation matrix (Excel) show the technical criteria and their "
                              "points.", reference=tender.reference))
    return seat


def require_opened_bid(tender: Tender, bid_id: int) -> tuple[CommitteeMember, Bid]:
    """A live bid of the tender, as require_bid_access opens it: never to a bidder, never before the opening.

    A replaced or withdrawn version, or a bid of another tender, is not found (404): only the bids the
    committee evaluates are read here.
    """
    seat = require_bid_access(tender)
    bid = db.session.get(Bid, bid_id)
    if bid is None or bid.tender_id != tender.id or bid.status != SUBMITTED:
        abort(404)
    return seat, bid


def workbook_refusal(tender: Tender, seat: CommitteeMember, bid: Bid) -> str | None:
    """Why this member may not download the bid's workbook, or None when they may.

    The workbook holds the price, which a technical member of a two-envelope tender may not see until the
    evaluation is finalised (Directive 2014/24/EU Annex IV (d), as in sees_prices).
    """
    holds_a_price = bid.price is not None or any(lot.price is not None for lot in bid.lots)  # a bid by lot: per lot
    if not holds_a_price or sees_prices(tender, seat):
        return None
    return gettext("Tender %(reference)s is a two-envelope tender: the workbook holds the price, which technical "
                   "evaluators see only once the evaluation is finalised. This page shows the bid's technical "
                   "contents.", reference=tender.reference)


def frozen_message(tender: Tender) -> str:
    """Why a tender's definition can no longer change."""
    return gettext("The criteria, weights and rules of tender %(reference)s were frozen when it was published.",
                   reference=tender.reference)
