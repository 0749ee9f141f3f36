"""Validation of a supply declaration, a bill of materials and a partner group; every problem placed."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from functools import lru_cache
from numbers import Real

from scoring import countries
from scoring.messages import Message, Percent
from scoring.problems import Problem
from scoring.reference import reference as ref
from scoring.resilience.model import SHARE_SUM_TOLERANCE, STAGES, SupplyLine, percentage_digits


def validate_bill_of_materials(bill_of_materials: object, place: str = "bill_of_materials") -> list[Problem]:
    """Problems with a tender's bill of materials: known material codes with a positive mass (kg per unit)."""
    if not isinstance(bill_of_materials, Mapping) or not bill_of_materials:
        return [Problem(place, Message("the bill of materials must list at least one material with its mass"))]
    # the same bill of materials comes with every bid of a tender: check it once (types in the key,
    # because the cache would otherwise take True or 1 for 1.0)
    items = tuple((code, type(mass), mass) for code, mass in bill_of_materials.items())
    try:
        return list(_bom_problems(items, place))
    except TypeError:  # an unhashable mass: not a number anyway
        return list(_bom_problems.__wrapped__(items, place))


@lru_cache(maxsize=64)
def _bom_problems(items: tuple[tuple[object, type, object], ...], place: str) -> tuple[Problem, ...]:
    problems = []
    for code, _, mass in items:
        unknown = unknown_material(code, f"{place}.{code}")
        if unknown:
            problems.append(unknown)
        number = as_number(mass)
        if number is None or not 0.0 < number < math.inf:
            problems.append(Problem(f"{place}.{code}", Message("mass must be a number above 0, got %(value)s",
                                                               value=repr(mass))))
    return tuple(problems)


def unknown_material(code: object, place: str) -> Problem | None:
    """The problem of a code that is no material of the reference data (with a guess where one is close), or None."""
    if ref.material(code) is not None:
        return None
    guess = ref.material_code(code) if isinstance(code, str) else None
    if guess:
        return Problem(place, Message("'%(code)s' is not a material code of the reference data (did you mean "
                                      "%(guess)s?)", code=code, guess=guess))
    return Problem(place, Message("'%(code)s' is not a material code of the reference data", code=code))


def validate_declaration(lines: Iterable[SupplyLine], bill_of_materials: Mapping[str, float]) -> list[Problem]:
    """Every problem in a supply declaration; [] if compute_profile can use it."""
    return scan(lines, bill_of_materials)[0]


def validate_partner_group(codes: Iterable[str], place: str = "partner_group") -> list[Problem]:
    """Problems with a tender's partner group: ISO alpha-2 codes outside the EU-27."""
    return partner_set(codes, place)[1]


def partner_set(codes: object, place: str = "partner_group") -> tuple[frozenset[str], list[Problem]]:
    """The partner group as a frozenset (None = countries.DEFAULT_PARTNER_GROUP) and its problems."""
    if codes is None:
        return countries.DEFAULT_PARTNER_GROUP, []
    try:
        if isinstance(codes, (str, bytes, Mapping)):
            raise TypeError
        partners = codes if isinstance(codes, frozenset) else frozenset(codes)
    except TypeError:
        return frozenset(), [Problem(place, Message("the partner group must be a list of ISO 3166-1 alpha-2 codes"))]
    return partners, list(_partner_problems(partners, place))


@lru_cache(maxsize=64)
def _partner_problems(codes: frozenset, place: str) -> tuple[Problem, ...]:
    problems = []
    for code in sorted(codes, key=str):
        if not countries.is_country(code):
            problems.append(Problem(place, _partner_message(code)))
        elif code in countries.EU27:
            problems.append(Problem(place, Message(
                "%(code)s is an EU-27 member: EU supply counts in eu_share, not in partner_share", code=code)))
    return tuple(problems)


_FAST_NUMBERS = (float, int)  # exact types for the fast path; others (bool, numpy, text) take the slow one


