"""What goes into a bidder workbook and what comes out of one: plain frozen dataclasses and the rejection."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from scoring.bids import Bid
from scoring.problems import InvalidInput
from scoring.resilience import SupplyLine
from workbooks.layout import TEMPLATE_VERSION

# Regulation (EU) 2022/2560 Art. 28: the declaration comes with every tender from this value.
FSR_THRESHOLD_EUR = Decimal(250_000_000)


class WorkbookRejected(InvalidInput):
    """An upload that cannot be used, with every problem found (sheet, cell and how to fix it)."""


@dataclass(frozen=True)
class TenderInfo:
    """What the workbook shows and checks about the tender besides its criteria."""

    reference: str
    title: str
    authority: str
    currency: str = "EUR"
    estimated_value: Decimal | None = None
    deadline_text: str = ""
    template_version: str = TEMPLATE_VERSION
    # A contract performance report (workbooks/performance_report.py): the reporting period's identity, which the
    # hidden Metadata sheet records, and its words for people; both empty for a bid workbook.
    report_period: str = ""
    report_period_text: str = ""

    @property
    def requires_fsr_declaration(self) -> bool:
        """Whether bidders declare foreign financial contributions (estimated value >= EUR 250 million).

        The value is compared in the tender's currency: for every EU non-euro currency (each worth
        less than a euro) that asks for the declaration whenever the euro amount could require it.
        """
        return self.estimated_value is not None and self.estimated_value >= FSR_THRESHOLD_EUR


@dataclass(frozen=True)
class CompanyDetails:
    """The Company sheet: who bids, who controls it (ISO alpha-2 countries) and the FSR declaration."""

    name: str = ""
    country: str = ""
    controlling_entity: str = ""
    controlling_country: str = ""
    contact_name: str = ""
    contact_email: str = ""
    fsr_declaration: str | None = None  # a key of choices.FSR_CHOICES; None when the tender does not ask


@dataclass(frozen=True)
class LotFilling:
    """What a bidder types in for one lot of a tender divided into lots."""

    price: Decimal | float | None = None
    answers: Mapping[str, Any] = field(default_factory=dict)  # code -> bool, number or option key
    supply: Sequence[SupplyLine] = ()  # on the lot's own supply-chain sheet, where the lots' materials differ
    bid: bool | None = True  # the Lots sheet's yes/no (None: left blank)


@dataclass(frozen=True)
class BidFilling:
    """What a bidder types into the template (countries and materials as codes; fill_workbook shows names).

    For a tender divided into lots, `lots` holds each lot's entries by lot number and `supply` the one shared
    supply chain (when the lots have the same bill of materials); price and answers stay unused."""

    company: CompanyDetails
    price: Decimal | float | None = None
    answers: Mapping[str, Any] = field(default_factory=dict)  # code -> bool, number or option key
    supply: Sequence[SupplyLine] = ()
    lots: Mapping[int, LotFilling] = field(default_factory=dict)


@dataclass(frozen=True)
class LotOffer:
    """One lot a workbook bids for (Directive 2014/24/EU Art. 46): its price, answers and supply chain."""

    number: int
    price: Decimal | None
    answers: Mapping[str, bool | float | str]  # criterion code -> answer; unanswered criteria are absent
    answer_places: Mapping[str, str]  # criterion code -> "Lot 2 answers!B5"
    supply: tuple[SupplyLine, ...]  # the shared declaration, or the lot's own

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready contents (price as a decimal string)."""
        return {"number": self.number, "price": None if self.price is None else str(self.price),
                "answers": dict(self.answers), "answer_places": dict(self.answer_places),
                "supply": [line.to_dict() for line in self.supply]}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> LotOffer:
        """The offer to_dict described."""
        return cls(data["number"], None if data["price"] is None else Decimal(data["price"]), data["answers"],
                   data["answer_places"], tuple(map(SupplyLine.from_dict, data["supply"])))


@dataclass(frozen=True)
class ParsedWorkbook:
    """A checked upload: every value re-validated, nothing taken from the file's totals."""

    reference: str
    company: CompanyDetails
    price: Decimal | None
    answers: Mapping[str, bool | float | str]  # criterion code -> answer; unanswered criteria are absent
    answer_places: Mapping[str, str]  # criterion code -> "Answers!C5"
    supply: tuple[SupplyLine, ...]  # place "Supply chain!A14" on each line
    # A tender divided into lots: the lots bid for, by number (price, answers and supply above stay empty).
    lots: Mapping[int, LotOffer] = field(default_factory=dict)

    def to_bid(self, bid_id: str, bidder: str, submitted_at: datetime | None) -> Bid:
        """The scoring library's Bid for this workbook (committee scores and decisions are added elsewhere)."""
        return Bid(id=bid_id, bidder=bidder, price=None if self.price is None else float(self.price),
                   submitted_at=submitted_at, control_country=self.company.controlling_country or None,
                   answers=dict(self.answers), supply=self.supply)

    def to_bids(self, bid_id_prefix: str, bidder: str, submitted_at: datetime | None) -> dict[int, Bid]:
        """The Bid of each lot bid for, by lot number, each with the prefix as its id (ids are unique within a
        lot, where bids are ranked); a tender without lots has one, lot 1 (to_bid's bid)."""
        if not self.lots:
            return {1: self.to_bid(bid_id_prefix, bidder, submitted_at)}
        return {number: Bid(id=bid_id_prefix, bidder=bidder,
                            price=None if offer.price is None else float(offer.price), submitted_at=submitted_at,
                            control_country=self.company.controlling_country or None,
                            answers=dict(offer.answers), supply=offer.supply)
                for number, offer in sorted(self.lots.items())}

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready contents (price as a decimal string), for the CLI and the API; "lots" only when bid by lot."""
        data = {"reference": self.reference, "company": asdict(self.company),
                "price": None if self.price is None else str(self.price),
                "answers": dict(self.answers), "answer_places": dict(self.answer_places),
                "supply": [line.to_dict() for line in self.supply]}
        if self.lots:
            data["lots"] = [offer.to_dict() for _, offer in sorted(self.lots.items())]
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ParsedWorkbook:
        """The workbook to_dict described (how a read in the worker process comes back)."""
        lots = (LotOffer.from_dict(offer) for offer in data.get("lots", ()))
        return cls(data["reference"], CompanyDetails(**data["company"]),
                   None if data["price"] is None else Decimal(data["price"]), data["answers"], data["answer_places"],
                   tuple(map(SupplyLine.from_dict, data["supply"])), {offer.number: offer for offer in lots})
