"""The report context of a tender divided into lots (Directive 2014/24/EU Art. 46): a part per lot and the award.

Each lot's part is what a one-lot report holds (context.lot_part on the lot's view of the tender, its bids, result
and sensitivity), so the report lays out each lot with the one-lot report's sections. The procedure's parts
(tender, status, committee, opening, audit) are held once. The award across lots is written here in the
procedure language from the award's data (scoring/lot_award.py decides it): the published lot rules
(Art. 46(2)), each lot's winner and why, and the lots each tenderer wins and why. The embedded evaluation JSON
is the one `tender evaluate --json` prints for lots: every lot's result and sensitivity, and the award.
"""
from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from app.lot_rules_words import lot_rules_text
from app.presentation import points_text
from app.reports.context import ReportInputs, evaluation_data, lot_part, shared_context
from app.reports.wording import gettext as _
from app.reports.wording import ngettext, writing_in
from scoring.bids import Bid
from scoring.definition import Tender as TenderDefinition
from scoring.lot_evaluation import LotsEvaluation
from scoring.lots import LotAward, LotsAward, TendererAward
from scoring.resilience_evidence import evidence_by_bid
from scoring.sensitivity import SensitivityReport


@dataclass(frozen=True)
class LotsInputs:
    """What a report of a tender in lots adds to ReportInputs: the bids per lot, their evaluation, sensitivities."""

    bids_by_lot: Mapping[int, Sequence[Bid]]
    evaluation: LotsEvaluation
    sensitivities: Mapping[int, SensitivityReport]


def lots_evaluation_json(tender: TenderDefinition, lots: LotsInputs) -> str:
    """The machine-readable evaluation of every lot and the award, exactly as `tender evaluate --json` prints it."""
    parts = [{"number": lot.number, "title": lot.title,
              **evaluation_data(lot.result, lots.sensitivities[lot.number],
                                evidence_by_bid(tender.lot_view(lot.number), lots.bids_by_lot.get(lot.number, ())))}
             for lot in lots.evaluation.lots]
    return json.dumps({"tender_reference": tender.reference, "lots": parts, "award": lots.evaluation.award.to_dict()},
                      indent=2, ensure_ascii=False)


def build_lots_report_context(inputs: ReportInputs, lots: LotsInputs) -> dict:
    """The report context of a tender in lots, in the procedure language (see the module's docstring)."""
    with writing_in(inputs.meta.language):
        return _lots_context(inputs, lots)


def _lots_context(inputs: ReportInputs, lots: LotsInputs) -> dict:
    tender = inputs.definition
    published = {lot.number: lot for lot in tender.lots}
    parts = []
    for lot in lots.evaluation.lots:
        number, view = lot.number, tender.lot_view(lot.number)
        defined = published.get(number)
        part = lot_part(view, lots.bids_by_lot.get(number, ()), lot.result, lots.sensitivities[number], inputs,
                        anchor=f"lot-{number}-bid")
        parts.append({"number": number, "title": lot.title, "anchor": f"lot-{number}",
                      "description": defined.description if defined else "",
                      "cn_code": defined.cn_code if defined else "", "cpv_code": defined.cpv_code if defined else "",
                      "estimated_value": defined.estimated_value if defined else None,
                      "bill_of_materials": [{"material": m, "kg": kg} for m, kg in view.bill_of_materials.items()],
                      **part})
    award = lots.evaluation.award
    for part in parts:  # who the lot is awarded to, and why, where its ranking is (the first need not win it)
        decided = award.lot(part["number"])
        part["awarded"] = {"winner": decided.winner, "sentence": lot_sentence(decided)}
    tenderers = sorted({bid["bidder"] for part in parts for bid in part["bids"]})
    return {**shared_context(inputs), "lots": parts, "tenderers_count": len(tenderers), "received": received(parts),
            "award": award_context(award, parts),
            "evaluation_json": lots_evaluation_json(tender, lots)}


