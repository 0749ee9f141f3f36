"""The document rules a tender publishes with its procurement documents (tender.yaml key `documents`).

    documents:
      formats: [pdf, png, jpeg]               # the file formats bids' documents may have; absent: all of FORMATS
      evidence_required: [extraction, processing]   # the supply-chain stages at which every declared line needs
                                              # a document that proves it; absent or []: none

Why a list of stages and not a yes/no: an officer asks for proof where the declaration carries the risk (the
CRMA Art. 5(1) stages, Regulation (EU) 2024/1252, are extraction and processing), and component manufacturing is
often the bidder's own plant. The words are the workbook's stages (scoring/resilience/model.py STAGES).

Directive 2014/24/EU Art. 22(1) lets the authority set the means of electronic communication, file formats
included, provided they are generally available; Art. 60 and Annex XII list the means of proof it may ask for.
What the rules change: an upload of another format is refused (app/portal/documents.py), and a line at a stage
needing evidence without a document naming it gets the plausibility flag `missing_evidence`
(scoring/plausibility.py), which changes no points. A tender without the key keeps the defaults, so a tender set up
before these rules existed reads and scores exactly as before.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from scoring.messages import Message
from scoring.problems import Problem
from scoring.resilience.model import STAGES

# What app/records/file_types.py recognises from a file's bytes; the names tender.yaml uses.
FORMATS = ("pdf", "png", "jpeg", "docx", "xlsx", "odt")
KEYS = ("formats", "evidence_required")
_NO_LIST = object()  # what a problem is about when the value is not a list at all


@dataclass(frozen=True)
class DocumentRules:
    """Which formats a bid's documents may have, and at which stages a supply line needs a document."""

    formats: tuple[str, ...] = FORMATS  # in the order of FORMATS
    evidence_required: tuple[str, ...] = ()  # in the order of STAGES

    def to_dict(self) -> dict[str, list[str]]:
        """The keys that differ from the defaults (empty: the tender.yaml needs no `documents` key)."""
        data: dict[str, list[str]] = {}
        if self.formats != FORMATS:
            data["formats"] = list(self.formats)
        if self.evidence_required:
            data["evidence_required"] = list(self.evidence_required)
        return data


def parse_document_rules(raw: Any) -> tuple[DocumentRules, list[Problem]]:
    """The rules from the mapping under `documents` (None: the defaults), with every problem placed."""
    if raw is None:
        return DocumentRules(), []
    if not isinstance(raw, Mapping):
        return DocumentRules(), [Problem("documents", Message("expected a mapping with formats and evidence_required"))]
    problems = [Problem(f"documents.{key}", Message("unknown field")) for key in raw if key not in KEYS]
    formats = _names(raw.get("formats", list(FORMATS)), FORMATS, "documents.formats", problems, _format_problem)
    if not formats and not any(problem.place.startswith("documents.formats") for problem in problems):
        problems.append(Problem("documents.formats",
                                Message("allow at least one format, or leave the key out for all")))
    stages = _names(raw.get("evidence_required", []), STAGES, "documents.evidence_required", problems,
                    _stage_problem)
    return DocumentRules(formats or FORMATS, stages), problems


def _names(raw: Any, known: tuple[str, ...], place: str, problems: list[Problem],
           problem: Callable[[object, str], Message]) -> tuple[str, ...]:
    """The known names of a list in their canonical order, each problem (not a list, an unknown name) placed."""
    options = ", ".join(known)
    if not isinstance(raw, (list, tuple)):
        problems.append(Problem(place, problem(_NO_LIST, options)))
        return ()
    problems += [Problem(f"{place}[{number}]", problem(name, options)) for number, name in enumerate(raw)
                 if name not in known]
    return tuple(name for name in known if name in raw)


def _format_problem(name: object, options: str) -> Message:
    """A formats list that is no list, or a name in it that is no format."""
    if name is _NO_LIST:
        return Message("expected a list of formats from %(options)s", options=options)
    return Message("unknown format %(value)s: expected one of %(options)s", value=repr(name), options=options)


def _stage_problem(name: object, options: str) -> Message:
    """An evidence_required list that is no list, or a name in it that is no stage."""
    if name is _NO_LIST:
        return Message("expected a list of stages from %(options)s", options=options)
    return Message("unknown stage %(value)s: expected one of %(options)s", value=repr(name), options=options)
