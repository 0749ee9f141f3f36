"""The evaluation report's context: one JSON-safe dict holding everything the report shows.

Built from plain inputs (a stored tender and a tender folder both reduce to ReportInputs), so the
database, the folder and the benchmark give the same report for the same data. Its canonical JSON
is the render cache key: the same data always yields the same report. It is written in the tender's procedure
language (its dates and words; the key so differs per language), except the embedded evaluation JSON, which is
data and the same in every language.
"""
from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone

from app.presentation import UTC, message_text, placed_text, time_text
from app.reports.resilience import bid_resilience, chart_lines, source_text, world_rows
from app.reports.wording import ngettext, writing_in
from app.scoring_words import readable_problems, readable_result, readable_sensitivity
from scoring import analyse_sensitivity, evaluate
from scoring.bids import Bid
from scoring.criteria import effective_weights, path_text, walk
from scoring.definition import Tender as TenderDefinition
from scoring.exact import plain_number
from scoring.ranking import STEP_WORDS
from scoring.resilience_evidence import evidence_by_bid
from scoring.result import EvaluationResult
from scoring.rules.judgement import JudgementRule
from scoring.sensitivity import SensitivityReport
from tender_files.metadata import TenderMeta
from tender_files.time_limits import GROUNDS

CONTEXT_VERSION = 3  # 2: written in the procedure language, which it names; 3: with the verification of claims
MATRIX_COLUMNS = 7  # criteria per score-matrix block: a portrait page fits seven number columns
FINALISED = "finalised"
FOLDER = "folder"


@dataclass(frozen=True)
class Receipt:
    """What was received for one bid: the file's name and the SHA-256 of its exact bytes."""

    filename: str
    sha256: str


@dataclass(frozen=True)
class ReportInputs:
    """Everything a report is made from; events are JSON-safe dicts (see sources.event_row)."""

    meta: TenderMeta
    definition: TenderDefinition
    bids: Sequence[Bid]
    receipts: Mapping[str, Receipt]
    status: str  # the tender's lifecycle status, or FOLDER for a tender folder outside the database
    committee: Sequence[dict] = ()
    events: Sequence[dict] = ()
    finalised_at: datetime | None = None
    checkpoint: dict | None = None  # the signed audit checkpoint that vouches for the events (sources.checkpoint_row)
    # The stored evaluation of these bids (app/records/stored_results.py); None: the report evaluates them itself.
    evaluated: tuple[EvaluationResult, SensitivityReport] | None = None
    # The verification of claims before the award (app/reports/verification.py); none for a tender folder.
    verifications: Sequence[dict] = ()


def evaluation_json(result: EvaluationResult, sensitivity: SensitivityReport,
                    resilience: Mapping[str, dict | None]) -> str:
    """The machine-readable evaluation exactly as `tender evaluate --json` prints it: the result, each bid with the
    resilience figures behind its measured criteria and its flags (scoring.resilience_evidence), the sensitivity."""
    return json.dumps(evaluation_data(result, sensitivity, resilience), indent=2, ensure_ascii=False)


def evaluation_data(result: EvaluationResult, sensitivity: SensitivityReport,
                    resilience: Mapping[str, dict | None]) -> dict:
    """evaluation_json's contents as a JSON-safe dict (one lot's part of a tender divided into lots)."""
    data = result.to_dict()
    for bid in data["bids"]:
        bid["resilience"] = resilience.get(bid["bid_id"])
    return {**data, "sensitivity": sensitivity.to_dict()}


def _evaluate(definition: TenderDefinition, bids: Sequence[Bid]) -> tuple[EvaluationResult, SensitivityReport]:
    result = evaluate(definition, bids)
    return result, analyse_sensitivity(definition, result)


def build_report_context(inputs: ReportInputs) -> dict:
    """Evaluate, test the sensitivity and gather every section's data into one JSON-safe dict, in the procedure
    language."""
    with writing_in(inputs.meta.language):
        return _report_context(inputs)


