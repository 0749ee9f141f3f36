"""The tender definition: the plain dict of tender.yaml parsed into a validated Tender, and back."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any

from scoring.abnormal import AbnormallyLowConfig
from scoring.countries import is_country
from scoring.criteria import WEIGHTINGS, Criterion, walk
from scoring.criteria_parsing import CriteriaParser
from scoring.document_rules import DocumentRules, parse_document_rules
from scoring.lot_definition import Lot
from scoring.lot_parsing import parse_lots
from scoring.lots import LotRules
from scoring.messages import Message
from scoring.performance_conditions import PerformanceConditions, parse_performance
from scoring.plausibility_rules import PlausibilityRules, parse_plausibility
from scoring.problems import InvalidInput, Problem
from scoring.resilience import validate_bill_of_materials, validate_partner_group
from scoring.rules.base import as_number

TIE_BREAK_STEPS = ("quality", "price", "submitted_at", "lots")
DEFAULT_TIE_BREAK = TIE_BREAK_STEPS  # a common chain; Directive 2014/24/EU is silent on ties
AWARD_METHODS = ("weighted_sum", "prozorro")
TOP_LEVEL_KEYS = ("reference", "title", "currency", "weighting", "bill_of_materials", "partner_group",
                  "criteria", "tie_break", "abnormally_low", "eligibility", "award_method", "lots", "lot_rules",
                  "documents", "contract_performance", "plausibility")


@dataclass(frozen=True)
class Tender:
    """A validated tender definition: what is scored, how, and the published rules around it."""

    reference: str
    title: str
    criteria: tuple[Criterion, ...]
    currency: str = "EUR"
    weighting: str = "percent"
    bill_of_materials: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))
    partner_group: frozenset[str] | None = None
    tie_break: tuple[str, ...] = DEFAULT_TIE_BREAK
    abnormally_low: AbnormallyLowConfig = AbnormallyLowConfig()
    excluded_control_countries: frozenset[str] = frozenset()
    award_method: str = "weighted_sum"
    lots: tuple[Lot, ...] = ()  # empty: a tender that is not divided into lots, evaluated as one lot
    lot_rules: LotRules = LotRules()  # Directive 2014/24/EU Art. 46(2) and (3)
    document_rules: DocumentRules = DocumentRules()  # formats and evidence (scoring/document_rules.py)
    contract_performance: PerformanceConditions | None = None  # Directive 2014/24/EU Art. 70; None: none published
    plausibility: PlausibilityRules | None = None  # rates the flags check against (scoring/plausibility_rules.py)
    # True only on a Tender that parse_tender returned, having checked its tree; evaluate checks any other
    # (built by hand, or changed with dataclasses.replace, which leaves this False) itself.
    is_checked: bool = field(default=False, init=False, compare=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """The definition as a plain dict that parse_tender reads back into an equal Tender."""
        data = {"reference": self.reference, "title": self.title, "currency": self.currency,
                "weighting": self.weighting, "bill_of_materials": dict(self.bill_of_materials),
                "criteria": [criterion.to_dict() for criterion in self.criteria],
                "tie_break": list(self.tie_break),
                "abnormally_low": {"below_mean_of_others_pct": self.abnormally_low.below_mean_of_others_pct,
                                   "below_next_pct": self.abnormally_low.below_next_pct},
                "eligibility": {"excluded_control_countries": sorted(self.excluded_control_countries)},
                "award_method": self.award_method}
        if self.partner_group is not None:
            data["partner_group"] = sorted(self.partner_group)
        if self.lots:
            data["lots"] = [lot.to_dict() for lot in self.lots]
            data["lot_rules"] = self.lot_rules.to_dict()
        if self.document_rules.to_dict():
            data["documents"] = self.document_rules.to_dict()
        if self.contract_performance is not None:
            data["contract_performance"] = self.contract_performance.to_dict()
        if self.plausibility is not None:
            data["plausibility"] = self.plausibility.to_dict()
        return data

    def lot_numbers(self) -> tuple[int, ...]:
        """The lots bids are made for: (1,) for a tender not divided into lots."""
        return tuple(lot.number for lot in self.lots) or (1,)

    def lot_view(self, number: int) -> Tender:
        """The single-lot Tender the evaluation of one lot reads: the lot's criteria and bill of materials.

        A tender without lots is its own view of lot 1. The view keeps the tender's checked flag only when
        it takes the checked tree unchanged, or a lot tree parse_tender checked with it.
        """
        if not self.lots and number == 1:
            return self
        lot = next((lot for lot in self.lots if lot.number == number), None)
        if lot is None:
            raise KeyError(f"the tender has no lot {number}")
        view = replace(self, title=f"{self.title}, lot {lot.number}: {lot.title}", lots=(), lot_rules=LotRules(),
                       criteria=self.criteria if lot.criteria is None else lot.criteria,
                       bill_of_materials=self.bill_of_materials if lot.bill_of_materials is None
                       else lot.bill_of_materials)
        object.__setattr__(view, "is_checked", self.is_checked)
        return view


def parse_tender(data: Mapping[str, Any]) -> Tender:
    """Reads a tender definition dict, raising InvalidInput that lists every problem with its place."""
    if not isinstance(data, Mapping):
        raise InvalidInput([Problem("tender", Message("expected a mapping (the contents of tender.yaml)"))])
    reader = _TenderReader(data)
    bill = reader.bill_of_materials()
    fields = {"reference": reader.text("reference"), "title": reader.text("title"),
              "currency": reader.currency(), "weighting": reader.choice("weighting", WEIGHTINGS, "percent"),
              "bill_of_materials": bill, "partner_group": reader.partner_group(),
              "tie_break": reader.tie_break(), "abnormally_low": reader.abnormally_low(),
              "excluded_control_countries": reader.excluded_countries(),
              "award_method": reader.choice("award_method", AWARD_METHODS, "weighted_sum")}
    criteria = CriteriaParser(fields["weighting"] or "percent", bill).parse(data.get("criteria"))
    lots, lot_rules, lot_problems = parse_lots(data, fields["weighting"] or "percent", bill)
    document_rules, document_problems = parse_document_rules(data.get("documents"))
    trees = (criteria.criteria, *(lot.criteria for lot in lots if lot.criteria is not None))
    metric_codes = {node.code for tree in trees for _, node in walk(tree) if node.source is not None}
    performance, performance_problems = parse_performance(data.get("contract_performance"), metric_codes)
    plausibility, plausibility_problems = parse_plausibility(data.get("plausibility"))
    problems = reader.problems + list(criteria.problems) + lot_problems + document_problems + performance_problems \
        + plausibility_problems
    problems += [Problem(str(key), Message("unknown field")) for key in data if key not in TOP_LEVEL_KEYS]
    if problems:
        raise InvalidInput(problems)
    tender = Tender(criteria=criteria.criteria, lots=lots, lot_rules=lot_rules, document_rules=document_rules,
                    contract_performance=performance, plausibility=plausibility, **fields)
    object.__setattr__(tender, "is_checked", True)  # frozen: set once, here, where the tree was checked
    return tender


class _TenderReader:
    """Reads the tender's own fields (everything but the criteria), collecting problems."""

    def __init__(self, data: Mapping[str, Any]):
        self.data = data
        self.problems: list[Problem] = []

    def text(self, key: str) -> str:
        """A required non-empty text."""
        value = self.data.get(key)
        if not isinstance(value, str) or not value.strip():
            message = Message("missing") if value is None else Message("expected a non-empty text")
            self.problems.append(Problem(key, message))
            return ""
        return value

    def choice(self, key: str, options: tuple[str, ...], default: str) -> str | None:
        """One of the options, or the default when absent."""
        value = self.data.get(key, default)
        if value not in options:
            self.problems.append(Problem(key, Message("expected one of %(options)s, got %(value)s",
                                                      options=", ".join(options), value=repr(value))))
            return None
        return value

    def currency(self) -> str:
        """An ISO 4217 code such as EUR."""
        value = self.data.get("currency", "EUR")
        if not isinstance(value, str) or not re.fullmatch(r"[A-Z]{3}", value):
            self.problems.append(Problem("currency", Message("expected a three-letter ISO 4217 code, got %(value)s",
                                                             value=repr(value))))
        return value

    def bill_of_materials(self) -> Mapping[str, float]:
        """{material code: kg per unit}, checked against the reference materials (scoring/resilience.py)."""
        raw = self.data.get("bill_of_materials") or {}
        problems = validate_bill_of_materials(raw) if raw else []
        self.problems += problems
        return MappingProxyType({} if problems else {material: float(mass) for material, mass in raw.items()})

    def partner_group(self) -> frozenset[str] | None:
        """ISO alpha-2 codes outside the EU-27; None means countries.DEFAULT_PARTNER_GROUP."""
        raw = self.data.get("partner_group")
        if raw is None:
            return None
        problems = validate_partner_group(raw)
        self.problems += problems
        return None if problems else frozenset(raw)

    def countries(self, key: str, raw: Any) -> frozenset[str]:
        """A list of ISO 3166-1 alpha-2 codes."""
        if not isinstance(raw, (list, tuple)):
            self.problems.append(Problem(key, Message("expected a list of ISO 3166-1 alpha-2 country codes")))
            return frozenset()
        bad = [code for code in raw if not is_country(code)]
        for code in bad:
            self.problems.append(Problem(key, Message("%(code)s is not an ISO 3166-1 alpha-2 code such as DE",
                                                      code=repr(code))))
        return frozenset(code for code in raw if code not in bad)

    def excluded_countries(self) -> frozenset[str]:
        """eligibility.excluded_control_countries (RESourceEU Action Plan, COM(2025) 945: configurable per tender)."""
        raw = self.data.get("eligibility", {})
        if not isinstance(raw, Mapping) or set(raw) - {"excluded_control_countries"}:
            self.problems.append(Problem("eligibility", Message("expected {excluded_control_countries: [..]}")))
            return frozenset()
        return self.countries("eligibility.excluded_control_countries", raw.get("excluded_control_countries", []))

    def tie_break(self) -> tuple[str, ...]:
        """The published chain: known steps, each once, lots (if any) last."""
        raw = self.data.get("tie_break", list(DEFAULT_TIE_BREAK))
        if not isinstance(raw, (list, tuple)) or any(step not in TIE_BREAK_STEPS for step in raw):
            self.problems.append(Problem("tie_break", Message("expected a list of steps from %(steps)s, got %(value)s",
                                                              steps=", ".join(TIE_BREAK_STEPS), value=repr(raw))))
            return DEFAULT_TIE_BREAK
        if len(set(raw)) != len(raw):
            self.problems.append(Problem("tie_break", Message("a step appears twice")))
        if "lots" in raw and raw[-1] != "lots":
            self.problems.append(Problem("tie_break", Message("drawing lots settles every tie, so it comes last")))
        return tuple(raw)

    def abnormally_low(self) -> AbnormallyLowConfig:
        """Triggers in percent (0 < trigger < 100), null switching one off."""
        raw = self.data.get("abnormally_low", {})
        keys = ("below_mean_of_others_pct", "below_next_pct")
        if not isinstance(raw, Mapping) or set(raw) - set(keys):
            self.problems.append(Problem("abnormally_low", Message("expected a mapping with %(first)s and %(second)s",
                                                                   first=keys[0], second=keys[1])))
            return AbnormallyLowConfig()
        values = {}
        for key in keys:
            value = raw.get(key, getattr(AbnormallyLowConfig, key))
            number = as_number(value)
            if value is not None and (number is None or not 0 < number < 100):
                self.problems.append(Problem(f"abnormally_low.{key}", Message(
                    "expected a percentage between 0 and 100, or null, got %(value)s", value=repr(value))))
            values[key] = number
        return AbnormallyLowConfig(**values)
