"""The procedural part of tender.yaml (authority, dates, value); the scoring part goes to `scoring`."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from scoring.definition import TOP_LEVEL_KEYS as SCORING_KEYS
from scoring.definition import Tender
from scoring.messages import Message
from scoring.problems import Problem
from tender_files.codes import cn_code_problem, cn_code_text, cpv_code_problem
from tender_files.texts import published_languages

DEFAULT_TIME_ZONE = "Europe/Brussels"
# The languages a procedure can be conducted in (its documents are written in it); ISO 639-1 codes.
LANGUAGES = ("en", "de", "fr")
DEFAULT_LANGUAGE = "en"


@dataclass(frozen=True)
class TenderMeta:
    """Who buys what, for how much, and when bids are due and opened (times in UTC)."""

    reference: str
    title: str
    authority_name: str
    authority_country: str
    submission_deadline_at: datetime
    opening_at: datetime
    subject: str = ""
    cpv_code: str = ""
    cn_code: str = ""
    estimated_value: Decimal | None = None
    currency: str = "EUR"
    time_zone: str = DEFAULT_TIME_ZONE
    is_two_envelope: bool = False
    language: str = DEFAULT_LANGUAGE
    # Several languages (tender_files/texts.py): all of them, the procedure language first, and the title in each
    # the authority gave; empty: the procedure language alone.
    languages: tuple[str, ...] = ()
    titles: Mapping[str, str] = field(default_factory=dict, hash=False)

    def to_dict(self) -> dict[str, Any]:
        """The metadata keys of tender.yaml, dates written in the tender's own time zone."""
        zone = ZoneInfo(self.time_zone)
        data: dict[str, Any] = {
            "reference": self.reference,
            "title": self.title,
            "subject": self.subject,
            "cpv_code": self.cpv_code,
            "cn_code": self.cn_code,
            "authority": {"name": self.authority_name, "country": self.authority_country},
            "estimated_value": float(self.estimated_value) if self.estimated_value is not None else None,
            "currency": self.currency,
            "time_zone": self.time_zone,
            "submission_deadline": self.submission_deadline_at.astimezone(zone).isoformat(),
            "opening_time": self.opening_at.astimezone(zone).isoformat(),
            "two_envelope": self.is_two_envelope,
            "language": None if self.language == DEFAULT_LANGUAGE else self.language,
            "languages": list(self.languages) if len(self.languages) > 1 else None,
            "titles": dict(self.titles) or None,
        }
        return {key: value for key, value in data.items() if value not in (None, "")}


def scoring_part(data: Mapping[str, Any]) -> dict[str, Any]:
    """The keys of tender.yaml that the scoring library reads."""
    return {key: value for key, value in data.items() if key in SCORING_KEYS}


def zone_of(name: object) -> ZoneInfo | None:
    """The IANA time zone of that name, or None when zoneinfo does not know it (or it is not a name; one longer than
    a file name is an OSError)."""
    try:
        return ZoneInfo(name) if isinstance(name, str) and name else None
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


def parse_meta(data: Mapping[str, Any], file: str = "tender.yaml") -> tuple[TenderMeta | None, list[Problem]]:
    """Read the metadata of a schema-valid tender.yaml; dates must carry a UTC offset."""
    problems: list[Problem] = []
    time_zone = data.get("time_zone", DEFAULT_TIME_ZONE)
    if zone_of(time_zone) is None:
        problems.append(Problem(f"{file}: time_zone", Message(
            "unknown time zone %(value)s; use an IANA name such as Europe/Brussels", value=repr(time_zone))))
    for key, problem_of in (("cpv_code", cpv_code_problem), ("cn_code", cn_code_problem)):
        code = str(data.get(key) or "")
        if code and problem_of(code):
            problems.append(Problem(f"{file}: {key}", problem_of(code)))
    problems += lot_code_problems(data, file)
    deadline = _instant(data, "submission_deadline", file, problems)
    opening = _instant(data, "opening_time", file, problems)
    if deadline and opening and opening < deadline:
        problems.append(Problem(f"{file}: opening_time",
                                Message("the opening time is before the submission deadline")))
    if problems:
        return None, problems
    authority = data["authority"]
    value = data.get("estimated_value")
    language = data.get("language", DEFAULT_LANGUAGE)
    languages = published_languages(data, language)
    meta = TenderMeta(
        reference=data["reference"], title=data["title"], subject=data.get("subject", ""),
        cpv_code=data.get("cpv_code", ""), cn_code=cn_code_text(data["cn_code"]) if data.get("cn_code") else "",
        authority_name=authority["name"], authority_country=authority["country"],
        estimated_value=Decimal(str(value)) if value is not None else None,
        currency=data.get("currency", "EUR"), time_zone=time_zone,
        submission_deadline_at=deadline, opening_at=opening, is_two_envelope=data.get("two_envelope", False),
        language=language, languages=languages if len(languages) > 1 else (),
        titles=dict(data.get("titles") or {}),
    )
    return meta, []


def lot_code_problems(data: Mapping[str, Any], file: str = "tender.yaml") -> list[Problem]:
    """Each lot's CN and CPV codes, checked as the tender's are (tender_files/codes.py)."""
    problems = []
    for index, lot in enumerate(data.get("lots") or []):
        for key, problem_of in (("cpv_code", cpv_code_problem), ("cn_code", cn_code_problem)):
            code = str(lot.get(key) or "") if isinstance(lot, Mapping) else ""
            if code and problem_of(code):
                problems.append(Problem(f"{file}: lots[{index}].{key}", problem_of(code)))
    return problems


def with_lot_codes(tender: Tender) -> Tender:
    """The tender with each lot's CN code written as the nomenclature prints it (85051100 -> 8505 11 00)."""
    if not any(lot.cn_code for lot in tender.lots):
        return tender
    lots = tuple(replace(lot, cn_code=cn_code_text(lot.cn_code)) if lot.cn_code else lot for lot in tender.lots)
    checked = replace(tender, lots=lots)
    object.__setattr__(checked, "is_checked", tender.is_checked)  # only the codes' spelling changed
    return checked


def _instant(data: Mapping[str, Any], key: str, file: str, problems: list[Problem]) -> datetime | None:
    raw = data.get(key)
    try:
        value = raw if isinstance(raw, datetime) else datetime.fromisoformat(str(raw))
    except ValueError:
        problems.append(Problem(f"{file}: {key}", Message("%(value)s is not a date and time such as %(example)s",
                                                          value=repr(raw), example="2027-01-15T12:00:00+01:00")))
        return None
    if value.tzinfo is None:
        problems.append(Problem(f"{file}: {key}", Message("add the UTC offset, e.g. %(example)s",
                                                          example="2027-01-15T12:00:00+01:00")))
        return None
    return value.astimezone(timezone.utc)
