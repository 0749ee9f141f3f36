"""Tender rows <-> the tender definition (the mapping tender.yaml holds), in one place.

The web editor, the folder import/export and the evaluation all go through these two functions,
so a tender scored from the database and from its exported folder is the same tender.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from typing import Any, TypeVar

from sqlalchemy import inspect

from app.models import Criterion, Organisation, Tender, TenderLot
from app.models.tender import DRAFT
from app.presentation import sentence_text
from app.records.memo import app_memo
from scoring.criteria import WHOLE, share_of_total
from scoring.criteria import Criterion as CriterionDefinition
from scoring.definition import Tender as TenderDefinition
from scoring.definition import parse_tender
from scoring.exact import plain_number
from scoring.lot_definition import Lot as LotDefinition
from scoring.plausibility import facility_rule, recycled_rule
from scoring.plausibility_rules import parse_plausibility
from tender_files.metadata import TenderMeta


def meta_of(tender: Tender) -> TenderMeta:
    """The procedural metadata of a stored tender."""
    return TenderMeta(
        reference=tender.reference, title=tender.title, subject=tender.subject, cpv_code=tender.cpv_code,
        cn_code=tender.cn_code, authority_name=tender.authority.name, authority_country=tender.authority.country,
        submission_deadline_at=tender.submission_deadline_at, opening_at=tender.opening_at,
        estimated_value=tender.estimated_value, currency=tender.currency, time_zone=tender.time_zone,
        is_two_envelope=tender.is_two_envelope, language=tender.language,
        languages=tuple(tender.languages or ()), titles=dict(tender.titles or {}),
    )


def definition_of(tender: Tender) -> dict[str, Any]:
    """The scoring part of tender.yaml for a stored tender (what scoring.parse_tender reads)."""
    trees = _trees(tender.criteria)
    tree = trees.get(None) or _Tree([])
    data: dict[str, Any] = {
        "reference": tender.reference,
        "title": tender.title,
        "currency": tender.currency,
        "weighting": tender.weighting,
        "bill_of_materials": dict(tender.bill_of_materials),
        "criteria": [_node(criterion, tree) for criterion in tree.roots()],
        "tie_break": list(tender.tie_break),
        "abnormally_low": dict(tender.abnormally_low),
        "eligibility": dict(tender.eligibility),
        "award_method": tender.award_method,
    }
    if tender.partner_group is not None:
        data["partner_group"] = list(tender.partner_group)
    if tender.lot_rules is not None:  # a tender divided into lots (its lots read only then)
        data["lots"] = [_lot(lot, trees.get(lot.number)) for lot in tender.lots]
        data["lot_rules"] = dict(tender.lot_rules)
    if tender.document_rules:
        data["documents"] = dict(tender.document_rules)
    if tender.contract_performance is not None:
        data["contract_performance"] = dict(tender.contract_performance)
    if tender.plausibility_rules is not None:
        data["plausibility"] = dict(tender.plausibility_rules)
    return data


def recycled_rule_text(tender: Tender) -> str:
    """The rates the tender publishes for its plausibility flags, as its page states them; "" when none (stored
    once checked, by an import)."""
    rule = recycled_rule(parse_plausibility(tender.plausibility_rules)[0])
    return sentence_text(rule) if rule else ""


def facility_rule_text(tender: Tender) -> str:
    """The facility shares the tender publishes for its plausibility flags, as its page states them; "" when none."""
    rule = facility_rule(parse_plausibility(tender.plausibility_rules)[0])
    return sentence_text(rule) if rule else ""


def _trees(criteria: list[Criterion]) -> dict[int | None, _Tree]:
    """The shared tree (None) and each lot's own tree, by lot number."""
    by_lot: dict[int | None, list[Criterion]] = defaultdict(list)
    for criterion in criteria:
        by_lot[criterion.lot_number].append(criterion)
    return {number: _Tree(rows) for number, rows in by_lot.items()}


def _lot(row: TenderLot, tree: _Tree | None) -> dict[str, Any]:
    """A lot as tender.yaml holds it (Directive 2014/24/EU Art. 46(1)): only what is set."""
    lot = LotDefinition(row.number, row.title, row.description, row.cn_code, row.cpv_code,
                        None if row.estimated_value is None else float(row.estimated_value), row.bill_of_materials,
                        titles=row.titles or {})
    data = lot.to_dict()
    if tree is not None:
        data["criteria"] = [_node(criterion, tree) for criterion in tree.roots()]
    return data


