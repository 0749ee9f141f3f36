"""`tender evaluate` of a tender divided into lots (Directive 2014/24/EU Art. 46): a result per lot, then the award.

The JSON is {"lots": [each lot's number, title and its evaluation as a one-lot tender prints it], "award": ...};
the text prints each lot's ranking as a one-lot tender's, then who wins which lot and why.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence

import click

from app.reports.context import evaluation_data
from scoring.bids import Bid
from scoring.definition import Tender
from scoring.lot_evaluation import LotsEvaluation, analyse_lot_sensitivity, evaluate_lots
from scoring.lots import lots_text
from scoring.resilience_evidence import evidence_by_bid
from scoring.result import EvaluationResult
from scoring.sensitivity import SensitivityReport


def echo_lots(tender: Tender, bids_by_lot: Mapping[int, Sequence[Bid]], as_json: bool,
              echo_result: Callable[[EvaluationResult, SensitivityReport], None]) -> None:
    """Evaluates every lot with its sensitivity and prints them and the award across lots."""
    evaluation = evaluate_lots(tender, bids_by_lot)
    sensitivities = analyse_lot_sensitivity(tender, evaluation)
    if as_json:
        click.echo(lots_json(tender, bids_by_lot, evaluation, sensitivities))
        return
    for lot in evaluation.lots:
        click.echo(f"Lot {lot.number}: {lot.title}")
        echo_result(lot.result, sensitivities[lot.number])
        click.echo("")
    award = evaluation.award
    click.echo("Award across lots")
    for lot in award.lots:
        click.echo(f"  Lot {lot.lot}: {lot.winner or 'not awarded'}. {lot.reason}")
    for tenderer in award.tenderers:
        if tenderer.reason:
            click.echo(f"  {tenderer.reason}")
        elif tenderer.lots:
            click.echo(f"  {tenderer.tenderer} wins {lots_text(tenderer.lots)}.")
    click.echo(award.explanation)


def lots_json(tender: Tender, bids_by_lot: Mapping[int, Sequence[Bid]], evaluation: LotsEvaluation,
              sensitivities: Mapping[int, SensitivityReport]) -> str:
    """The machine-readable evaluation of every lot and the award across lots."""
    lots = [{"number": lot.number, "title": lot.title,
             **evaluation_data(lot.result, sensitivities[lot.number],
                               evidence_by_bid(tender.lot_view(lot.number), bids_by_lot.get(lot.number, ())))}
            for lot in evaluation.lots]
    return json.dumps({"tender_reference": tender.reference, "lots": lots, "award": evaluation.award.to_dict()},
                      indent=2, ensure_ascii=False)
