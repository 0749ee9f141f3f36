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
"""

from scoring.abnormal import AbnormalFlag, AbnormallyLowConfig
from scoring.bids import AbnormalDecision, Bid, Clarification, Judgement, Resolution
from scoring.criteria import Criterion, MetricSource
from scoring.criteria_validation import validate_tree
from scoring.definition import Tender, parse_tender
from scoring.eforms import eforms_fields
from scoring.evaluation import evaluate
from scoring.lot_evaluation import LotsEvaluation, analyse_lot_sensitivity, evaluate_lots
from scoring.problems import InvalidInput, Problem
from scoring.resilience import SupplyLine
from scoring.result import (
    BidResult,
    CriterionResult,
    EvaluationResult,
    GroupResult,
    MissingAnswer,
    ProzorroScore,
    Ranking,
    TieBreak,
)
from scoring.reweighting import reweight
from scoring.rules import RULE_KINDS, PriceRange, Rule, rule_from_params
from scoring.self_assessment import AssessedCriterion, SelfAssessment, self_assess
from scoring.sensitivity import SensitivityReport, analyse_sensitivity

__all__ = [
    "RULE_KINDS", "AbnormalDecision", "AbnormalFlag", "AbnormallyLowConfig", "AssessedCriterion", "Bid",
    "BidResult", "Clarification", "Criterion", "CriterionResult", "EvaluationResult", "GroupResult", "InvalidInput",
    "Judgement", "LotsEvaluation", "MetricSource", "MissingAnswer", "PriceRange", "Problem", "ProzorroScore",
    "Ranking", "Resolution", "Rule", "SelfAssessment", "SensitivityReport", "SupplyLine", "Tender", "TieBreak",
    "analyse_lot_sensitivity", "analyse_sensitivity", "eforms_fields", "evaluate", "evaluate_lots", "parse_tender",
    "reweight", "rule_from_params", "self_assess", "validate_tree",
]
