"""Tenders and their criteria tree, as published by a contracting authority."""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.clock import utcnow
from app.extensions import db
from app.models.lot import TenderLot, unique_per_lot
from app.models.types import UTCDateTime

DRAFT, PUBLISHED, CLOSED, OPENED, EVALUATING, FINALISED = (
    "draft", "published", "closed", "opened", "evaluating", "finalised",
)
STATUSES = (DRAFT, PUBLISHED, CLOSED, OPENED, EVALUATING, FINALISED)
DEFAULT_TIME_ZONE = "Europe/Brussels"
# The published rules the scoring library reads (app/records/definition.py parses them once per tender version):
# left out of every read of a tender, and read together, in one statement, when one of them is first asked for. Nearly
# every officer page reads its tender, and decoding these eight JSON columns was a tenth of a results page's time.
_RULE = {"deferred": True, "deferred_group": "rules"}


class Tender(db.Model):
    __tablename__ = "tender"
    __table_args__ = (
        CheckConstraint(
            "status IN ('draft', 'published', 'closed', 'opened', 'evaluating', 'finalised')", name="status"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    authority_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    reference: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    subject: Mapped[str] = mapped_column(Text, default="")
    cpv_code: Mapped[str] = mapped_column(String(16), default="")
    cn_code: Mapped[str] = mapped_column(String(20), default="")
    estimated_value: Mapped[Decimal | None] = mapped_column(Numeric(18, 2))
    currency: Mapped[str] = mapped_column(String(3), default="EUR")
    time_zone: Mapped[str] = mapped_column(String(64), default=DEFAULT_TIME_ZONE)
    # The procedure language: the tender's documents (report, letters, workbook) are written in it (app/languages.py).
    language: Mapped[str] = mapped_column(String(8), default="en", server_default="en")
    # The languages the tender publishes in, the procedure language first; null: that one alone. The authority's
    # own texts in each (Implementing Regulation (EU) 2019/1780, eForms: a text field repeats once per languageID), the
    # procedure language's text also in the plain column; null: the plain column only (app/records/texts.py).
    languages: Mapped[list | None] = mapped_column(JSON(none_as_null=True))
    titles: Mapped[dict | None] = mapped_column(JSON(none_as_null=True))
    status: Mapped[str] = mapped_column(String(20), default=DRAFT, index=True)
    submission_deadline_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    opening_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    weighting: Mapped[str] = mapped_column(String(10), default="percent")
    bill_of_materials: Mapped[dict] = mapped_column(JSON, default=dict, **_RULE)
    partner_group: Mapped[list | None] = mapped_column(JSON, **_RULE)
    tie_break: Mapped[list] = mapped_column(JSON, default=list, **_RULE)
    abnormally_low: Mapped[dict] = mapped_column(JSON, default=dict, **_RULE)
    eligibility: Mapped[dict] = mapped_column(JSON, default=dict, **_RULE)
    award_method: Mapped[str] = mapped_column(String(20), default="weighted_sum")
    # Directive 2014/24/EU Art. 46(2)-(3): the published lot rules; null for a tender without lots (its pages then
    # never read the lots).
    lot_rules: Mapped[dict | None] = mapped_column(JSON(none_as_null=True))
    # The published rules for bid documents, tender.yaml's `documents` (scoring/document_rules.py): the keys that
    # differ from the defaults; null: every format allowed, no evidence required.
    document_rules: Mapped[dict | None] = mapped_column(JSON(none_as_null=True), **_RULE)
    # Directive 2014/24/EU Art. 70: the published contract performance conditions; null: none published.
    contract_performance: Mapped[dict | None] = mapped_column(JSON(none_as_null=True), **_RULE)
    # The rates the plausibility flags check against, tender.yaml's `plausibility` (scoring/plausibility_rules.py);
    # null: none published, so no recycled share is flagged.
    plausibility_rules: Mapped[dict | None] = mapped_column(JSON(none_as_null=True), **_RULE)
    is_two_envelope: Mapped[bool] = mapped_column(default=False)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # A time limit shorter than Directive 2014/24/EU Art. 27(1)/(4) allows: the ground (tender_files/time_limits.py)
    publish_ground: Mapped[str | None] = mapped_column(String(20))
    publish_reason: Mapped[str | None] = mapped_column(Text)
    # A deleted draft stays as a row (its audit events point at it) but no page shows it any more.
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Once the chair starts consensus, individual scores are locked.
    consensus_started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    finalised_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    result_sha256: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    authority: Mapped["Organisation"] = relationship()  # noqa: F821
    criteria: Mapped[list[Criterion]] = relationship(
        back_populates="tender", order_by="Criterion.position", cascade="all, delete-orphan"
    )
    lots: Mapped[list[TenderLot]] = relationship(order_by="TenderLot.number", cascade="all, delete-orphan")


class Criterion(db.Model):
    """A node of the criteria tree: a group (no rule) or a leaf carrying a scoring rule."""

    __tablename__ = "criterion"
    __table_args__ = unique_per_lot("criterion", "tender_id", "code")

    id: Mapped[int] = mapped_column(primary_key=True)
    tender_id: Mapped[int] = mapped_column(ForeignKey("tender.id"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("criterion.id"), index=True)
    lot_number: Mapped[int | None] = mapped_column()  # null: the tender's shared tree; else that lot's own tree
    position: Mapped[int] = mapped_column(default=0)
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    # The name and description in each language the tender publishes in ({language: text}); null: one language.
    names: Mapped[dict | None] = mapped_column(JSON(none_as_null=True))
    descriptions: Mapped[dict | None] = mapped_column(JSON(none_as_null=True))
    eforms_type: Mapped[str] = mapped_column(String(10), default="quality")  # BT-539
    weight: Mapped[Decimal | None] = mapped_column(Numeric(9, 4))
    share_of_total: Mapped[Decimal | None] = mapped_column(Numeric(9, 4))  # instead of weight, as the officer gave it
    max_points: Mapped[Decimal | None] = mapped_column(Numeric(9, 4))
    min_score: Mapped[Decimal | None] = mapped_column(Numeric(9, 4))
    rule_kind: Mapped[str | None] = mapped_column(String(40))
    rule_params: Mapped[dict] = mapped_column(JSON, default=dict)
    source: Mapped[dict | None] = mapped_column(JSON)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    tender: Mapped[Tender] = relationship(back_populates="criteria")
    children: Mapped[list[Criterion]] = relationship(order_by="Criterion.position")
