"""Contract rows <-> contract performance (scoring/performance.py): contracts made at finalisation, their periods.

Finalising an award makes one contract per winner (per lot's winner in a tender divided into lots) when the
tender published contract performance conditions (Directive 2014/24/EU Art. 70): the conditions and the
commitments (the winner's values on the binding criteria in the final result) are copied into the row, so the
contract binds what was awarded whatever happens to the tender afterwards. The contract year starts on the day
of finalisation: the award's date stands for the contract's signature, which the application does not record.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from functools import cache

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from app import audit
from app.clock import utcnow
from app.extensions import db
from app.models import Bid, Contract, PerformanceReport, Tender, User
from app.models.user import AUDITOR, BIDDER, OFFICER
from app.records.definition import scoring_tender
from app.records.evaluation import live_bids
from scoring.definition import Tender as TenderDefinition
from scoring.performance import Commitment, PeriodAssessment, call_off_periods, commitments, yearly_period
from scoring.performance_conditions import PerformanceConditions, stored_performance
from scoring.result import EvaluationResult

# A period's state for the contractor and the officer.
UPCOMING, OPEN, DUE, OVERDUE, REPORTED = "upcoming", "open", "due", "overdue", "reported"


@dataclass(frozen=True)
class Period:
    """One reporting period: its number, dates, state and report. A call-off's period has the call-off's day as
    `first`, no `last`, and the call-off's reference."""

    number: int
    first: date | None
    last: date | None
    due: date | None
    state: str
    report: PerformanceReport | None
    reference: str | None = None

    @property
    def is_call_off(self) -> bool:
        return self.last is None


def make_contracts(tender: Tender, awards: dict[int | None, tuple[EvaluationResult, str | None]], starts_on: date
                   ) -> list[Contract]:
    """The contracts of a finalised award: `awards` maps a lot number (None for a tender without lots) to its
    result and the bid awarded it (None: the lot stays unawarded); nothing when the tender published no
    conditions."""
    definition = scoring_tender(tender)
    if definition.contract_performance is None:
        return []
    bids = {bid.label: bid for bid in live_bids(tender)}
    made = []
    for lot, (result, winner_id) in awards.items():
        if winner_id is None:
            continue
        winner = result.bid(winner_id)
        bid = bids[winner_id]
        promised = commitments(definition.lot_view(lot or 1), winner)
        contract = Contract(tender_id=tender.id, lot_number=lot, bid_id=bid.id, organisation_id=bid.organisation_id,
                            starts_on=starts_on, conditions=definition.contract_performance.to_dict(),
                            commitments=[commitment.to_dict() for commitment in promised])
        db.session.add(contract)
        db.session.flush()
        audit.record("contract.create", contract, tender_id=tender.id,
                     details={"lot": lot, "bid": bid.label, "organisation": bid.organisation_id,
                              "binding": [commitment.code for commitment in promised]})
        made.append(contract)
    return made


def conditions_of(contract: Contract) -> PerformanceConditions:
    """The conditions as the contract keeps them."""
    return stored_performance(contract.conditions)


def records_call_offs(contract: Contract) -> bool:
    """Whether the contract is reported per call-off (each report's period is a call-off, not a contract year)."""
    return conditions_of(contract).period == "call_off"


def commitments_of(contract: Contract) -> tuple[Commitment, ...]:
    """The commitments as the contract keeps them."""
    return tuple(Commitment.from_dict(item) for item in contract.commitments)


def contract_definition(contract: Contract) -> TenderDefinition:
    """The tender the contract's metrics are computed against: its lot's view, with the conditions the contract
    keeps."""
    view = scoring_tender(contract.tender).lot_view(contract.lot_number or 1)
    checked = replace(view, contract_performance=conditions_of(contract))
    object.__setattr__(checked, "is_checked", view.is_checked)
    return checked


def assessment_of(report: PerformanceReport) -> PeriodAssessment:
    """The assessment stored with a report."""
    return PeriodAssessment.from_dict(report.assessment)


