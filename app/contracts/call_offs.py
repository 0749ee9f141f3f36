"""The officer records a call-off under a contract reported per call-off (tender.yaml `reporting: {period:
call_off}`): each recorded call-off is a reporting period whose report is due report_within_days after it
(app/records/contracts.py). Under a framework agreement (Directive 2014/24/EU Art. 33) the contracts based on it
are awarded as call-offs; the application learns of them only when the officer records them.

What is refused, and why:
- a day after today: a call-off is recorded once it is made, so its report can already be due; a planned one
  would show a report due for deliveries that have not happened;
- a day before the contract's start: a call-off is made under the contract;
- a day before the latest call-off recorded: call-offs are numbered in order of date and the contractor's reports
  are stored under those numbers, so an earlier day would renumber the call-offs already reported on;
- the same day and the same reference as one recorded: the same call-off (a form sent twice).
Two call-offs on the same day with different references are allowed: several operators may call off under the
framework agreement on one day, and each call-off is a contract of its own with a report of its own.
"""
from __future__ import annotations

from datetime import date

from flask_babel import gettext as _

from app import audit
from app.clock import today_in, utcnow
from app.errors import UserError
from app.extensions import db
from app.models import CallOff, Contract, User
from app.presentation import date_text
from app.records.contracts import records_call_offs
from app.transactions import lock_tender

MAX_REFERENCE = 200  # the column's length


def record_call_off(contract_id: int, called_on: date | None, reference: str, user: User) -> CallOff:
    """Store a call-off made under the contract; UserError at the field that is wrong."""
    contract = db.session.get(Contract, contract_id)
    lock_tender(contract.tender_id)  # the latest call-off as committed, whatever two tabs send at once
    db.session.expire(contract)
    if not records_call_offs(contract):
        raise UserError(_("This contract is reported per contract year: it records no call-offs."))
    reference = reference.strip()
    _check_day(contract, called_on)
    if not reference:
        raise UserError(_("Give the call-off's reference or a short description."), "reference")
    if any(call_off.called_on == called_on and call_off.reference == reference for call_off in contract.call_offs):
        raise UserError(_("A call-off of this day with this reference is already recorded."), "reference")
    number = len(contract.call_offs) + 1  # the latest day: numbered last
    call_off = CallOff(contract_id=contract.id, called_on=called_on, reference=reference[:MAX_REFERENCE],
                       recorded_at=utcnow(), recorded_by_id=user.id)
    db.session.add(call_off)
    db.session.flush()
    audit.record("contract.call_off", contract, tender_id=contract.tender_id, actor=user,
                 details={"call_off": call_off.id, "number": number,
                          "called_on": called_on.isoformat(), "reference": call_off.reference})
    return call_off


def _check_day(contract: Contract, called_on: date | None) -> None:
    if called_on is None:
        raise UserError(_("Give the date of the call-off."), "called_on")
    if called_on > today_in(contract.tender.time_zone):
        raise UserError(_("A call-off is recorded once it is made: give a date no later than today."), "called_on")
    if called_on < contract.starts_on:
        raise UserError(_("A call-off is made under the contract: give a date no earlier than its start, %(day)s.",
                          day=date_text(contract.starts_on)), "called_on")
    latest = max((call_off.called_on for call_off in contract.call_offs), default=None)
    if latest is not None and called_on < latest:
        raise UserError(_("Call-offs are recorded in the order they are made: give a date no earlier than the "
                          "latest one recorded, %(day)s.", day=date_text(latest)), "called_on")
