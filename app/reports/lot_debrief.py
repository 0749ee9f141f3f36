"""Debrief letters of a tender divided into lots (Directive 2014/24/EU Art. 55 and Art. 46): one letter per
tenderer, covering only the lots it bid for.

For each of its lots the letter gives the tenderer's rank and points, whether it is awarded the lot, and, as the
one-lot letter does (app/reports/debrief.py), its weighted points criterion by criterion against the tender the
lot is awarded to (the selected tender of that lot, which under the lot rules need not be the first of its
ranking), and the committee's reasons for its scores. It holds no data of a lot the tenderer did not bid for, nor
another bidder's beyond the selected tenders' scores.
"""
from __future__ import annotations

from app.reports.debrief import committee_reasons, comparison_rows, render_letter, standstill_of
from app.reports.document import Progress


def lots_debrief_context(report: dict, bid_id: str) -> dict:
    """The letter to the tenderer whose bids are named `bid_id` (the same in every lot it bids for)."""
    lots, own_bids = [], []
    for part, decided in zip(report["lots"], report["award"]["lots"]):
        own = next((bid for bid in part["bids"] if bid["id"] == bid_id), None)
        if own is None:
            continue
        own_bids.append(own)
        winner = next((bid for bid in part["bids"] if bid["bidder"] == decided["winner"]), None)
        lots.append({
            "number": part["number"], "title": part["title"], "max_total": part["max_total"],
            "bids_count": len(part["bids"]), "admitted_count": sum(bid["is_eligible"] for bid in part["bids"]),
            "bidder": {key: own[key] for key in ("rank", "total", "is_eligible", "reasons")},
            "is_winner": winner is not None and winner["id"] == bid_id,
            "winner": {"bidder": winner["bidder"], "total": winner["total"]} if winner else None,
            "why": decided["sentence"],
            "rows": comparison_rows(part["leaves"], own, winner),
            "reasons": committee_reasons(own),
        })
    name = own_bids[0]["bidder"]
    tenderer = next((row for row in report["award"]["tenderers"] if row["tenderer"] == name), None)
    return {
        "version": report["version"], "language": report["language"], "tender": report["tender"],
        "status": report["status"], "lots_count": len(report["lots"]), "award_rules": report["award"]["rules"],
        "bidder": {"id": bid_id, "bidder": name, "received": own_bids[0]["received"]},
        "won": tenderer["won"] if tenderer else [], "award_sentence": tenderer["sentence"] if tenderer else "",
        "lots": lots,
        "standstill": standstill_of(report),
    }


def render_lots_debrief(letter: dict, progress: Progress | None = None, processes: int = 1) -> bytes:
    """The letter as PDF/A-3b bytes in the procedure language: one part, so `processes` never matters."""
    return render_letter("reports/debrief_lots.html", letter, progress)
