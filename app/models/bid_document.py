"""Documents a bidder adds to a bid version beside its workbook: kept byte for byte with their SHA-256, sealed
like the workbook until the opening (Directive 2014/24/EU Art. 22(3), Annex IV (b)).

Each kind belongs to an envelope. On a two-envelope tender the price envelope opens to technical members only
once the evaluation is finalised (Annex IV (d): at each stage only authorised persons access all or part of the
data; app.records.access.sees_prices); the technical envelope opens to the whole committee at the opening.

The name the browser sent is never a path: only a cleaned display string (app/records/document_names.py) is kept.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.types import UTCDateTime

TECHNICAL_ENVELOPE, PRICE_ENVELOPE = "technical", "price"

# Kind -> envelope. The technical proposal carries what the quality criteria judge (Art. 67(2)); certificates
# are the third-party means of proof of Art. 44(1) and Art. 62 (conformity assessment, quality assurance and
# environmental management standards); supply evidence (offtake agreements, certificates of origin, mass
# balances) proves the declared supply chain, a technical criterion; the price breakdown explains the price
# or cost (Art. 67(2)) and Art. 69(2) explanations of a low price lean on it, so it is sealed with the price.
DOCUMENT_KINDS = {
    "technical_proposal": TECHNICAL_ENVELOPE,
    "certificate": TECHNICAL_ENVELOPE,
    "supply_evidence": TECHNICAL_ENVELOPE,
    "price_breakdown": PRICE_ENVELOPE,
}


class BidDocument(db.Model):
    __tablename__ = "bid_document"
    __table_args__ = (
        CheckConstraint("kind IN ('technical_proposal', 'certificate', 'supply_evidence', 'price_breakdown')",
                        name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    bid_id: Mapped[int] = mapped_column(ForeignKey("bid.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    # What the bidder typed to name it, which a supply line's Evidence cell may repeat ("" for none).
    reference: Mapped[str] = mapped_column(String(80), default="")
    display_name: Mapped[str] = mapped_column(String(120))  # cleaned, for reading only; never a path
    file_format: Mapped[str] = mapped_column(String(10))  # found from the content: pdf, png, jpeg, docx, ...
    size: Mapped[int] = mapped_column()
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime())  # kept when carried to a new version
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)  # read only to download or export

    @property
    def envelope(self) -> str:
        return DOCUMENT_KINDS[self.kind]
