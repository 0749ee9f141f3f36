"""The contract verbs: the contract page, the period's report workbook, a report's upload and the officer's
response to a shortfall. Every change writes its audit event in the caller's transaction (views commit).

What a report delivers is computed at upload by scoring/performance.py from the reported supply chain, with the
same code that scored the bid, and stored with the report; a shortfall beyond the published tolerance waits
for the officer's response (Directive 2014/24/EU Art. 70: the conditions, and the consequences, are the
contract's own).
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, or_, select

from app import audit
from app.charts import DeliveryChart, DeliveryRow, delivery_chart
from app.clock import utcnow
from app.contracts.words import period_short, period_words, value_words
from app.errors import UserError
from app.extensions import db
from app.languages import in_language
from app.models import AuditEvent, Contract, PerformanceReport, ShortfallResponse, User
from app.models.contract import ACCEPTED, AMOUNT, REMEDY
from app.portal.names import slug
from app.portal.service import Upload
from app.records.contracts import (
    DUE,
    OPEN,
    OVERDUE,
    Period,
    assessment_of,
    commitments_of,
    conditions_of,
    contract_definition,
    periods_of,
    records_call_offs,
)
from app.records.definition import meta_of
from app.transactions import lock_tender
from app.workbook_words import reader_wording, wording
from scoring.performance import Delivery, PeriodAssessment, TerminationCount, assess_period, termination_count
from tender_files.bids import tender_info
from workbooks import Limits, TenderInfo, read_workbook_isolated
from workbooks.layout import REPORT_VERSION

REPORTABLE = (OPEN, DUE, OVERDUE)  # a period that has begun and has no report
HHI_SCALE = 10_000.0  # the Herfindahl-Hirschman index of one supplier alone
NOT_A_SHORTFALL = _l("This criterion was delivered within the tolerance: there is no shortfall to respond to.")


@dataclass(frozen=True)
class ReportLines:
    """One report with each delivery beside its recorded response (None: awaiting the officer)."""

    report: PerformanceReport
    assessment: PeriodAssessment
    responses: dict[str, ShortfallResponse]

    @property
    def awaiting(self) -> tuple[Delivery, ...]:
        """The shortfalls without a response yet."""
        return tuple(d for d in self.assessment.shortfalls if d.commitment.code not in self.responses)


@dataclass(frozen=True)
class ContractPage:
    """Everything a contract page shows."""

    contract: Contract
    periods: list[Period]
    reports: dict[int, ReportLines]  # by period number
    termination: TerminationCount

    @property
    def conditions(self):
        return conditions_of(self.contract)

    @property
    def commitments(self):
        return commitments_of(self.contract)


def contract_page(contract: Contract, today: date | None = None) -> ContractPage:
    """The contract, its periods with their states, each report's deliveries and responses."""
    today = today or utcnow().date()
    periods = periods_of(contract, today)
    reports = {report.period: ReportLines(report, assessment_of(report),
                                          {response.criterion_code: response for response in report.responses})
               for report in contract.reports}
    termination = termination_count(conditions_of(contract),
                                    {number: lines.assessment for number, lines in reports.items()})
    return ContractPage(contract, periods, reports, termination)


def report_info(contract: Contract, period: Period) -> TenderInfo:
    """The workbook facts of one period's report (its period named in the current language)."""
    info = tender_info(meta_of(contract.tender))
    return replace(info, template_version=REPORT_VERSION, report_period=str(period.number),
                   report_period_text=period_words(period))


def report_workbook(contract: Contract, number: int) -> tuple[str, bytes]:
    """The blank performance report workbook of a period the contractor may report, in the procedure language."""
    from workbooks.performance_report import build_report_template  # loads openpyxl (0.15 s)
    period = reportable_period(contract, number)
    tender = contract.tender
    with in_language(tender.language):
        info = report_info(contract, period)
    data = build_report_template(contract_definition(contract), info, wording(tender.language))
    audit.record("contract.report_download", contract, tender_id=contract.tender_id, details={"period": number})
    return f"{slug(tender.reference) or 'contract'}-performance-report-{number}.xlsx", data


def reportable_period(contract: Contract, number: int) -> Period:
    """A period that has begun and has no report yet; UserError otherwise."""
    period = next((p for p in periods_of(contract, utcnow().date()) if p.number == number), None)
    if period is None and records_call_offs(contract):
        raise UserError(_("No call-off %(number)s is recorded under this contract: a report is made for a call-off "
                          "the contracting authority has recorded.", number=number))
    if period is None or period.state not in REPORTABLE:
        raise UserError(_("This reporting period cannot take a report: it has not begun, or its report is in."))
    return period


