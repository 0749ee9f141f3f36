"""The bids of a tender divided into lots (Directive 2014/24/EU Art. 46), built from stored rows lot by lot.

A stored bid covers the lots of its `bid_lot` rows; its bid for one lot is the scoring library's Bid with that
lot's price, answers, supply chain, committee scores, resolutions and decisions (the rows whose lot number is that
lot). Every lot is read in a fixed number of statements, whatever the number of bids.
"""
from __future__ import annotations

from dataclasses import replace

from app.models import Bid, BidLot, Tender
from app.records.definition import scoring_tender
from app.records.evaluation import answers_of, live_bids, scoring_bid, stored_judgements, supply_of
from app.records.resolutions import scoring_resolution
from scoring.bids import AbnormalDecision
from scoring.bids import Bid as ScoringBid
from scoring.definition import Tender as TenderDefinition


def scoring_lot_inputs(tender: Tender) -> tuple[TenderDefinition, dict[int, list[ScoringBid]]]:
    """The stored tender and its live bids per lot, as scoring.lot_evaluation.evaluate_lots reads them."""
    definition = scoring_tender(tender)
    bids = live_bids(tender, with_lots=True)
    return definition, {number: lot_bids(bids, number) for number in definition.lot_numbers()}


def lot_bids(bids: list[Bid], number: int) -> list[ScoringBid]:
    """The bids for one lot, in the order of `bids` (their lots and resolutions loaded)."""
    covering = [(bid, lot) for bid in bids for lot in bid.lots if lot.lot_number == number]
    ids = [bid.id for bid, _ in covering]
    judgements, answers, supply = stored_judgements(ids, number), answers_of(ids, number), supply_of(ids, number)
    return [_in_lot(scoring_bid(bid, judgements[bid.id], answers[bid.id], supply[bid.id]), bid, lot)
            for bid, lot in covering]


def _in_lot(plain: ScoringBid, bid: Bid, lot: BidLot) -> ScoringBid:
    abnormal = AbnormalDecision(lot.abnormal_decision, lot.abnormal_reason or "") if lot.abnormal_decision else None
    return replace(plain, price=float(lot.price) if lot.price is not None else None, exclusion=lot.exclusion_reason,
                   exclusion_concerns_tenderer=lot.exclusion_concerns_tenderer, abnormal_decision=abnormal,
                   resolutions={r.criterion_code: scoring_resolution(r) for r in bid.resolutions
                                if r.lot_number == lot.lot_number})
