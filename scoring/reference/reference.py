"""Loader for the versioned reference data in this folder (CSV files, see README.md).

Files are read with importlib.resources and cached, so a long evaluation run reads each
file once. Every row carries a `source`; the loader refuses a row without one, because
a number nobody can trace must never reach a score (contract: never invent a regulatory number).
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from types import MappingProxyType

DATA_VERSION = "2026.11"  # keep in step with README.md in this folder

CONFIDENCE = ("confirmed", "secondary", "unconfirmed")  # primary source / secondary source / not confirmed
REST_OF_WORLD = "XX"  # world_shares.csv: remainder after the listed suppliers; not a country


@dataclass(frozen=True)
class Material:
    """One material code of materials.csv and its place in the CRMA lists."""

    code: str
    name: str
    is_strategic: bool  # Regulation (EU) 2024/1252 Annex I s.1
    is_critical: bool  # Regulation (EU) 2024/1252 Annex II s.1
    strategic_entry: str  # the Annex I entry it belongs to ("" if none)
    critical_entry: str  # the Annex II entry it belongs to ("" if none)
    note: str
    source: str


@dataclass(frozen=True)
class ListEntry:
    """One entry of the CRMA strategic (17) or critical (34) list, verbatim."""

    list_name: str  # "strategic" | "critical"
    position: int
    entry: str
    source: str


@dataclass(frozen=True)
class WorldShare:
    """One row of world_shares.csv; share None means no confirmed figure."""

    basket: str
    stage: str
    country: str  # ISO alpha-2, REST_OF_WORLD, or "" on a no-data row
    share: float | None
    qualifier: str  # "", "about", "more than", "remainder"
    confidence: str
    source: str
    note: str


@dataclass(frozen=True)
class Threshold:
    """A regulatory line from thresholds.csv."""

    name: str
    value: float
    unit: str
    test: str  # "above" | "at least"
    applies_to: str
    source: str


def read_rows(filename: str) -> tuple[Mapping[str, str], ...]:
    """Rows of one CSV file in this folder as read-only dicts (cached)."""
    return _read_rows(filename)


@cache
def _read_rows(filename: str) -> tuple[Mapping[str, str], ...]:
    text = files(__package__).joinpath(filename).read_text(encoding="utf-8")
    rows = []
    for line_no, row in enumerate(csv.DictReader(io.StringIO(text)), start=2):
        if None in row or any(value is None for value in row.values()):
            raise ValueError(f"{filename} line {line_no}: wrong number of columns")
        if not row.get("source", "").strip():
            raise ValueError(f"{filename} line {line_no}: no source")
        rows.append(MappingProxyType({key: value.strip() for key, value in row.items()}))
    return tuple(rows)


def _yes(value: str, where: str) -> bool:
    if value not in ("yes", "no"):
        raise ValueError(f"{where}: expected yes or no, got {value!r}")
    return value == "yes"


@cache
def materials() -> Mapping[str, Material]:
    """Material code -> Material, in file order."""
    result = {}
    for row in read_rows("materials.csv"):
        where = f"materials.csv {row['code']}"
        result[row["code"]] = Material(
            code=row["code"],
            name=row["name"],
            is_strategic=_yes(row["strategic"], where),
            is_critical=_yes(row["critical"], where),
            strategic_entry=row["strategic_entry"],
            critical_entry=row["critical_entry"],
            note=row["note"],
            source=row["source"],
        )
    return MappingProxyType(result)


def material(code: str) -> Material | None:
    """The Material for an exact code, or None."""
    return materials().get(code) if isinstance(code, str) else None


def material_name(code: str) -> str:
    """Display name of a material code ("Nd" -> "Neodymium"); the code itself if unknown."""
    found = material(code)
    return found.name if found else str(code)


def match_key(text: str) -> str:
    """Matching key: case, accents, punctuation and spacing ignored."""
    text = unicodedata.normalize("NFKD", text.casefold().replace("&", " and "))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text).split())


@cache
def _material_index() -> Mapping[str, str]:
    index = {}
    for code, found in materials().items():
        index[match_key(code)] = code
        index[match_key(found.name)] = code
    return MappingProxyType(index)


def material_code(text: str) -> str | None:
    """Material code for a code or English name, ignoring case ("neodymium" -> "Nd"), or None."""
    if not isinstance(text, str):
        return None
    if text in materials():
        return text
    return _material_index().get(match_key(text))


@cache
def crma_lists() -> tuple[ListEntry, ...]:
    """The CRMA strategic and critical lists, verbatim and in order."""
    return tuple(
        ListEntry(row["list"], int(row["position"]), row["entry"], row["source"]) for row in read_rows("crma_lists.csv")
    )


@cache
def country_groups() -> Mapping[str, frozenset[str]]:
    """Group name ("eu27", "eea_non_eu", "crm_partnership") -> ISO alpha-2 codes."""
    groups: dict[str, set[str]] = {}
    for row in read_rows("country_groups.csv"):
        groups.setdefault(row["group"], set()).add(row["country"])
    return MappingProxyType({name: frozenset(codes) for name, codes in groups.items()})


@cache
def country_names() -> Mapping[str, tuple[str, tuple[str, ...]]]:
    """ISO alpha-2 -> (display name, aliases) from country_names.csv."""
    return MappingProxyType(
        {
            row["code"]: (
                row["display_name"],
                tuple(alias.strip() for alias in row["aliases"].split(";") if alias.strip()),
            )
            for row in read_rows("country_names.csv")
        }
    )


@cache
def _world_shares() -> Mapping[tuple[str, str], tuple[WorldShare, ...]]:
    table: dict[tuple[str, str], list[WorldShare]] = {}
    for row in read_rows("world_shares.csv"):
        if row["confidence"] not in CONFIDENCE:
            raise ValueError(f"world_shares.csv: unknown confidence {row['confidence']!r}")
        share = float(row["share"]) if row["share"] else None
        table.setdefault((row["basket"], row["stage"]), []).append(
            WorldShare(
                basket=row["basket"],
                stage=row["stage"],
                country=row["country"],
                share=share,
                qualifier=row["qualifier"],
                confidence=row["confidence"],
                source=row["source"],
                note=row["note"],
            )
        )
    return MappingProxyType({key: tuple(rows) for key, rows in table.items()})


def world_shares(basket: str, stage: str) -> tuple[WorldShare, ...]:
    """Rows of world_shares.csv for one basket and stage (empty if none)."""
    return _world_shares().get((basket, stage), ())


@cache
def _world_baskets() -> Mapping[tuple[str, str], tuple[str, str]]:
    return MappingProxyType(
        {(row["material"], row["stage"]): (row["basket"], row["source"]) for row in read_rows("world_baskets.csv")}
    )


def world_basket(material_code: str, stage: str) -> str | None:
    """The basket of world_shares.csv that is the world baseline for a material at a stage, or None."""
    found = _world_baskets().get((material_code, stage))
    return found[0] if found else None


def world_basket_source(material_code: str, stage: str) -> str | None:
    """Why that basket applies (the publication and table it comes from), or None."""
    found = _world_baskets().get((material_code, stage))
    return found[1] if found else None


@cache
def thresholds() -> Mapping[str, Threshold]:
    """Threshold name -> Threshold from thresholds.csv."""
    return MappingProxyType(
        {
            row["name"]: Threshold(
                name=row["name"],
                value=float(row["value"]),
                unit=row["unit"],
                test=row["test"],
                applies_to=row["applies_to"],
                source=row["source"],
            )
            for row in read_rows("thresholds.csv")
        }
    )
