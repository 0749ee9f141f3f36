"""The resilience figures behind a bid's measured criteria and its legal-line flags, for machine-readable output.

An officer or auditor checking a resilience score needs what the rule read, not only the number it produced:
for each measured criterion, the published handling, each material's figures at the stage, the mass covered
and what was left undeclared; and the CRMA Art. 5(1) and NZIA Art. 25 flags of the declaration.
"""

from __future__ import annotations

from collections.abc import Iterable

from scoring.bids import Bid
from scoring.criteria import MetricSource, walk
from scoring.definition import Tender
from scoring.resilience import METRICS, ResilienceProfile, SupplyLine, compute_profile, read_metric


def resilience_evidence(tender: Tender, supply: Iterable[SupplyLine]) -> dict | None:
    """JSON-ready {"criteria": {code: figures}, "flags": [...]}; None when no criterion is measured.

    Raises InvalidInput when the declaration cannot be read (the evaluation refuses it too).
    """
    measured = [node for _, node in walk(tender.criteria) if node.source is not None]
    if not measured:
        return None
    profile = compute_profile(supply, tender.bill_of_materials, tender.partner_group)
    return {"criteria": {node.code: _criterion(profile, node.source) for node in measured},
            "flags": [flag.to_dict() for flag in profile.flags]}


def _criterion(profile: ResilienceProfile, source: MetricSource) -> dict:
    """What one criterion read: its handling, value, covered mass, undeclared materials and each material's metrics."""
    reading = read_metric(profile, source.metric, source.stage, source.material, source.aggregate,
                          source.undeclared)
    stage = profile.stages[source.stage]
    materials = (source.material,) if source.material else tuple(profile.bill_of_materials)
    return {
        "metric": source.metric, "stage": source.stage, "material": source.material,
        "aggregate": None if source.material else source.aggregate, "undeclared": source.undeclared,
        "value": reading.value, "covered_mass_share": reading.covered_mass_share,
        "undeclared_materials": list(reading.undeclared), "note": reading.note,
        "materials": {code: _figures(stage.materials.get(code)) for code in materials},
    }


def _figures(metrics) -> dict | None:
    """A material's METRICS and its largest third country; None where it was not declared."""
    if metrics is None:
        return None
    return {**{metric: metrics.value(metric) for metric in METRICS},
            "largest_third_country": metrics.largest_third_country}


def evidence_by_bid(tender: Tender, bids: Iterable[Bid]) -> dict[str, dict | None]:
    """resilience_evidence of each bid, by bid id."""
    return {bid.id: resilience_evidence(tender, bid.supply) for bid in bids}