T = TypeVar("T")

PARSED_KEPT = 64  # published tenders whose parsed definition each app keeps


def scoring_tender(tender: Tender) -> TenderDefinition:
    """The stored tender as the scoring library reads it, parsed (its tree checked) once per version of its row.

    A draft is parsed afresh: editing its criteria changes their rows, not the version of the tender's own.
    Raises InvalidInput, listing every problem, for a definition that cannot be parsed (a draft's).
    """
    return per_frozen_version(tender, "resbid.parsed_definitions", PARSED_KEPT,
                              lambda: parse_tender(definition_of(tender)))


def per_frozen_version(tender: Tender, memo: str, size: int, build: Callable[[], T]) -> T:
    """`build()`, kept in the app's cache `memo` per (id, row version) of a published tender, else built afresh.

    Publication freezes the definition (every set-up verb refuses anything but a draft) and a corrigendum gives
    the row a new version, so what is made of a published row's id and version never changes and every request
    shares it; the value must be immutable.
    """
    if not _is_frozen(tender):
        return build()
    return app_memo(memo, size).get_or_build((tender.id, tender.version), build)


def _is_frozen(tender: Tender) -> bool:
    """A published tender as stored: a row not yet written, or with changes pending, has no version for them."""
    state = inspect(tender)
    return tender.status != DRAFT and state.persistent and not state.modified


def tender_yaml_of(tender: Tender) -> dict[str, Any]:
    """The whole tender.yaml mapping: metadata first, then the scoring definition."""
    return {**meta_of(tender).to_dict(), **definition_of(tender)}


def store(tender: Tender, meta: TenderMeta, definition: TenderDefinition, authority: Organisation) -> None:
    """Write a validated definition into a tender row, replacing its criteria tree."""
    store_meta(tender, meta, authority)
    data = definition.to_dict()
    tender.weighting = data["weighting"]
    tender.bill_of_materials = data["bill_of_materials"]
    tender.partner_group = data.get("partner_group")
    tender.tie_break = data["tie_break"]
    tender.abnormally_low = data["abnormally_low"]
    tender.eligibility = data["eligibility"]
    tender.award_method = data["award_method"]
    tender.lot_rules = data.get("lot_rules")
    tender.document_rules = data.get("documents")
    tender.contract_performance = data.get("contract_performance")
    tender.plausibility_rules = data.get("plausibility")
    tender.criteria.clear()
    for position, criterion in enumerate(definition.criteria):
        _add_rows(tender, criterion, None, position, WHOLE, None)
    tender.lots = [TenderLot(number=lot.number, title=lot.title, titles=_aligned(tender, lot.title, dict(lot.titles)),
                             description=lot.description, cn_code=lot.cn_code,
                             cpv_code=lot.cpv_code, estimated_value=_decimal(lot.estimated_value),
                             bill_of_materials=None if lot.bill_of_materials is None else dict(lot.bill_of_materials))
                   for lot in definition.lots]
    for lot in definition.lots:
        for position, criterion in enumerate(lot.criteria or ()):
            _add_rows(tender, criterion, None, position, WHOLE, lot.number)


def store_meta(tender: Tender, meta: TenderMeta, authority: Organisation) -> None:
    """Write the procedural metadata into a tender row (the web form and the import share it)."""
    tender.reference = meta.reference
    tender.title = meta.title
    tender.subject = meta.subject
    tender.cpv_code = meta.cpv_code
    tender.cn_code = meta.cn_code
    tender.authority = authority
    tender.estimated_value = meta.estimated_value
    tender.currency = meta.currency
    tender.time_zone = meta.time_zone
    tender.submission_deadline_at = meta.submission_deadline_at
    tender.opening_at = meta.opening_at
    tender.is_two_envelope = meta.is_two_envelope
    tender.language = meta.language
    tender.languages = list(meta.languages) if len(meta.languages) > 1 else None
    tender.titles = _aligned(tender, meta.title, meta.titles)
    for row in tender.criteria:  # a language no longer published drops its texts; a new procedure language
        row.names = _aligned(tender, row.name, row.names)  # takes its text from the map, else keeps the plain one
        row.name = (row.names or {}).get(tender.language, row.name)
        row.descriptions = _aligned(tender, row.description, row.descriptions)
        row.description = (row.descriptions or {}).get(tender.language, row.description)
    for lot in tender.lots:
        lot.titles = _aligned(tender, lot.title, lot.titles)
        lot.title = (lot.titles or {}).get(tender.language, lot.title)