def received(parts: Sequence[dict]) -> list[dict]:
    """Each tenderer's workbook as received, once (one workbook covers every lot it bids for), in receipt order:
    the tenderer, its lots, the receipt time and the SHA-256 of the exact bytes (Annex IV (a))."""
    rows: dict[str, dict] = {}
    for part in parts:
        for bid in part["bids"]:
            row = rows.setdefault(bid["id"], {"bidder": bid["bidder"], "lots": [], "received": bid["received"],
                                              "sha256": bid["sha256"]})
            row["lots"].append(part["number"])
    return sorted(rows.values(), key=lambda row: ((row["received"] or {}).get("iso", ""), row["bidder"]))


def award_context(award: LotsAward, parts: Sequence[dict]) -> dict:
    """The award across lots in the procedure language: the published rules, each lot's winner and each
    tenderer's lots, each with the sentence that says why."""
    bid_for: dict[str, list[int]] = {}
    for part in parts:
        for bid in part["bids"]:
            bid_for.setdefault(bid["bidder"], []).append(part["number"])
    lots = []
    for part in parts:
        first = part["ranking"][0]["rows"][0] if part["ranking"] and part["ranking"][0]["rows"] else None
        decided = award.lot(part["number"])
        lots.append({"number": part["number"], "title": part["title"], "bids": len(part["bids"]),
                     "first": first["bidder"] if first else None, "first_total": first["total"] if first else None,
                     "winner": decided.winner, "sentence": lot_sentence(decided)})
    return {"rules": lot_rules_text(award.rules), "lots": lots,
            "tenderers": [{"tenderer": t.tenderer, "bid_for": bid_for.get(t.tenderer, []), "won": list(t.lots),
                           "first_in": list(t.first_in), "sentence": tenderer_sentence(t)}
                          for t in award.tenderers],
            "total_score": award.total_score,
            "summary": _("The award gives the lots a total score of %(points)s points, the highest of the awards "
                         "that respect the lot rules.", points=_points(award.total_score))}


def lot_sentence(decided: LotAward) -> str:
    """Why one lot goes to its winner."""
    if decided.winner is None:
        return _("The lot is not awarded: no eligible bid remains under the lot rules.")
    if decided.combination:
        return _("%(winner)s wins the lot with its combined offer for %(lots)s (Directive 2014/24/EU Art. 46(3)).",
                 winner=decided.winner, lots=lots_words(decided.combination))
    if decided.place == 1:
        return _("%(winner)s has the first of the eligible bids, with %(points)s points.", winner=decided.winner,
                 points=_points(decided.score))
    return _("%(winner)s, in place %(place)s of the eligible bids with %(points)s points, wins the lot: every "
             "tenderer ranked above it is already awarded the most lots the lot rules allow.",
             winner=decided.winner, place=decided.place, points=_points(decided.score))


def tenderer_sentence(tenderer: TendererAward) -> str:
    """Which lots one tenderer wins, and why."""
    won, first = tenderer.lots, tenderer.first_in
    if tuple(won) == tuple(first):
        if not won:
            return _("%(tenderer)s has the first eligible bid in no lot and wins none.", tenderer=tenderer.tenderer)
        return _("%(tenderer)s wins %(lots)s, where it has the first of the eligible bids.",
                 tenderer=tenderer.tenderer, lots=lots_words(won))
    if not first:
        return _("%(tenderer)s has the first eligible bid in no lot and wins %(won)s: the tenderers ranked above it "
                 "are already awarded the most lots the lot rules allow.", tenderer=tenderer.tenderer,
                 won=lots_words(won))
    return _("%(tenderer)s has the first of the eligible bids in %(first)s and wins %(won)s: the limit on the lots "
             "one tenderer may be awarded and the published rule that applies it decide.",
             tenderer=tenderer.tenderer, first=lots_words(first), won=lots_words(won) if won else _("no lot"))


def lots_words(numbers: Sequence[int]) -> str:
    """"lot 2", "lots 1, 3" in the procedure language."""
    ordered = sorted(numbers)
    return ngettext("lot %(lots)s", "lots %(lots)s", len(ordered), lots=", ".join(map(str, ordered)))


def _points(score: float | None) -> str:
    return points_text(score)
