"""The resilience metrics, supply-chain stages and aggregations by name, in the reader's language.

The scoring library keeps their codes (scoring/resilience/model.py); pages name them here, so the set-up form,
the criteria table and the charts say the same words in every language.
"""
from __future__ import annotations

from collections.abc import Mapping

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

METRIC_NAMES = {"largest_third_country_share": _l("largest third country's share"),
                "hhi": _l("concentration (HHI)"), "eu_share": _l("EU-27 share"),
                "partner_share": _l("partner countries' share"), "recycled_share": _l("recycled share")}
STAGE_NAMES = {"extraction": _l("extraction"), "processing": _l("refining"),
               "manufacturing": _l("component manufacturing")}


def measured_words(source: Mapping[str, str | None]) -> str:
    """What a measured criterion reads: "Measured: EU-27 share at refining, Nd." (a stored criterion's source)."""
    metric = METRIC_NAMES.get(source["metric"], source["metric"])
    stage = STAGE_NAMES.get(source["stage"], source["stage"])
    if source.get("material"):
        return _("Measured: %(metric)s at %(stage)s, %(material)s.", metric=metric, stage=stage,
                 material=source["material"])
    return _("Measured: %(metric)s at %(stage)s, whole product.", metric=metric, stage=stage)