def _report_context(inputs: ReportInputs) -> dict:
    result, sensitivity = inputs.evaluated or _evaluate(inputs.definition, inputs.bids)
    return {**shared_context(inputs),
            **lot_part(inputs.definition, inputs.bids, result, sensitivity, inputs),
            "evaluation_json": evaluation_json(result, sensitivity, evidence_by_bid(inputs.definition, inputs.bids))}


def shared_context(inputs: ReportInputs) -> dict:
    """The parts of the context that are the procedure's, not one lot's: the tender, its status, committee,
    opening record and audit trail."""
    return {
        "version": CONTEXT_VERSION,
        "language": inputs.meta.language,
        "tender": _tender(inputs.meta, inputs.definition),
        "publication": _publication(inputs.events),
        "status": _status(inputs),
        "chart_lines": chart_lines(),
        "committee": list(inputs.committee),
        "opening": [{**event, "summary": _details_text(event["details"])}
                    for event in inputs.events if "open" in event["action"]],
        "audit": _audit(inputs.events, inputs.checkpoint),
        "verifications": list(inputs.verifications),
    }


def lot_part(definition: TenderDefinition, scored: Sequence[Bid], result: EvaluationResult,
             sensitivity: SensitivityReport, inputs: ReportInputs, anchor: str = "bid") -> dict:
    """The parts of the context that one lot's evaluation gives (a tender without lots is its own lot 1): its
    criteria and rules, bids, ranking and sensitivity; each bid's anchor is `anchor`-1, -2, ..."""
    names = {bid.bid_id: bid.bidder for bid in result.bids}
    leaves = [(path, c) for path, c in walk(definition.criteria) if not c.is_group]
    scoring_bids = {bid.id: bid for bid in scored}
    world = world_rows(definition)
    readable = readable_result(result, definition)  # words only: the figures and the JSON below are the result's
    bids = [_bid(f"{anchor}-{index}", bid, scoring_bids[bid.bid_id], inputs, leaves, definition, world)
            for index, bid in enumerate(readable.bids, start=1)]
    return {
        "criteria": _criteria(definition),
        "rules": {"tie_break": [STEP_WORDS[step] for step in definition.tie_break],
                  "below_mean_of_others_pct": definition.abnormally_low.below_mean_of_others_pct,
                  "below_next_pct": definition.abnormally_low.below_next_pct,
                  "excluded_control_countries": sorted(definition.excluded_control_countries)},
        "leaves": [{"code": c.code, "name": c.name, "path": path_text(path)} for path, c in leaves],
        "matrix_blocks": [list(range(start, min(start + MATRIX_COLUMNS, len(leaves))))
                          for start in range(0, len(leaves), MATRIX_COLUMNS)],
        "max_total": result.max_total,
        "bids": bids,
        "received_order": sorted(range(len(bids)), key=lambda i: ((bids[i]["received"] or {}).get("iso", ""), i)),
        "ranking": _ranking(result, names),
        "is_result_final": result.is_final,
        "needs_resolution": [f"{names[m.bid_id]}: {m.path}" for m in result.needs_resolution],
        "awaiting_decision": [names[bid_id] for bid_id in result.awaiting_decision],
        "problems": [placed_text(problem) for problem in readable_problems(result, definition)],
        "sensitivity": _sensitivity(readable_sensitivity(sensitivity, result, definition), names),
    }


def moment(value: datetime | None, time_zone: str) -> dict | None:
    """A UTC instant as shown in reports: in UTC and in the tender's time zone."""
    if value is None:
        return None
    return {"iso": value.astimezone(timezone.utc).isoformat().replace("+00:00", "Z"),
            "utc": time_text(value, UTC, seconds=True), "local": time_text(value, time_zone, seconds=True)}


