"""One bid as the committee reads it after the opening: its supply chain beside the documents that prove it, its
answers, the points the bidder could expect from the self-assessment beside the evaluation's, the original
workbook and the bid's documents. A bid for a tender divided into lots is read lot by lot (Directive 2014/24/EU
Art. 46): each lot it covers has its own price, supply chain, answers and points.

A technical member of a two-envelope tender gets the technical criteria only (eForms BT-539 type
"quality"), so no price, cost or figure derived from them reaches them before the evaluation is
finalised (Directive 2014/24/EU Annex IV (d); app.records.access.sees_prices).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from flask_babel import gettext as _

from app import audit
from app.evaluation.bid_documents import DocumentRow, document_rows, evidence_document
from app.models import Bid, CommitteeMember, Tender, User
from app.presentation import DASH, country_text, material_text, message_text, money_text, share_text, value_text
from app.records.access import sees_prices, workbook_refusal
from app.records.definition import scoring_tender
from app.records.evaluation import scoring_bids
from app.records.facility_claims import facility_claims
from app.records.lot_bids import lot_bids
from app.records.stored_results import evaluation_of, lots_evaluation_of
from app.records.texts import lot_title
from app.records.verification import line_words
from scoring import InvalidInput, self_assess
from scoring.bids import Bid as ScoringBid
from scoring.criteria import Criterion, path_text, walk
from scoring.definition import Tender as TenderDefinition
from scoring.plausibility import facility_stages, plausibility_flags
from scoring.result import BidResult
from scoring.rules.base import OPTION, PRICE, SCORE
from scoring.self_assessment import STAGE_WORDS, SelfAssessment, metric_words

TECHNICAL = "quality"  # eForms BT-539: the criteria that are neither price nor cost
ABBREVIATIONS = {"eu": "EU", "eea": "EEA", "uk": "UK", "us": "US", "iso": "ISO", "ce": "CE", "oem": "OEM"}


@dataclass(frozen=True)
class SupplyRow:
    """One declared supply line in words."""

    material: str
    stage: str
    country: str
    share: str
    recycled: str
    supplier: str
    evidence: str
    document: DocumentRow | None = None  # the uploaded document its evidence names


@dataclass(frozen=True)
class FlagRow:
    """One plausibility flag in words: why it fired, on which line, checked against which source. It changes no
    points: the committee decides whether to ask the bidder (scoring/plausibility.py)."""

    reason: str
    line: str  # "Dy, refining, Estonia, Silmet", or "" for a flag on the whole bid
    source: str


@dataclass(frozen=True)
class CriterionRow:
    """One criterion: what the bid says, what the bidder could expect, what the evaluation gives."""

    code: str
    path: str
    answer: str
    self_assessed: float | None
    committee: float | None
    max_weighted: float


@dataclass(frozen=True)
class BidPart:
    """What the bid offers for one lot (a tender without lots: its only part, of no lot)."""

    lot: int | None
    title: str  # the lot's
    price: str | None  # None when the member may not see it
    supply: tuple[SupplyRow, ...]
    criteria: tuple[CriterionRow, ...]
    is_self_assessed: bool  # False when the stored bid no longer passes the scoring library's checks
    is_evaluated: bool  # False while stored decisions keep the evaluation from running (see the decisions page)
    flags: tuple[FlagRow, ...] = ()


@dataclass(frozen=True)
class BidReading:
    """What the bid page shows to one committee member."""

    bid: Bid
    parts: tuple[BidPart, ...]
    is_technical_only: bool
    download_refusal: str | None
    documents: tuple[DocumentRow, ...]


def read_bid(tender: Tender, seat: CommitteeMember, bid: Bid) -> BidReading:
    """The bid in words for this member, prices left out where they may not see them."""
    shows_prices = sees_prices(tender, seat)
    definition, documents = scoring_tender(tender), document_rows(tender, seat, bid)
    stages = facility_stages(definition.plausibility)  # what its flags compare with the other bids
    if tender.lot_rules is None:
        parts = (_part(definition, None, "", scoring_bids([bid])[0], facility_claims(tender, bid, stages),
                       bid.supply_lines, lambda: evaluation_of(tender).result, shows_prices, documents),)
    else:
        evaluated = _quietly(lambda: lots_evaluation_of(tender))
        titles = {lot.number: lot_title(lot) for lot in definition.lots}
        parts = tuple(_part(definition.lot_view(lot.lot_number), lot.lot_number, titles[lot.lot_number],
                            lot_bids([bid], lot.lot_number)[0],
                            facility_claims(tender, bid, stages, lot.lot_number),
                            [line for line in bid.supply_lines if line.lot_number == lot.lot_number],
                            lambda number=lot.lot_number: evaluated.lot(number) if evaluated else None, shows_prices,
                            documents)
                      for lot in sorted(bid.lots, key=lambda lot: lot.lot_number))
    return BidReading(bid, parts, not shows_prices, workbook_refusal(tender, seat, bid), documents)


def _part(definition: TenderDefinition, lot: int | None, title: str, own: ScoringBid, compared: list[ScoringBid],
          lines, evaluation, shows_prices: bool, documents: tuple[DocumentRow, ...]) -> BidPart:
    """One lot's part of the bid (its scoring bid; its supply lines beside the bid's documents that prove them, its
    lot's evaluation when it runs, its plausibility flags against the reference data, the tender's rules and, for
    published facilities, the other live bids' lines at their materials and stages: `compared`)."""
    assessed = _quietly(lambda: self_assess(definition, own))
    evaluated = _quietly(evaluation)
    result = evaluated.bids_by_id.get(own.id) if evaluated else None
    leaves = [(path, c) for path, c in walk(definition.criteria)
              if c.rule is not None and (shows_prices or c.type == TECHNICAL)]
    rows = tuple(_row(path, criterion, definition, own, assessed, result) for path, criterion in leaves)
    price = money_text(own.price, definition.currency) if shows_prices and own.price is not None else None
    documented = [line for line in own.supply if evidence_document(line.evidence, documents)]
    flags = plausibility_flags(definition, [own], documented={own.id: documented}, compared=compared)[own.id]
    return BidPart(lot, title, price, tuple(_supply_row(line, documents) for line in lines), rows,
                   assessed is not None, result is not None, tuple(_flag_row(flag) for flag in flags))


