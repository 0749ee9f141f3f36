"""A tender kept as files: tender.yaml, bids/*.xlsx, and optionally scores.yaml and receipts.yaml.

receipts.yaml records each bid file's UTC receipt time and SHA-256 (the export writes it);
a file whose bytes no longer match its recorded hash is refused.
"""
from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from scoring.criteria import walk
from scoring.definition import Tender, parse_tender
from scoring.messages import Message
from scoring.plan import plan_scoring
from scoring.problems import InvalidInput, Problem
from scoring.rules.judgement import JudgementRule
from tender_files.metadata import TenderMeta, parse_meta, scoring_part, with_lot_codes
from tender_files.schema import schema_problems
from tender_files.scores import ScoresFile, parse_scores, resolution_problems_of
from tender_files.texts import with_texts

MAX_YAML_BYTES = 2 * 1024 * 1024


class FolderInvalid(InvalidInput):
    """A tender folder with problems; every message names the file and the place inside it."""


@dataclass(frozen=True)
class BidFile:
    stem: str
    data: bytes
    submitted_at: datetime | None = None

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass(frozen=True)
class TenderFolder:
    meta: TenderMeta
    tender: Tender
    bids: tuple[BidFile, ...]
    scores: ScoresFile


def read_yaml(path: Path) -> tuple[Any, list[Problem]]:
    """Parse one YAML file safely, turning every failure into a placed problem."""
    import yaml  # PyYAML compiles its regular expressions at import (~0.03 s): only when a file is read

    from tender_files.yaml_input import load_officer_yaml, yaml_problem

    name = path.name
    if not path.is_file():
        return None, [Problem(name, f"missing: expected {path}")]
    if path.stat().st_size > MAX_YAML_BYTES:
        return None, [Problem(name, Message("larger than %(size)s MB", size=MAX_YAML_BYTES // (1024 * 1024)))]
    try:
        return load_officer_yaml(path.read_text("utf-8")), []
    except UnicodeDecodeError:
        return None, [Problem(name, Message("not UTF-8 text"))]
    except yaml.YAMLError as error:
        return None, [Problem(name, yaml_problem(error))]


def load_tender_definition(data: Any, file: str = "tender.yaml") -> tuple[TenderMeta, Tender]:
    """Validate a tender.yaml mapping (schema first, then meaning) and split it for the app and for scoring."""
    problems = schema_problems(data, file)
    if not problems:
        data, problems = with_texts(data, file)
    if problems:
        raise FolderInvalid(problems)
    meta, problems = parse_meta(data, file)
    try:
        tender = with_lot_codes(parse_tender(scoring_part(data)))
    except InvalidInput as error:
        problems += [Problem(f"{file}: {problem.place}", problem.message) for problem in error.problems]
    if problems:
        raise FolderInvalid(problems)
    return meta, tender


def load_folder(folder: Path) -> TenderFolder:
    """Read and check a whole tender folder; raise FolderInvalid listing every problem found."""
    folder = Path(folder)
    if not folder.is_dir():
        raise FolderInvalid([Problem(str(folder), "not a folder")])
    data, problems = read_yaml(folder / "tender.yaml")
    if problems:
        raise FolderInvalid(problems)
    meta, tender = load_tender_definition(data)
    bids, problems = _bid_files(folder)
    scores = ScoresFile()
    if (folder / "scores.yaml").exists():
        raw, yaml_problems = read_yaml(folder / "scores.yaml")
        scores, score_problems = parse_scores(raw, {bid.stem for bid in bids}, *_codes(tender),
                                              {n: _codes(tender.lot_view(n)) for n in tender.lot_numbers()}
                                              if tender.lots else None)
        problems += yaml_problems + (score_problems or _resolution_problems(tender, scores))
    if problems:
        raise FolderInvalid(problems)
    return TenderFolder(meta, tender, bids, scores)


def _codes(tender: Tender) -> tuple[set[str], set[str]]:
    """The codes of the criteria committee members score (judgement rules), and of every criterion."""
    criteria = [criterion for _, criterion in walk(tender.criteria)]
    return {c.code for c in criteria if isinstance(c.rule, JudgementRule)}, {c.code for c in criteria}


def _resolution_problems(tender: Tender, scores: ScoresFile) -> list[Problem]:
    """Each lot's resolutions checked against the lot's own criteria."""
    if not tender.lots:
        return resolution_problems_of(scores.lot(1), plan_scoring(tender))
    return [problem for n in tender.lot_numbers()
            for problem in resolution_problems_of(scores.lot(n), plan_scoring(tender.lot_view(n)), f"lots.{n}.")]


def _bid_files(folder: Path) -> tuple[tuple[BidFile, ...], list[Problem]]:
    receipts, problems = _receipts(folder)
    bids = []
    for path in sorted((folder / "bids").glob("*.xlsx")):
        bid = BidFile(path.stem, path.read_bytes(), receipts.get(path.stem, {}).get("submitted_at"))
        recorded = receipts.get(path.stem, {}).get("sha256")
        if recorded and recorded != bid.sha256:
            problems.append(Problem(f"bids/{path.name}", "its SHA-256 differs from receipts.yaml: the file "
                                                         "was changed after it was received"))
        bids.append(bid)
    for stem in set(receipts) - {bid.stem for bid in bids}:
        problems.append(Problem(f"receipts.yaml: {stem}", f"missing bid file bids/{stem}.xlsx"))
    return tuple(bids), problems


def _receipts(folder: Path) -> tuple[dict[str, dict], list[Problem]]:
    path = folder / "receipts.yaml"
    if not path.exists():
        return {}, []
    raw, problems = read_yaml(path)
    if problems:
        return {}, problems
    if not isinstance(raw, Mapping):
        return {}, [Problem("receipts.yaml", "expected {<bid file stem>: {submitted_at: ..., sha256: ...}}")]
    receipts = {}
    for stem, entry in raw.items():
        entry = entry if isinstance(entry, Mapping) else {}
        try:
            at = datetime.fromisoformat(str(entry.get("submitted_at")))
        except ValueError:
            problems.append(Problem(f"receipts.yaml: {stem}.submitted_at", "expected an ISO date and time with offset"))
            continue
        if at.tzinfo is None:
            problems.append(Problem(f"receipts.yaml: {stem}.submitted_at", "add the UTC offset (Z or +00:00)"))
            continue
        receipts[str(stem)] = {"submitted_at": at.astimezone(timezone.utc), "sha256": entry.get("sha256")}
    return receipts, problems
