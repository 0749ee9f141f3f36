"""The receipt of a submission (Directive 2014/24/EU Annex IV (a)): what arrived, from whom, when (UTC) and its SHA-256,
for the workbook and for each document of the version.

The page and the downloaded text show the same lines, built here once.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.models import Bid, BidDocument, Tender
from app.models.bid import SUBMITTED, SUPERSEDED, WITHDRAWN
from app.portal.names import slug
from app.presentation import count_text, time_text, utc_text

# A version's status as its badge names it, and as the receipt explains it.
BID_STATUS_NAMES = {SUBMITTED: _l("submitted"), SUPERSEDED: _l("superseded"), WITHDRAWN: _l("withdrawn")}
STATUS_WORDS = {SUBMITTED: _l("submitted (the version that will be evaluated)"),
                SUPERSEDED: _l("superseded by a later version (kept, not evaluated)"),
                WITHDRAWN: _l("withdrawn (kept, not evaluated)")}
CHECK = _l("To check that the file on record is yours, compute the SHA-256 of your copy (sha256sum FILE on Linux "
           "or macOS, Get-FileHash FILE on Windows): it must equal the SHA-256 above.")


@dataclass(frozen=True)
class Receipt:
    """One version's receipt, and whether that version may still be withdrawn."""

    bid: Bid
    tender: Tender
    submitted_by: str
    can_withdraw: bool
    documents: tuple[BidDocument, ...] = ()

    @property
    def lines(self) -> list[tuple[str, str]]:
        """The receipt's (label, value) lines."""
        bid, tender = self.bid, self.tender
        lines = [(_("Tender reference"), tender.reference), (_("Tender"), tender.title),
                 (_("Contracting authority"), tender.authority.name), (_("Bidder"), bid.organisation.name),
                 (_("Version"), str(bid.version_no)), (_("Status"), str(STATUS_WORDS[bid.status])),
                 (_("Received (UTC)"), utc_text(bid.submitted_at)),
                 (_("Received (tender's time zone)"), time_text(bid.submitted_at, tender.time_zone, seconds=True)),
                 (_("Submitted by"), self.submitted_by)]
        if bid.withdrawn_at is not None:
            lines.append((_("Withdrawn (UTC)"), utc_text(bid.withdrawn_at)))
        lines += [(_("File received"), bid.filename),
                  (_("Size"), _("%(count)s bytes", count=count_text(len(bid.workbook)))),
                  ("SHA-256", bid.workbook_sha256)]
        for number, document in enumerate(self.documents, start=1):
            lines += [(_("Document %(number)s", number=number),
                       _("%(name)s, %(count)s bytes, received %(when)s", name=document.display_name,
                         count=count_text(document.size), when=utc_text(document.uploaded_at))),
                      (_("Document %(number)s SHA-256", number=number), document.sha256)]
        return lines

    @property
    def text(self) -> str:
        """The downloadable plain-text receipt."""
        lines = self.lines
        width = max(len(label) for label, _value in lines) + 1
        body = "\n".join(f"{label + ':':<{width}} {value}" for label, value in lines)
        heading = _("resbid: receipt of a bid submission")
        return f"{heading}\n\n{body}\n\n{CHECK}\n"

    @property
    def filename(self) -> str:
        """A safe download name naming the tender, the bid and its version."""
        return f"receipt-{slug(self.tender.reference) or 'tender'}-{self.bid.label}-v{self.bid.version_no}.txt"