def _tender(meta: TenderMeta, definition: TenderDefinition) -> dict:
    zone = meta.time_zone
    return {"reference": meta.reference, "title": meta.title, "subject": meta.subject,
            "authority": meta.authority_name, "authority_country": meta.authority_country,
            "cpv_code": meta.cpv_code, "cn_code": meta.cn_code, "currency": meta.currency,
            "estimated_value": float(meta.estimated_value) if meta.estimated_value is not None else None,
            "time_zone": zone, "deadline": moment(meta.submission_deadline_at, zone),
            "opening": moment(meta.opening_at, zone), "is_two_envelope": meta.is_two_envelope,
            "weighting": definition.weighting, "award_method": definition.award_method,
            "bill_of_materials": [{"material": m, "kg": kg} for m, kg in definition.bill_of_materials.items()]}


def _publication(events: Sequence[dict]) -> dict | None:
    """The ground recorded for a time limit shorter than Directive 2014/24/EU Art. 27 allows, from the publish event."""
    for event in events:
        details = event["details"]
        if event["action"] == "tender.publish" and details.get("ground") in GROUNDS:
            ground = GROUNDS[details["ground"]]
            return {"days": details.get("time_limit_days"), "ground": message_text(ground.words),
                    "article": message_text(ground.article), "reason": details.get("reason", "")}
    return None


def _status(inputs: ReportInputs) -> dict:
    """Final or draft, and the date the document carries: fixed by the data, never by the clock."""
    zone = inputs.meta.time_zone
    is_final = inputs.status == FINALISED and inputs.finalised_at is not None
    if is_final:
        dated = inputs.finalised_at
    elif inputs.events:
        dated = datetime.fromisoformat(max(event["at"] for event in inputs.events))
    else:
        dated = inputs.meta.opening_at
    return {"code": inputs.status, "is_final": is_final, "is_folder": inputs.status == FOLDER,
            "date": moment(dated, zone), "finalised": moment(inputs.finalised_at, zone)}


def _criteria(definition: TenderDefinition) -> list[dict]:
    shares = effective_weights(definition.criteria, definition.weighting)
    rows = []
    for path, criterion in walk(definition.criteria):
        rule = criterion.rule
        rows.append({
            "depth": len(path), "code": criterion.code, "name": criterion.name, "type": criterion.type,
            "description": criterion.description, "is_group": criterion.is_group,
            "weight": _plain(criterion.weight if definition.weighting == "percent" else criterion.max_points),
            "share": _plain(shares.get(criterion.code)), "min_score": criterion.min_score,
            "rule": None if rule is None else {"kind": rule.kind, "describe": message_text(rule.describe()),
                                               "formula": rule.formula(), "warning": message_text(rule.warning),
                                               "is_gate": rule.is_gate},
            "source": source_text(criterion.source),
        })
    return rows


def _plain(value):
    """An exact weight as the JSON context holds it (25, 9.99), or None."""
    return None if value is None else plain_number(value)


def _bid(anchor: str, result, bid: Bid, inputs: ReportInputs, leaves, definition, world) -> dict:
    receipt = inputs.receipts.get(bid.id)
    zone = inputs.meta.time_zone
    criteria = []
    for (_path, leaf), row in zip(leaves, result.criteria):
        judgement = bid.judgements.get(leaf.code)
        criteria.append({
            "code": row.code, "name": leaf.name, "status": row.status, "value": row.value, "points": row.points,
            "max_points": row.max_points, "weighted": row.weighted, "max_weighted": row.max_weighted,
            "note": message_text(row.note), "is_disagreement": row.is_disagreement,
            "is_judgement": isinstance(leaf.rule, JudgementRule),
            "evaluators": [{"name": name, "points": points, "justification": text}
                           for name, (points, text) in sorted((judgement.scores if judgement else {}).items())],
            "consensus": ({"points": judgement.consensus[0], "justification": judgement.consensus[1]}
                          if judgement and judgement.consensus else None),
        })
    return {
        "anchor": anchor, "id": result.bid_id, "bidder": result.bidder, "rank": result.rank,
        "total": result.total, "quality_total": result.quality_total, "price": result.price,
        "is_eligible": result.is_eligible, "reasons": [message_text(reason) for reason in result.reasons],
        "needs_resolution": list(result.needs_resolution), "provisional_max": result.provisional_max,
        "received": moment(bid.submitted_at, zone),
        "filename": receipt.filename if receipt else None, "sha256": receipt.sha256 if receipt else None,
        "exclusion": bid.exclusion, "criteria": criteria,
        "groups": [{"code": g.code, "weighted": g.weighted, "max_weighted": g.max_weighted,
                    "min_score": g.min_score, "is_gate_passed": g.is_gate_passed} for g in result.groups],
        "abnormal": {"is_flagged": result.abnormal.is_flagged,
                     "reasons": [message_text(reason) for reason in result.abnormal.reasons],
                     "below_mean": result.abnormal.below_mean_of_others_pct,
                     "below_next": result.abnormal.below_next_pct, "decision": result.abnormal.decision,
                     "decision_reason": result.abnormal.decision_reason},
        "resilience": bid_resilience(definition, bid.supply, world),
    }