def download_workbook(tender: Tender, user: User, bid: Bid) -> tuple[str, bytes]:
    """The original workbook as the bidder uploaded it; every download is in the audit log (Annex IV (g))."""
    audit.record("bid.download", bid, tender_id=tender.id, actor=user,
                 details={"bidder": bid.organisation.name, "sha256": bid.workbook_sha256})
    return _download_name(tender.reference, bid.organisation.name), bid.workbook


def option_text(key: str) -> str:
    """A ProZorro option key as a label: "outside_eu" -> "Outside EU", "from_10" -> "From 10"."""
    words = [ABBREVIATIONS.get(word.lower(), word) for word in key.replace("-", "_").split("_") if word]
    text = " ".join(words)
    return text[:1].upper() + text[1:] if text else DASH


def _download_name(reference: str, company: str) -> str:
    """The workbook's download name from the tender and the company, as people name files:
    "BESS-2027-01 Hardanger Battery Systems AS.xlsx" (anything but letters, digits, dot, dash and space becomes _)."""
    return re.sub(r"[^\w.\- ]", "_", f"{reference} {company}", flags=re.ASCII).strip() + ".xlsx"


def _quietly(compute):
    """A figure the stored bid or decisions may keep the library from computing: None then, and the page says so."""
    try:
        return compute()
    except InvalidInput:
        return None


def _row(path, criterion: Criterion, definition: TenderDefinition, bid: ScoringBid,
         assessed: SelfAssessment | None, result: BidResult | None) -> CriterionRow:
    own = next((c for c in assessed.criteria if c.code == criterion.code), None) if assessed else None
    evaluated = next((c for c in result.criteria if c.code == criterion.code), None) if result else None
    value = evaluated.value if evaluated else own.value if own else None
    max_weighted = evaluated.max_weighted if evaluated else own.max_weighted if own else 0.0
    return CriterionRow(criterion.code, path_text(path), _answer_text(criterion, value, definition, bid),
                        own.weighted if own else None, evaluated.weighted if evaluated else None, max_weighted)


def _answer_text(criterion: Criterion, value, definition: TenderDefinition, bid: ScoringBid) -> str:
    """The answer, or the figure a metric criterion reads from the supply chain, with its unit."""
    kind = criterion.rule.value_kind
    if kind == SCORE:
        return _("judged by the committee (scoring page)")
    if kind == PRICE:
        return money_text(bid.price, definition.currency) if bid.price is not None else DASH
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if value is None:
        return DASH
    if kind == OPTION:
        return option_text(str(value))
    if criterion.source is not None and isinstance(value, (int, float)):
        return message_text(metric_words(criterion.source.metric, round(value, 1)))
    return value_text(value)


def _flag_row(flag) -> FlagRow:
    return FlagRow(message_text(flag.message), line_words(flag.line) if flag.line else "", message_text(flag.source))


def _supply_row(line, documents: tuple[DocumentRow, ...]) -> SupplyRow:
    return SupplyRow(material_text(line.material), message_text(STAGE_WORDS.get(line.stage, line.stage)),
                     country_text(line.country), share_text(float(line.share)), share_text(float(line.recycled)),
                     line.supplier, line.evidence, evidence_document(line.evidence, documents))
