"""Resolving missing answers after the deadline: a blank earns no points of its own.

The chair scores it at the rule's minimum, excludes the bid on that ground, or enters the bidder's
answer to a recorded clarification request (Directive 2014/24/EU Art. 56(3)); the scoring library
checks each resolution before it is stored, with the words it evaluates by. A resolution can be
withdrawn and redone until the evaluation is finalised; both acts go to the audit log. In a tender divided into
lots each lot's missing answers are resolved on their own (the verbs take the lot; the audit event names it).
"""
from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from app import audit
from app.clock import today_in, utcnow
from app.errors import UserError
from app.evaluation.decisions import decidable_bid
from app.evaluation.judging import lot_details
from app.extensions import db
from app.models import Bid, Tender, User
from app.models import Resolution as ResolutionRow
from app.presentation import date_text, message_text, placed_text
from app.records.definition import scoring_tender
from app.records.resolutions import resolution_row
from app.records.stored_results import evaluation_of, lots_evaluation_of
from scoring.bid_validation import resolution_problems
from scoring.bids import CLARIFIED, Clarification, Resolution
from scoring.plan import LeafPlan, plan_scoring
from scoring.problems import InvalidInput, Problem
from scoring.rules.base import BOOLEAN, NUMBER, OPTION, SCORE

# The form's fields, named as the page labels them, for the scoring library's places.
FIELDS = {"kind": _l("How to resolve"), "reason": _l("Reason"), "clarification": _l("Clarification"),
          "clarification.request": _l("Clarification request"),
          "clarification.requested_on": _l("Date of the request"),
          "clarification.answer": _l("The bidder's answer"), "clarification.evidence": _l("Evidence"),
          "clarification.is_bid_unchanged": _l("The answer does not change the bid")}
PLACE = "resolution"


def resolve_missing(tender: Tender, chair: User, bid_id: int, code: str, kind: str, reason: str,
                    clarification: dict | None = None, lot: int | None = None) -> ResolutionRow:
    """Record how the missing answer to `code` (in one lot) is resolved; refuse anything that would give a blank
    points."""
    bid = decidable_bid(tender, chair, bid_id, lot)
    if any(r.criterion_code == code for r in lot_resolutions(bid, lot)):
        raise UserError(_("the missing answer to %(criterion)s is already resolved; withdraw that resolution to "
                          "redo it", criterion=code))
    leaf = leaf_of(tender, code, lot)
    resolution = Resolution(kind, reason.strip(), _clarification(leaf, clarification) if kind == CLARIFIED else None)
    refuse(resolution_problems(leaf, resolution, PLACE) + _date_problems(tender, resolution))
    if (bid.label, code) not in {(m.bid_id, m.code) for m in _evaluated(tender, lot).needs_resolution}:
        raise UserError(_("this bid has no missing answer to %(criterion)s to resolve", criterion=leaf.path))
    row = add_resolution(bid, code, resolution, chair, lot, _("the missing answer to %(criterion)s was resolved a "
                                                               "moment ago; reload the page", criterion=code))
    audit.record("bid.resolve_missing", bid, tender_id=tender.id, actor=chair, details=_snapshot(row))
    return row


def add_resolution(bid: Bid, code: str, resolution: Resolution, chair: User, lot: int | None, race: str
                   ) -> ResolutionRow:
    """Store a checked resolution of one criterion of the bid (in the lot); the same form sent twice at once gives
    `race`, and the first one stands (the table's unique index)."""
    row = resolution_row(code, resolution, utcnow(), chair.id)
    row.lot_number = lot
    bid.resolutions.append(row)
    try:
        db.session.flush()
    except IntegrityError as error:
        raise UserError(race) from error
    return row


def lot_resolutions(bid: Bid, lot: int | None) -> list[ResolutionRow]:
    """The bid's resolutions in one lot (those without a lot for a tender without lots)."""
    return [r for r in bid.resolutions if r.lot_number == lot]


def withdraw_resolution(tender: Tender, chair: User, bid_id: int, code: str, lot: int | None = None) -> None:
    """Withdraw a resolution before finalisation, so that it can be redone; the audit log keeps what it said."""
    bid = decidable_bid(tender, chair, bid_id, lot)
    row = next((r for r in lot_resolutions(bid, lot) if r.criterion_code == code), None)
    if row is None:
        raise UserError(_("no resolution of %(criterion)s is recorded for this bid", criterion=code))
    bid.resolutions.remove(row)
    db.session.flush()
    audit.record("bid.withdraw_resolution", bid, tender_id=tender.id, actor=chair, details=_snapshot(row))