def _ranking(result: EvaluationResult, names: Mapping[str, str]) -> list[dict]:
    return [{"method": ranking.method, "is_binding": ranking.is_binding,
             "rows": [{"position": position, "bidder": names[bid_id], "total": result.bid(bid_id).total,
                       "price": result.bid(bid_id).price}
                      for bid_id, position in zip(ranking.order, ranking.positions)],
             "tie_breaks": [tie.explanation for tie in ranking.tie_breaks]}
            for ranking in result.rankings]


def _sensitivity(report: SensitivityReport, names: Mapping[str, str]) -> dict:
    def name(bid_id):
        return names.get(bid_id, bid_id) if bid_id else None

    return {
        "summary": message_text(report.summary), "winner": name(report.winner), "draws": report.draws,
        "seed": report.seed, "concentration": report.concentration,
        "weights": [{"path": w.path, "weight": w.weight, "falls_below": w.falls_below,
                     "falls_below_winner": name(w.falls_below_winner), "rises_above": w.rises_above,
                     "rises_above_winner": name(w.rises_above_winner), "smallest_change": w.smallest_change}
                    for w in report.weights],
        "first_place": [{"bidder": name(f.bid_id), "probability": f.probability} for f in report.first_place],
        "price_formulas": [{"kind": p.kind, "description": message_text(p.description),
                            "changes": message_text(p.changes),
                            "is_published": p.is_published, "leaders": [name(bid_id) for bid_id in p.order[:3]]}
                           for p in report.price_formulas],
        "price_note": message_text(report.price_note),
    }


def _details_text(details: Mapping) -> str:
    """An event's details in one line; lists of records (the opened bids) are counted, not spelled out."""
    def text(value):
        if isinstance(value, list):
            return (", ".join(map(str, value)) if all(not isinstance(item, (dict, list)) for item in value)
                    else ngettext("%(num)s entry (see section 3)", "%(num)s entries (see section 3)", len(value)))
        return str(value)

    # the actor is named in its own column; internal ids (user_id, bid_id) mean nothing to a reader
    return "; ".join(f"{key.replace('_', ' ')}: {text(value)}" for key, value in sorted(details.items())
                     if not key.endswith("_id"))


def _audit(events: Sequence[dict], checkpoint: dict | None) -> dict:
    """Counts per action, the event whose hash anchors this record in the chain, and the checkpoint signing it."""
    counts = Counter(event["action"] for event in events)
    first = {event["action"]: event["at_text"] for event in reversed(events)}
    last = {event["action"]: event["at_text"] for event in events}
    anchor = events[-1] if events else None
    return {"count": len(events),
            "by_action": [{"action": action, "count": count, "first": first[action], "last": last[action]}
                          for action, count in sorted(counts.items())],
            "anchor": None if anchor is None else {key: anchor[key] for key in ("seq", "sha256", "action", "at_text")},
            "checkpoint": checkpoint,
            "is_covered": bool(checkpoint and anchor and checkpoint["count"] >= anchor["seq"])}
