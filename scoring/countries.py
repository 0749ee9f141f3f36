"""Countries: ISO 3166-1 alpha-2 codes (pycountry), display names, and the EU country groups.

Groups come from scoring/reference/country_groups.csv:
- EU27: the 27 Member States (Treaty on European Union Art. 52).
- EEA_NON_EU: Iceland, Liechtenstein, Norway; EEA = EU27 | EEA_NON_EU.
- CRM_PARTNERSHIP: countries with an EU raw-materials strategic partnership (MoU), a configurable default.
- DEFAULT_PARTNER_GROUP = EEA_NON_EU | CRM_PARTNERSHIP. It does NOT include the EU-27, so the
  resilience metrics eu_share and partner_share never count the same supply twice.

The module constants load lazily (PEP 562 __getattr__), so importing this module reads no files.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

import pycountry

from scoring.reference.reference import country_groups, country_names, match_key

if TYPE_CHECKING:  # the lazily loaded constants, for type checkers and readers
    EU27: frozenset[str]
    EEA: frozenset[str]
    EEA_NON_EU: frozenset[str]
    CRM_PARTNERSHIP: frozenset[str]
    DEFAULT_PARTNER_GROUP: frozenset[str]

__all__ = [
    "CRM_PARTNERSHIP",
    "DEFAULT_PARTNER_GROUP",
    "EEA",
    "EEA_NON_EU",
    "EU27",
    "all_countries",
    "country_code",
    "country_codes",
    "country_name",
    "is_country",
]


@cache
def country_codes() -> frozenset[str]:
    """Every ISO 3166-1 alpha-2 code pycountry knows (upper case)."""
    return frozenset(country.alpha_2 for country in pycountry.countries)


def is_country(code: object) -> bool:
    """True for an exact, upper-case ISO 3166-1 alpha-2 code ("DE"); False otherwise."""
    return isinstance(code, str) and code in country_codes()


@cache
def _display_names() -> dict[str, str]:
    overrides = country_names()
    names = {}
    for country in pycountry.countries:
        code = country.alpha_2
        if code in overrides:
            names[code] = overrides[code][0]
        else:  # pycountry's short common name where it has one ("South Korea", "Vietnam")
            names[code] = getattr(country, "common_name", None) or country.name
    return names


@cache
def _name_index() -> dict[str, str]:
    """Matching key of every accepted spelling -> alpha-2."""
    index: dict[str, str] = {}
    for country in pycountry.countries:
        code = country.alpha_2
        spellings = [
            country.alpha_3,
            country.name,
            getattr(country, "official_name", None),
            getattr(country, "common_name", None),
            _display_names()[code],
        ]
        for spelling in spellings:
            if spelling:
                index.setdefault(_country_key(spelling), code)
    for code, (_, aliases) in country_names().items():
        for alias in aliases:
            index.setdefault(_country_key(alias), code)
    return index


def _country_key(text: str) -> str:
    key = match_key(text)
    return key[4:] if key.startswith("the ") else key


def country_code(text: object) -> str | None:
    """Alpha-2 code for a code or English name ("de", "Germany", "Czech Republic", "DRC"), or None.

    Accepts alpha-2 and alpha-3 codes in any case, pycountry's name, official and common names,
    resbid's display names and the aliases of reference/country_names.csv; accents, case and
    punctuation are ignored.
    """
    if not isinstance(text, str):
        return None
    stripped = text.strip()
    if len(stripped) == 2 and stripped.upper() in country_codes():
        return stripped.upper()
    return _name_index().get(_country_key(stripped))


def country_name(code: object) -> str | None:
    """Short display name of an alpha-2 code ("CD" -> "DR Congo"), or None for an unknown code."""
    return _display_names().get(code) if isinstance(code, str) else None


@cache
def all_countries() -> tuple[tuple[str, str], ...]:
    """Every country as (alpha-2, display name), sorted by name ignoring accents (for drop-downs)."""
    names = _display_names()
    return tuple(sorted(names.items(), key=lambda item: (match_key(item[1]), item[0])))


@cache
def _groups() -> dict[str, frozenset[str]]:
    groups = country_groups()
    eu27 = groups["eu27"]
    eea_non_eu = groups["eea_non_eu"]
    partnership = groups["crm_partnership"]
    return {
        "EU27": eu27,
        "EEA_NON_EU": eea_non_eu,
        "EEA": eu27 | eea_non_eu,
        "CRM_PARTNERSHIP": partnership,
        "DEFAULT_PARTNER_GROUP": eea_non_eu | partnership,
    }


def __getattr__(name: str) -> frozenset[str]:
    groups = _groups()
    if name in groups:
        return groups[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
