"""Debrief letters (Directive 2014/24/EU Art. 55): a bidder's own scores against the selected tender's.

The letter's context is cut from the report context and holds only the addressee's bid and the
winner's scores (Art. 55(2)(c): the characteristics and relative advantages of the selected tender
and the name of its tenderer), never another bidder's data or the winner's answers.
"""
from __future__ import annotations

from datetime import datetime

from app.reports import templating
from app.reports.document import Progress, document_meta, furniture, tell
from app.reports.pdf import PdfAssembler
from app.reports.standstill import standstill
from app.reports.wording import gettext as _
from app.reports.wording import writing_in

EQUAL = 1e-9


def debrief_context(report: dict, bid_id: str) -> dict:
    """The letter to the bidder of `bid_id`: its scores, the selected tender's, criterion by criterion (its dates in
    the procedure language, as the report's)."""
    bids = {bid["id"]: bid for bid in report["bids"]}
    own = bids[bid_id]
    winner = next((bid for bid in report["bids"] if bid["rank"] == 1), None)
    return {
        "version": report["version"], "language": report["language"], "tender": report["tender"],
        "status": report["status"],
        "max_total": report["max_total"], "bids_count": len(report["bids"]),
        "admitted_count": sum(bid["is_eligible"] for bid in report["bids"]),
        "bidder": {key: own[key] for key in ("id", "bidder", "rank", "total", "is_eligible", "reasons", "received")},
        "is_winner": winner is not None and winner["id"] == bid_id,
        "winner": {"bidder": winner["bidder"], "total": winner["total"]} if winner else None,
        "rows": comparison_rows(report["leaves"], own, winner),
        "standstill": standstill_of(report),  # its dates written in the report's language
        "reasons": committee_reasons(own),
    }


def comparison_rows(leaves: list[dict], own: dict, winner: dict | None) -> list[dict]:
    """Criterion by criterion, the bidder's weighted points against the selected tender's, and who is ahead
    (Art. 55(2)(c): the relative advantages of the selected tender)."""
    rows = []
    for index, leaf in enumerate(leaves):
        mine, theirs = own["criteria"][index], winner["criteria"][index] if winner else None
        difference = (theirs["weighted"] or 0.0) - (mine["weighted"] or 0.0) if theirs else None
        rows.append({"code": leaf["code"], "name": leaf["name"], "max_weighted": mine["max_weighted"],
                     "own": mine["weighted"], "own_status": mine["status"],
                     "winner": theirs["weighted"] if theirs else None, "difference": difference,
                     "advantage": None if difference is None or abs(difference) < EQUAL
                     else ("winner" if difference > 0 else "bidder")})
    return rows


def committee_reasons(own: dict) -> list[dict]:
    """The committee's consensus justifications of the bidder's judged criteria."""
    return [{"code": c["code"], "name": c["name"], "points": c["consensus"]["points"],
             "justification": c["consensus"]["justification"]}
            for c in own["criteria"] if c["is_judgement"] and c["consensus"]]


def standstill_of(report: dict) -> dict:
    """The standstill period from the day the letter is sent: made available to the bidder through the portal,
    by electronic means, when the evaluation is finalised (the letter's date)."""
    status = report["status"]
    sent = status["finalised"] or status["date"]
    with writing_in(report["language"]):
        return standstill(datetime.fromisoformat(sent["iso"].replace("Z", "+00:00")), report["tender"]["time_zone"])


def render_debrief(letter: dict, progress: Progress | None = None, processes: int = 1) -> bytes:
    """The debrief letter as PDF/A-3b bytes, in the tender's procedure language: one part, so `processes` never
    matters (the renderers share it)."""
    return render_letter("reports/debrief.html", letter, progress)


def render_letter(template: str, letter: dict, progress: Progress | None) -> bytes:
    """A letter of one part rendered from `template` as PDF/A-3b bytes, in the tender's procedure language (the
    one-lot letter here, the letter covering a tenderer's lots in app/reports/lot_debrief.py)."""
    with writing_in(letter["language"]):
        meta = document_meta(letter, _("Debrief letter"))
        title = _("Debrief letter · %(bidder)s", bidder=letter["bidder"]["bidder"])
        with PdfAssembler(templating.stylesheet_text()) as assembler:
            assembler.add_parts([templating.render(template, letter=letter, meta=meta)])
            pdf = assembler.finish(None, furniture(letter, meta, title, plain_first=False), [])
    tell(progress, 1, 1)
    return pdf