def submit_report(contract_id: int, user: User, number: int, upload: Upload) -> PerformanceReport:
    """Read the report as a bid workbook is read, assess it and store it byte for byte; refused with every
    problem placed (sheet and cell) when it cannot be read or is not this period's report."""
    contract = db.session.get(Contract, contract_id)
    lock_tender(contract.tender_id)  # one report per period, whatever two tabs send at once
    db.session.expire(contract)  # its reports as committed before the lock, not as the access check read them
    period = reportable_period(contract, number)
    definition = contract_definition(contract)
    parsed = read_workbook_isolated(upload.data, definition, report_info(contract, period),
                                    Limits(max_bytes=current_app.config["MAX_CONTENT_LENGTH"]),
                                    current_app.config["RESBID_UPLOAD_MEMORY_MB"],
                                    wording(contract.tender.language), reader_wording())
    # InvalidInput, placed, when the supply chain fails the checks a bid's declaration passes (shares add up to 100)
    assessment = assess_period(definition, commitments_of(contract), parsed.supply)
    report = PerformanceReport(contract_id=contract.id, period=number, submitted_at=utcnow(),
                               submitted_by_id=user.id, workbook_sha256=upload.sha256,
                               supply=[line.to_dict() for line in parsed.supply], assessment=assessment.to_dict(),
                               workbook=upload.data)
    db.session.add(report)
    db.session.flush()
    audit.record("contract.report", report, tender_id=contract.tender_id, actor=user,
                 details={"contract": contract.id, "period": number,
                          "sha256": upload.sha256, "shortfalls": [d.commitment.code for d in assessment.shortfalls],
                          "amount": assessment.amount})
    return report


def record_response(contract_id: int, report_id: int, code: str, kind: str, reason: str,
                    deadline: date | None, user: User) -> ShortfallResponse:
    """The officer's response to one shortfall, once: accepted (with a reason), a remedy requested (by a
    deadline), or the contractual amount applied as the published clause computed it."""
    contract = db.session.get(Contract, contract_id)
    lock_tender(contract.tender_id)
    report = db.session.get(PerformanceReport, report_id)
    if report is None or report.contract_id != contract.id:
        raise UserError(_("This report is not one of the contract's."))
    delivery = next((d for d in assessment_of(report).shortfalls if d.commitment.code == code), None)
    if delivery is None:
        raise UserError(str(NOT_A_SHORTFALL))
    if db.session.scalar(select(ShortfallResponse.id).where(ShortfallResponse.report_id == report.id,
                                                            ShortfallResponse.criterion_code == code)):
        raise UserError(_("A response to this shortfall is already recorded."))
    amount = _checked(kind, reason, deadline, delivery)
    response = ShortfallResponse(report_id=report.id, criterion_code=code, kind=kind, reason=reason.strip(),
                                 deadline=deadline if kind == REMEDY else None, amount=amount,
                                 recorded_at=utcnow(), recorded_by_id=user.id)
    db.session.add(response)
    db.session.flush()
    audit.record("contract.respond", response, tender_id=contract.tender_id, actor=user,
                 details={"contract": contract.id, "period": report.period,
                          "criterion": code, "kind": kind,
                          "deadline": response.deadline.isoformat() if response.deadline else None,
                          "amount": str(amount) if amount is not None else None})
    return response


def _checked(kind: str, reason: str, deadline: date | None, delivery: Delivery) -> Decimal | None:
    """The amount to record; UserError at the field that is wrong."""
    if kind == ACCEPTED and not reason.strip():
        raise UserError(_("Say why the shortfall is accepted."), "reason")
    if kind == REMEDY and (deadline is None or deadline <= utcnow().date()):
        raise UserError(_("Give the day by which the remedy is due, after today."), "deadline")
    if kind == AMOUNT:
        if delivery.amount is None:
            raise UserError(_("The contract's clause computes no amount for this shortfall."), "kind")
        return Decimal(str(delivery.amount))
    return None


def default_deadline(contract: Contract) -> date | None:
    """Today plus the remedy plan's days, when the contract states them."""
    days = conditions_of(contract).remedy_plan_days
    return utcnow().date() + timedelta(days=days) if days else None


def history(contract: Contract) -> list[AuditEvent]:
    """Every audit event of the contract, its reports and responses, oldest first: what the auditor reads.

    Only the contract's making names the tender (it is part of the award); what happens under the contract names
    the contract in its details, so it never changes the tender's evaluation record, its report or its bundle."""
    reports = [str(report.id) for report in contract.reports]
    responses = [str(response.id) for report in contract.reports for response in report.responses]
    named = or_(and_(AuditEvent.object_type == "contract", AuditEvent.object_id == str(contract.id)),
                and_(AuditEvent.object_type == "performance_report", AuditEvent.object_id.in_(reports)),
                and_(AuditEvent.object_type == "shortfall_response", AuditEvent.object_id.in_(responses)))
    return list(db.session.scalars(select(AuditEvent).where(named).order_by(AuditEvent.seq)))


def delivery_charts(page: ContractPage) -> list[DeliveryChart]:
    """A chart per binding criterion: its commitment against each reported period's delivery."""
    charts = []
    for commitment in page.commitments:
        rows = []
        for period in page.periods:
            lines = page.reports.get(period.number)
            delivery = next((d for d in lines.assessment.deliveries if d.commitment.code == commitment.code),
                            None) if lines else None
            if delivery is not None:
                rows.append(DeliveryRow(period_short(period), commitment.value or 0.0, delivery.value,
                                        value_words(commitment, commitment.value),
                                        value_words(commitment, delivery.value), delivery.is_beyond_tolerance))
        if rows:
            charts.append(delivery_chart(commitment.path, HHI_SCALE if commitment.metric == "hhi" else 100.0, rows))
    return charts

