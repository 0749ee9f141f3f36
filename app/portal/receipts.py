"""The receipt of a submission (Directive 2014/24/EU Annex IV (a)): what arrived, from whom, when (UTC) and its SHA-256.

The page and the downloaded text show the same lines, built here once.
"""
from __future__ import annotations

from dataclasses import dataclass

from app.models import Bid, Tender
from app.models.bid import SUBMITTED, SUPERSEDED, WITHDRAWN
from app.portal.names import slug
from app.presentation import count_text, time_text, utc_text

STATUS_WORDS = {SUBMITTED: "submitted (the version that will be evaluated)",
                SUPERSEDED: "superseded by a later version (kept, not evaluated)",
                WITHDRAWN: "withdrawn (kept, not evaluated)"}
CHECK = ("To check that the file on record is yours, compute the SHA-256 of your copy (sha256sum FILE on Linux or "
         "macOS, Get-FileHash FILE on Windows): it must equal the SHA-256 above.")


@dataclass(frozen=True)
class Receipt:
    """One version's receipt, and whether that version may still be withdrawn."""

    bid: Bid
    tender: Tender
    submitted_by: str
    can_withdraw: bool

    @property
    def lines(self) -> list[tuple[str, str]]:
        """The receipt's (label, value) lines."""
        bid, tender = self.bid, self.tender
        lines = [("Tender reference", tender.reference), ("Tender", tender.title),
                 ("Contracting authority", tender.authority.name), ("Bidder", bid.organisation.name),
                 ("Version", str(bid.version_no)), ("Status", STATUS_WORDS[bid.status]),
                 ("Received (UTC)", utc_text(bid.submitted_at)),
                 ("Received (tender's time zone)", time_text(bid.submitted_at, tender.time_zone, seconds=True)),
                 ("Submitted by", self.submitted_by)]
        if bid.withdrawn_at is not None:
            lines.append(("Withdrawn (UTC)", utc_text(bid.withdrawn_at)))
        return lines + [("File received", bid.filename), ("Size", f"{count_text(len(bid.workbook))} bytes"),
                        ("SHA-256", bid.workbook_sha256)]

    @property
    def text(self) -> str:
        """The downloadable plain-text receipt."""
        lines = self.lines
        width = max(len(label) for label, _ in lines) + 1
        body = "\n".join(f"{label + ':':<{width}} {value}" for label, value in lines)
        return f"resbid: receipt of a bid submission\n\n{body}\n\n{CHECK}\n"

    @property
    def filename(self) -> str:
        """A safe download name naming the tender, the bid and its version."""
        return f"receipt-{slug(self.tender.reference) or 'tender'}-{self.bid.label}-v{self.bid.version_no}.txt"
