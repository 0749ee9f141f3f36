"""World supply baseline: the same metrics on the world shares of scoring/reference/world_shares.csv."""

from __future__ import annotations

import math
from collections.abc import Iterable

from scoring import countries
from scoring.problems import InvalidInput, Problem
from scoring.reference import reference as ref

from .model import METRICS, STAGES, percent_text
from .validation import partner_set


def world_baseline(material: str, stage: str, partner_group: Iterable[str] | None = None) -> dict:
    """METRICS on the world supply shares of world_shares.csv for a material at a stage, with sources (JSON-ready).

    Where the source lists only the top suppliers, the remainder is "rest of world" (XX): it is left out of
    largest_third_country_share, and hhi, eu_share and partner_share are lower bounds (the
    remainder is not broken down by country). Metrics are None where no source gives a confirmed figure.
    """
    partners, problems = partner_set(partner_group)
    if ref.material(material) is None:
        problems.append(Problem("material", f"{material!r} is not a material code of the reference data"))
    if not isinstance(stage, str) or stage not in STAGES:
        problems.append(Problem("stage", f"stage {stage!r} is not one of: {', '.join(STAGES)}"))
    if problems:
        raise InvalidInput(problems)

    basket = ref.world_basket(material, stage)
    rows = ref.world_shares(basket, stage) if basket else ()
    known = [row for row in rows if row.share is not None and row.country != ref.REST_OF_WORLD]
    rest = math.fsum(row.share for row in rows if row.share is not None and row.country == ref.REST_OF_WORLD)
    result: dict = {
        "material": material,
        "material_name": ref.material_name(material),
        "stage": stage,
        "basket": basket,
        "basket_source": ref.world_basket_source(material, stage),
        "data_version": ref.DATA_VERSION,
        "confidence": rows[0].confidence if rows else None,
        "metrics": dict.fromkeys(METRICS),
        "largest_third_country": None,
        "shares": [],
        "rest_of_world": None,
        "lower_bounds": [],
        "sources": sorted({row.source for row in rows}),
        "notes": [row.note for row in rows if row.note and row.country != ref.REST_OF_WORLD],
    }
    if not known:
        result["notes"].append("no confirmed data")
        return result

    eu27 = countries.EU27
    shares = sorted(known, key=lambda row: (-row.share, row.country))
    third = [row for row in shares if row.country not in eu27]
    largest = third[0] if third else None
    metrics = result["metrics"]
    metrics["largest_third_country_share"] = largest.share if largest else 0.0
    metrics["hhi"] = math.fsum(row.share * row.share for row in known)
    metrics["eu_share"] = math.fsum(row.share for row in known if row.country in eu27)
    metrics["partner_share"] = math.fsum(
        row.share for row in known if row.country in partners and row.country not in eu27
    )
    # recycled_share stays None: end-of-life recycling input rates are not confirmed
    result["largest_third_country"] = largest.country if largest else None
    result["shares"] = [
        {
            "country": row.country,
            "name": countries.country_name(row.country),
            "share": row.share,
            "qualifier": row.qualifier,
        }
        for row in shares
    ]
    result["rest_of_world"] = rest
    if largest is not None and largest.qualifier == "more than":
        result["lower_bounds"].append("largest_third_country_share")
        result["notes"].append(
            f"largest_third_country_share: the source gives more than {percent_text(largest.share)}%"
        )
    if rest > 0.0:
        result["lower_bounds"] += ["hhi", "eu_share", "partner_share"]
        result["notes"].append(
            f"hhi, eu_share and partner_share are lower bounds: "
            f"{percent_text(rest)}% rest of world is not broken down by country"
        )
    result["notes"].append("recycled_share: no confirmed data")
    return result
