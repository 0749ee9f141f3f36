"""One lot of a tender divided into lots (Directive 2014/24/EU Art. 46(1)), and the one-lot view evaluation reads.

A lot has its own subject, codes, estimated value and bill of materials, and either its own criteria tree or,
the common case, the tender's shared tree. Every rule that scores one set of bids (weights, rules, gates,
abnormally low prices, ranking) works on one lot at a time: `lot_view` gives the plain single-lot Tender those
rules already read, so a tender without lots is simply a tender of one lot and evaluates as before.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from scoring.criteria import Criterion


@dataclass(frozen=True)
class Lot:
    """A lot as the contract notice publishes it; None takes the tender's own value."""

    number: int
    title: str
    description: str = ""
    cn_code: str = ""
    cpv_code: str = ""
    estimated_value: float | None = None
    bill_of_materials: Mapping[str, float] | None = None
    criteria: tuple[Criterion, ...] | None = None
    # The authority's title in each language the tender publishes in ({language: text}), the procedure language's
    # equal to title; empty: one language (tender_files/texts.py).
    titles: Mapping[str, str] = field(default_factory=dict, hash=False)

    def to_dict(self) -> dict[str, Any]:
        """The lot as tender.yaml writes it: only what is set."""
        data: dict[str, Any] = {"number": self.number, "title": self.title}
        if self.titles:
            data["titles"] = dict(self.titles)
        for key in ("description", "cn_code", "cpv_code", "estimated_value"):
            if getattr(self, key):
                data[key] = getattr(self, key)
        if self.bill_of_materials is not None:
            data["bill_of_materials"] = dict(self.bill_of_materials)
        if self.criteria is not None:
            data["criteria"] = [criterion.to_dict() for criterion in self.criteria]
        return data