def answer_hints(tender: Tender, lot: int | None = None) -> dict[str, str]:
    """What the bidder's answer looks like for each criterion (of one lot), in the rule's own value type."""
    hints = {}
    for leaf in _plan(tender, lot).leaves:
        kind = leaf.rule.value_kind
        if kind == BOOLEAN:
            hints[leaf.code] = _("yes or no")
        elif kind == NUMBER:
            hints[leaf.code] = _("a number")
        elif kind == OPTION:
            hints[leaf.code] = _("one of: %(options)s", options=", ".join(key for key, _text in leaf.rule.options))
        elif kind == SCORE:
            hints[leaf.code] = _("what the bidder supplied; the committee then scores it on the scoring page")
    return hints


def criterion_paths(tender: Tender, lot: int | None = None) -> dict[str, str]:
    """Each leaf criterion's path (in one lot), by code."""
    return {leaf.code: leaf.path for leaf in _plan(tender, lot).leaves}


def problem_text(problem: Problem, bids: dict[str, Bid], paths: dict[str, str]) -> str:
    """A stored-data problem in words: the bidder and criterion instead of the engine's place."""
    place, _, rest = problem.place.partition("].resolutions.")
    label = place.rpartition("bids[")[2]  # a lot's problems are placed "lot 2: bids[...]..."
    if not rest or label not in bids:
        return placed_text(problem)
    code = rest.split(".", 1)[0]
    return f"{bids[label].organisation.name}, {paths.get(code, code)}: {message_text(problem.message)}"


def _plan(tender: Tender, lot: int | None = None):
    definition = scoring_tender(tender)
    return plan_scoring(definition if lot is None else definition.lot_view(lot))


def leaf_of(tender: Tender, code: str, lot: int | None = None) -> LeafPlan:
    """The criterion `code` as the scoring library plans it (in one lot), or a UserError at the criterion field."""
    leaf = next((leaf for leaf in _plan(tender, lot).leaves if leaf.code == code), None)
    if leaf is None:
        raise UserError(_("no criterion %(criterion)s in this tender", criterion=code), "criterion")
    return leaf


def _evaluated(tender: Tender, lot: int | None = None):
    try:
        return evaluation_of(tender).result if lot is None else lots_evaluation_of(tender).lot(lot)
    except InvalidInput as error:
        raise UserError(_("the recorded decisions cannot be evaluated; withdraw the resolution named on this page "
                          "first (%(problem)s)", problem=message_text(error.problems[0].message))) from error


def _clarification(leaf: LeafPlan, fields: dict | None) -> Clarification:
    """The form's clarification, the answer read in the rule's value type (a text stays text if it is not)."""
    fields = fields or {}
    return Clarification(request=(fields.get("request") or "").strip(), requested_on=fields.get("requested_on"),
                         answer=_answer(leaf, (fields.get("answer") or "").strip()),
                         evidence=(fields.get("evidence") or "").strip(),
                         is_bid_unchanged=fields.get("is_bid_unchanged") is True)


def _answer(leaf: LeafPlan, text: str):
    kind = leaf.rule.value_kind
    yes, no = {"yes", _("yes").lower()}, {"no", _("no").lower()}  # the hint's words in the reader's language
    if kind == BOOLEAN and text.lower() in yes | no:
        return text.lower() in yes
    if kind == NUMBER:
        try:
            return float(text.replace(",", "."))
        except ValueError:
            return text
    return text


def _date_problems(tender: Tender, resolution: Resolution) -> list[Problem]:
    """A clarification is asked after the bids were opened and not in the future (the tender's local dates)."""
    clarification = resolution.clarification
    if clarification is None or not isinstance(clarification.requested_on, date):
        return []
    zone = ZoneInfo(tender.time_zone)
    today = today_in(tender.time_zone)
    opened = tender.opened_at.astimezone(zone).date() if tender.opened_at else None
    place = f"{PLACE}.clarification.requested_on"
    if clarification.requested_on > today:
        return [Problem(place, _("the request date cannot be in the future"))]
    if opened and clarification.requested_on < opened:
        return [Problem(place, _("the bids were opened on %(day)s; a clarification of a missing answer is requested "
                                 "after that", day=date_text(opened)))]
    return []


def refuse(problems: list[Problem]) -> None:
    """Raise one UserError naming every field that is wrong, as the page labels it."""
    if problems:
        resolution = _("Resolution")
        raise UserError("; ".join(f"{FIELDS.get(p.place.removeprefix(PLACE + '.'), resolution)}: "
                                  f"{message_text(p.message)}" for p in problems))


def _snapshot(row: ResolutionRow) -> dict:
    """What the resolution says, for the audit log (a withdrawn one is gone from the database)."""
    details = {"criterion": row.criterion_code, "kind": row.kind, "reason": row.reason, **lot_details(row.lot_number)}
    if row.kind == CLARIFIED:
        details.update(request=row.clarification_request, requested_on=row.requested_on.isoformat(),
                       answer=row.answer, evidence=row.evidence, bid_unchanged=row.is_bid_unchanged)
    return details