def scan(
    lines, bill_of_materials
) -> tuple[list[Problem], dict[tuple[str, str], tuple[dict[str, float], float, float]]]:
    """One pass over the lines: every problem, and per (material, stage) (country -> share, total, recycled %).

    Valid lines take a fast path (one compound test); any line failing it is re-examined
    field by field, so the problems are complete and placed.
    """
    problems: list[Problem] = []
    bom = bill_of_materials if isinstance(bill_of_materials, Mapping) else {}
    if isinstance(lines, (str, bytes, Mapping)) or not isinstance(lines, Iterable):
        return [Problem("supply", "the supply declaration must be a list of supply lines")], {}
    # material -> stage -> (country -> [shares], [share x recycled]); a lookup here also validates both keys
    groups: dict[str, dict[str, tuple[dict[str, list[float]], list[float]]]] = {
        material: {stage: ({}, []) for stage in STAGES} for material in bom
    }
    broken: set[tuple[str, str]] = set()
    valid_countries = countries.country_codes()
    fast_numbers = _FAST_NUMBERS

    for n, line in enumerate(lines, start=1):
        try:
            group = groups[line.material][line.stage]
            country, share, recycled = line.country, line.share, line.recycled
            ok = (
                country in valid_countries
                and type(share) in fast_numbers
                and type(recycled) in fast_numbers
                and 0.0 <= share <= 100.0
                and 0.0 <= recycled <= 100.0
            )
        except (KeyError, TypeError, AttributeError):
            ok = False
        if not ok:
            found_problems, key, share, recycled = _line_problems(line, n, bom)
            problems += found_problems
            if key is None:
                continue
            if share is None:
                broken.add(key)
                continue
            group = groups[key[0]][key[1]]
            # an invalid country still counts towards its group's sum, under a key of its own
            country = line.country if countries.is_country(line.country) else f"?line {n}"
        by_country = group[0]
        found = by_country.get(country)
        if found is None:
            by_country[country] = [share]
        else:
            found.append(share)
        if recycled:
            group[1].append(share * recycled)

    result = {}
    # the sum check, in bill-of-materials and stage order so problems do not depend on line order
    for material in bom:
        for stage in STAGES:
            key = (material, stage)
            by_country, recycled_products = groups[material][stage]
            if not by_country or key in broken:
                continue
            merged = {
                country: found[0] if len(found) == 1 else math.fsum(found) for country, found in by_country.items()
            }
            total = math.fsum(merged.values())  # fsum: exact, so independent of the order of the lines
            if abs(total - 100.0) > SHARE_SUM_TOLERANCE:
                problems.append(
                    Problem(
                        f"{ref.material_name(material)} / {stage}",
                        Message("shares add up to %(total)s, expected %(expected)s",
                                total=Percent(float(_sum_text(total))), expected=Percent(100.0)),
                    )
                )
            else:
                result[key] = (merged, total, math.fsum(recycled_products) / total)
    return problems, result


def _sum_text(total: float) -> str:
    """The total as text, with enough digits that it visibly misses 100 +/- the tolerance (100.504 -> "100.504")."""
    text = percentage_digits(total)
    return text if abs(float(text) - 100.0) > SHARE_SUM_TOLERANCE else f"{total:.6g}"


def _line_problems(
    line: object, n: int, bom: Mapping
) -> tuple[list[Problem], tuple[str, str] | None, float | None, float]:
    """The slow path for one line: (problems, (material, stage) if usable, share if valid, recycled)."""
    if not isinstance(line, SupplyLine):
        return [Problem(f"line {n}", Message("not a supply line: %(value)s", value=repr(line)))], None, None, 0.0
    place = line.place or f"line {n}"
    material, stage, country = line.material, line.stage, line.country
    problems = []
    key_ok = True
    if type(material) is not str or material not in bom:
        key_ok = False
        problems.append(Problem(place, _material_message(material, bom)))
    if type(stage) is not str or stage not in STAGES:
        key_ok = False
        problems.append(Problem(place, Message("stage %(value)s is not one of: %(stages)s", value=repr(stage),
                                               stages=", ".join(STAGES))))
    if not countries.is_country(country):
        problems.append(Problem(place, _country_message(country)))
    share = as_number(line.share)
    if share is None or not 0.0 <= share <= 100.0:
        problems.append(Problem(place, Message("share must be a number from 0 to 100, got %(value)s",
                                               value=repr(line.share))))
        share = None
    recycled = as_number(line.recycled)
    if recycled is None or not 0.0 <= recycled <= 100.0:
        problems.append(Problem(place, Message("recycled share must be a number from 0 to 100, got %(value)s",
                                               value=repr(line.recycled))))
        recycled = 0.0
    return problems, (material, stage) if key_ok else None, share, recycled


def _material_message(material: object, bom: Mapping) -> Message:
    listed = ", ".join(str(code) for code in bom) or "none"
    guess = ref.material_code(material) if isinstance(material, str) else None
    if guess and guess in bom:
        return Message("material %(value)s is not in the tender's bill of materials (%(listed)s) (did you mean "
                       "%(guess)s?)", value=repr(material), listed=listed, guess=guess)
    return Message("material %(value)s is not in the tender's bill of materials (%(listed)s)", value=repr(material),
                   listed=listed)


def _country_message(country: object) -> Message:
    guess = countries.country_code(country)
    if guess and guess != country:
        return Message("country %(value)s is not an ISO 3166-1 alpha-2 code (did you mean %(guess)s, %(name)s?)",
                       value=repr(country), guess=guess, name=countries.country_name(guess))
    return Message("country %(value)s is not an ISO 3166-1 alpha-2 code", value=repr(country))


def _partner_message(code: object) -> Message:
    guess = countries.country_code(code)
    if guess and guess != code:
        return Message("'%(code)s' is not an ISO 3166-1 alpha-2 code (did you mean %(guess)s, %(name)s?)",
                       code=code, guess=guess, name=countries.country_name(guess))
    return Message("'%(code)s' is not an ISO 3166-1 alpha-2 code", code=code)


def as_number(value: object) -> float | None:
    """A real number as float, or None (bool and text are not numbers)."""
    if isinstance(value, bool) or not isinstance(value, Real):
        return None
    return float(value)
