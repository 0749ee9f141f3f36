"""resbid's scoring engine: pure Python, no web or database imports (tests/test_structure.py enforces it).

Public API:
- parse_tender(data) -> Tender; Tender.to_dict()
- evaluate(tender, bids) -> EvaluationResult (to_dict / from_dict)
- evaluate_lots(tender, bids_by_lot) -> LotsEvaluation: each lot's result and the award across lots
- analyse_sensitivity(tender, result) -> SensitivityReport (informational only)
- self_assess(tender, bid) -> SelfAssessment (one bid, before other bids exist)
- reweight(tender, code, share) -> Tender (what-if weights)
- eforms_fields(tender) -> eForms award-criterion fields per criterion
Every bad input raises InvalidInput listing each Problem with its place.

Each name is imported from its module when first asked for (scoring/exports.py): a command that needs no
evaluation starts without the whole engine (issue 15: a command starts in under 0.5 s).
"""
from __future__ import annotations

from scoring.exports import lazy_exports

__all__, __getattr__ = lazy_exports(__name__, {  # module -> the public names it defines
    "scoring.abnormal": ("AbnormalFlag", "AbnormallyLowConfig"),
    "scoring.bids": ("AbnormalDecision", "Bid", "Clarification", "Judgement", "Resolution"),
    "scoring.criteria": ("Criterion", "MetricSource"),
    "scoring.criteria_validation": ("validate_tree",),
    "scoring.definition": ("Tender", "parse_tender"),
    "scoring.eforms": ("eforms_fields",),
    "scoring.evaluation": ("evaluate",),
    "scoring.lot_evaluation": ("LotsEvaluation", "analyse_lot_sensitivity", "evaluate_lots"),
    "scoring.problems": ("InvalidInput", "Problem"),
    "scoring.resilience": ("SupplyLine",),
    "scoring.result": ("BidResult", "CriterionResult", "EvaluationResult", "GroupResult", "MissingAnswer",
                       "ProzorroScore", "Ranking", "TieBreak"),
    "scoring.reweighting": ("reweight",),
    "scoring.rules": ("RULE_KINDS", "PriceRange", "Rule", "rule_from_params"),
    "scoring.self_assessment": ("AssessedCriterion", "SelfAssessment", "self_assess"),
    "scoring.sensitivity": ("SensitivityReport", "analyse_sensitivity"),
})