def _aligned(tender: Tender, plain: str, texts: dict[str, str] | None) -> dict[str, str] | None:
    """A text per published language, the procedure language's included; None for a tender in one language."""
    if not tender.languages or not texts:
        return None
    kept = {code: text for code, text in texts.items() if code in tender.languages and text}
    return {tender.language: plain, **kept} if tender.language not in kept else kept


class _Tree:
    """The criteria tree from the one query of the tender's criteria: no lazy load of each criterion's children.

    Rows not yet flushed have no parent_id: their children lists, already loaded, say where they go."""

    def __init__(self, criteria: list[Criterion]):
        self.loaded = {id(c): list(c.children) for c in criteria if "children" not in inspect(c).unloaded}
        nested = {id(child) for children in self.loaded.values() for child in children}
        self.by_parent: dict[int | None, list[Criterion]] = defaultdict(list)
        for criterion in criteria:
            if id(criterion) not in nested:
                self.by_parent[criterion.parent_id].append(criterion)

    def roots(self) -> list[Criterion]:
        return _in_order(self.by_parent.get(None, []))

    def children(self, row: Criterion) -> list[Criterion]:
        loaded = self.loaded.get(id(row))
        return _in_order(loaded if loaded is not None else self.by_parent.get(row.id, []) if row.id else [])


def _in_order(rows: list[Criterion]) -> list[Criterion]:
    return sorted(rows, key=lambda c: c.position)


def _node(row: Criterion, tree: _Tree) -> dict[str, Any]:
    node: dict[str, Any] = {"code": row.code, "name": row.name, "type": row.eforms_type}
    if row.names:
        node["names"] = dict(row.names)
    if row.description:
        node["description"] = row.description
    if row.descriptions:
        node["descriptions"] = dict(row.descriptions)
    for key in ("weight", "share_of_total", "max_points", "min_score"):
        value = getattr(row, key)
        if value is not None:
            node[key] = plain_number(value)
    if row.source:
        node["source"] = dict(row.source)
    if row.rule_kind:
        node["rule"] = {"kind": row.rule_kind, **row.rule_params}
    children = tree.children(row)
    if children:
        node["children"] = [_node(child, tree) for child in children]
    return node


def _add_rows(tender: Tender, criterion: CriterionDefinition, parent: Criterion | None, position: int,
              parent_share: Fraction, lot_number: int | None) -> None:
    """Store a node and its subtree (of the shared tree, or of a lot's own: `lot_number`); a weight given as a
    share of the total is stored as that share."""
    node = criterion.to_dict(parent_share)
    rule = dict(node.get("rule") or {})
    row = Criterion(
        code=criterion.code, name=criterion.name, description=criterion.description, eforms_type=criterion.type,
        names=dict(criterion.names) or None, descriptions=dict(criterion.descriptions) or None,
        weight=_decimal(node.get("weight")), share_of_total=_decimal(node.get("share_of_total")),
        max_points=_decimal(criterion.max_points), min_score=_decimal(criterion.min_score),
        rule_kind=rule.pop("kind", None), rule_params=rule, source=node.get("source"), position=position,
        lot_number=lot_number,
    )
    tender.criteria.append(row)
    if parent is not None:
        parent.children.append(row)
    share = share_of_total(criterion.weight or Fraction(0), parent_share)
    for child_position, child in enumerate(criterion.children):
        _add_rows(tender, child, row, child_position, share, lot_number)


def _decimal(value: Fraction | float | None) -> Decimal | None:
    """A weight as the database stores it: the decimal the author wrote (33.3, not its binary approximation)."""
    return None if value is None else Decimal(str(plain_number(value)))