def periods_of(contract: Contract, today: date) -> list[Period]:
    """Yearly: every contract year with its dates and state. Per call-off: every call-off recorded."""
    conditions = conditions_of(contract)
    reports = {report.period: report for report in contract.reports}
    if conditions.period == "call_off":
        return _call_off_periods(contract, conditions, reports, today)
    periods = []
    for number in range(1, conditions.periods + 1):
        first, last, due = yearly_period(contract.starts_on, number, conditions.report_within_days)
        report = reports.get(number)
        state = (REPORTED if report else UPCOMING if today < first else OPEN if today <= last
                 else DUE if today <= due else OVERDUE)
        periods.append(Period(number, first, last, due, state, report))
    return periods


def _call_off_periods(contract: Contract, conditions: PerformanceConditions, reports: dict[int, PerformanceReport],
                      today: date) -> list[Period]:
    """Each recorded call-off a period, numbered in order of date (scoring.performance.call_off_periods): its
    report due from the call-off on (a call-off is recorded once made, never ahead) until report_within_days
    after it, overdue then."""
    call_offs = contract.call_offs  # by day, then as recorded
    periods = []
    for period in call_off_periods([call_off.called_on for call_off in call_offs], conditions.report_within_days):
        report = reports.get(period.number)
        state = REPORTED if report else DUE if today <= period.due else OVERDUE
        periods.append(Period(period.number, period.day, None, period.due, state, report,
                              call_offs[period.index].reference))
    return periods


@cache
def _loaded() -> tuple:
    """A contract with what its pages and lists read, loaded in a fixed number of statements however many it has.
    Built on first use, not at import: naming relationships configures every mapper (90 ms), which a command
    need not wait for."""
    return (selectinload(Contract.reports).selectinload(PerformanceReport.responses),
            selectinload(Contract.call_offs), joinedload(Contract.tender).joinedload(Tender.authority),
            joinedload(Contract.organisation))


def contract_by_id(contract_id: int) -> Contract | None:
    """One contract, its reports, responses, tender and contractor loaded."""
    return db.session.scalar(select(Contract).where(Contract.id == contract_id).options(*_loaded()))


def contracts_of_tender(tender_id: int) -> list[Contract]:
    """The tender's contracts in lot order."""
    return list(db.session.scalars(select(Contract).where(Contract.tender_id == tender_id)
                                   .options(*_loaded()).order_by(Contract.lot_number)))


def contracts_of_organisation(organisation_id: int | None) -> list[Contract]:
    """The contracts one organisation holds as contractor; never another's."""
    if organisation_id is None:
        return []
    return list(db.session.scalars(select(Contract).where(Contract.organisation_id == organisation_id)
                                   .options(*_loaded()).order_by(Contract.id)))


def contracts_of_authority(authority_id: int | None) -> list[Contract]:
    """The contracts of one authority's tenders."""
    return list(db.session.scalars(select(Contract).join(Tender, Tender.id == Contract.tender_id)
                                   .where(Tender.authority_id == authority_id)
                                   .options(*_loaded()).order_by(Contract.id)))


def contract_bid(contract: Contract) -> Bid:
    """The winning version the contract was made from."""
    return db.session.get(Bid, contract.bid_id)


@dataclass(frozen=True)
class ContractRow:
    """A contract in a list: the periods whose report is due or overdue, and the shortfalls awaiting a response."""

    contract: Contract
    late: tuple[Period, ...]
    awaiting: int


def contract_rows(contracts: list[Contract], today: date | None = None) -> list[ContractRow]:
    """Each contract with what it waits for."""
    today = today or utcnow().date()
    rows = []
    for contract in contracts:
        late = tuple(period for period in periods_of(contract, today) if period.state in (DUE, OVERDUE))
        awaiting = sum(1 for report in contract.reports for delivery in assessment_of(report).shortfalls
                       if delivery.commitment.code not in {response.criterion_code for response in report.responses})
        rows.append(ContractRow(contract, late, awaiting))
    return rows


def contracts_for(user: User, tender_id: int | None = None) -> list[ContractRow]:
    """The contracts a user's lists show: a contractor's own; an officer's or auditor's authority's (of one tender
    if given)."""
    if user.role == BIDDER:
        return contract_rows(contracts_of_organisation(user.organisation_id))
    if user.role not in (OFFICER, AUDITOR):
        return []
    if tender_id is not None:
        return contract_rows(contracts_of_tender(tender_id))
    return contract_rows(contracts_of_authority(user.organisation_id))
