"""Contracts awarded by a finalised evaluation and the contractor's performance reports (Directive 2014/24/EU Art. 70).

A contract is made at finalisation for each winner (each lot's, in a tender divided into lots) when the tender
published contract performance conditions. It keeps the conditions and the winner's commitments as they were
then (scoring/performance.py), so nothing done to the tender later changes what the contract binds. Each
period's report keeps the uploaded workbook byte for byte with its SHA-256 and the assessment computed from it;
each shortfall gets the officer's recorded response.
"""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, LargeBinary, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.clock import utcnow
from app.extensions import db
from app.models.types import UTCDateTime

ACCEPTED, REMEDY, AMOUNT = "accepted", "remedy", "amount"
RESPONSE_KINDS = (ACCEPTED, REMEDY, AMOUNT)


class Contract(db.Model):
    __tablename__ = "contract"
    __table_args__ = (UniqueConstraint("tender_id", "lot_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tender_id: Mapped[int] = mapped_column(ForeignKey("tender.id"), index=True)
    lot_number: Mapped[int | None] = mapped_column()  # null: a tender without lots
    bid_id: Mapped[int] = mapped_column(ForeignKey("bid.id"))  # the winning version
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)  # the contractor
    starts_on: Mapped[date] = mapped_column(Date)
    conditions: Mapped[dict] = mapped_column(JSON)  # scoring.performance_conditions.PerformanceConditions.to_dict
    commitments: Mapped[list] = mapped_column(JSON)  # [scoring.performance.Commitment.to_dict]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    tender: Mapped["Tender"] = relationship()  # noqa: F821
    organisation: Mapped["Organisation"] = relationship()  # noqa: F821
    reports: Mapped[list[PerformanceReport]] = relationship(order_by="PerformanceReport.period",
                                                            back_populates="contract")
    call_offs: Mapped[list[CallOff]] = relationship(order_by="[CallOff.called_on, CallOff.id]")


class CallOff(db.Model):
    """A call-off the officer recorded under a contract reported per call-off (tender.yaml `reporting:
    {period: call_off}`): each one is a reporting period, numbered in order of date (app/records/call_offs.py)."""

    __tablename__ = "call_off"

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contract.id"), index=True)
    called_on: Mapped[date] = mapped_column(Date)
    reference: Mapped[str] = mapped_column(String(200))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))


class PerformanceReport(db.Model):
    __tablename__ = "performance_report"
    __table_args__ = (UniqueConstraint("contract_id", "period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contract.id"), index=True)
    period: Mapped[int] = mapped_column()  # 1 = the first contract year, or the first call-off
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime())
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    workbook_sha256: Mapped[str] = mapped_column(String(64))
    supply: Mapped[list] = mapped_column(JSON)  # the reported supply lines, as read
    assessment: Mapped[dict] = mapped_column(JSON)  # scoring.performance.PeriodAssessment.to_dict
    workbook: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)

    contract: Mapped[Contract] = relationship(back_populates="reports")
    responses: Mapped[list[ShortfallResponse]] = relationship(order_by="ShortfallResponse.id")


class ShortfallResponse(db.Model):
    """The officer's response to one shortfall: accepted with a reason, a remedy requested by a deadline, or the
    contractual amount applied as the published clause computed it."""

    __tablename__ = "shortfall_response"
    __table_args__ = (UniqueConstraint("report_id", "criterion_code"),
                      CheckConstraint("kind IN ('accepted', 'remedy', 'amount')", name="kind"))

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("performance_report.id"), index=True)
    criterion_code: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(10))
    reason: Mapped[str] = mapped_column(Text, default="")
    deadline: Mapped[date | None] = mapped_column(Date)
    amount: Mapped[Decimal | None] = mapped_column(Numeric(18, 2))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
