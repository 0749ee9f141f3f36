"""scores.yaml: the committee, its judgement scores and consensus, and the officers' decisions per bid.

    committee:
      - {email: officer@resbid.example, chair: true}
      - {email: evaluator1@resbid.example, technical: true}
    scores:
      <bid file stem>:
        <criterion code>:
          evaluators: {<email>: {points: 4, justification: "..."}}
          consensus: {points: 4, justification: "..."}
    decisions:
      <bid file stem>:
        exclusion: "reason"
        abnormally_low: {decision: accepted, reason: "..."}
        resolutions:                      # missing answers: a blank earns no points of its own
          <criterion code>: {kind: minimum, reason: "..."}   # scored at the rule's minimum
          <criterion code>: {kind: exclude, reason: "..."}   # the bid is excluded on this ground
          <criterion code>: {kind: unsubstantiated, reason: "..."}  # an answered claim found not substantiated
          <criterion code>:                                  # Directive 2014/24/EU Art. 56(3)
            kind: clarified
            reason: "why the answer only clarifies or completes the bid"
            clarification: {request: "...", requested_on: 2027-03-10, answer: true, evidence: "...",
                            bid_unchanged: true}

A tender divided into lots (Directive 2014/24/EU Art. 46) is scored and decided per lot: the committee once,
then `scores` and `decisions` under each lot's number. An exclusion whose grounds concern the tenderer rather
than its bid for the lot (Art. 57) says so, and excludes the tenderer from every lot:

    committee: [...]
    lots:
      1:
        scores: {<bid file stem>: ...}
        decisions:
          <bid file stem>: {exclusion: "reason", concerns_tenderer: true}
      2: {scores: ..., decisions: ...}
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from scoring.bid_validation import resolution_problems
from scoring.bids import (
    ABNORMAL_DECISIONS,
    CLARIFIED,
    RESOLUTION_KINDS,
    AbnormalDecision,
    Clarification,
    Judgement,
    Resolution,
)
from scoring.plan import ScoringPlan
from scoring.problems import Problem

FILE = "scores.yaml"
CLARIFICATION_FIELDS = ("request", "requested_on", "answer", "evidence", "bid_unchanged")


@dataclass(frozen=True)
class CommitteeSeat:
    email: str
    is_chair: bool = False
    is_technical: bool = False


@dataclass(frozen=True)
class BidDecisions:
    exclusion: str | None = None
    abnormal_decision: AbnormalDecision | None = None
    resolutions: Mapping[str, Resolution] = field(default_factory=dict)
    exclusion_concerns_tenderer: bool = False  # Art. 57 grounds: the tenderer is excluded from every lot


@dataclass(frozen=True)
class LotScores:
    """The committee's scores and the officers' decisions for the bids of one lot."""

    judgements: Mapping[str, Mapping[str, Judgement]] = field(default_factory=dict)  # bid stem -> code -> scores
    decisions: Mapping[str, BidDecisions] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"scores": {
            stem: {code: _judgement_dict(judgement) for code, judgement in by_code.items()}
            for stem, by_code in self.judgements.items()
        }}
        decisions = {stem: _decisions_dict(decision) for stem, decision in self.decisions.items()}
        if decisions:
            data["decisions"] = decisions
        return data


@dataclass(frozen=True)
class ScoresFile:
    committee: tuple[CommitteeSeat, ...] = ()
    judgements: Mapping[str, Mapping[str, Judgement]] = field(default_factory=dict)  # bid stem -> code -> scores
    decisions: Mapping[str, BidDecisions] = field(default_factory=dict)
    lots: Mapping[int, LotScores] = field(default_factory=dict)  # a tender divided into lots: per lot number

    def lot(self, number: int) -> LotScores:
        """The scores and decisions of one lot; a file without lots holds those of the single lot 1."""
        if not self.lots:
            return LotScores(self.judgements, self.decisions) if number == 1 else LotScores()
        return self.lots.get(number, LotScores())

    def to_dict(self) -> dict[str, Any]:
        """The file's contents, for export."""
        data: dict[str, Any] = {"committee": [_seat_dict(seat) for seat in self.committee]}
        if self.lots:
            data["lots"] = {number: scores.to_dict() for number, scores in sorted(self.lots.items())}
            return data
        return data | LotScores(self.judgements, self.decisions).to_dict()


def parse_scores(data: Any, bid_stems: set[str], judged_codes: set[str], all_codes: set[str],
                 lot_codes: Mapping[int, tuple[set[str], set[str]]] | None = None) -> tuple[ScoresFile, list[Problem]]:
    """Read scores.yaml, naming every unknown bid, lot, criterion, evaluator or malformed entry.

    `lot_codes` ({lot number: (judged codes, all codes)}) is given for a tender divided into lots, whose
    scores and decisions are kept per lot."""
    reader = _Reader()
    if data is None:
        return ScoresFile(), []
    if not isinstance(data, Mapping):
        return ScoresFile(), [Problem(FILE, "expected a mapping with committee, scores and decisions")]
    parts = ("committee", "lots") if lot_codes else ("committee", "scores", "decisions")
    for key in set(data) - set(parts):
        reader.problem(str(key), f"unknown field; expected {' or '.join(parts)}"
                       + (" (a tender divided into lots keeps scores and decisions per lot)" if lot_codes else ""))
    committee = reader.committee(data.get("committee") or [])
    members = {seat.email for seat in committee}
    if not lot_codes:
        scores = reader.lot_scores(data, "", bid_stems, judged_codes, all_codes, members)
        return ScoresFile(tuple(committee), scores.judgements, scores.decisions), reader.problems
    lots = {}
    for number, raw in reader.mapping(data.get("lots") or {}, "lots").items():
        if isinstance(number, int) and number in lot_codes:
            lots[number] = reader.lot_scores(reader.mapping(raw, f"lots.{number}"), f"lots.{number}.", bid_stems,
                                             *lot_codes[number], members)
        else:
            reader.problem(f"lots.{number}", f"unknown lot; the tender has lots {', '.join(map(str, lot_codes))}")
    return ScoresFile(tuple(committee), lots=lots), reader.problems


class _Reader:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def problem(self, path: str, message: str) -> None:
        self.problems.append(Problem(f"{FILE}: {path}", message))

    def mapping(self, value: Any, path: str) -> Mapping:
        if isinstance(value, Mapping):
            return value
        self.problem(path, "expected a mapping")
        return {}

    def known(self, key: Any, known: set[str], path: str, message: str) -> bool:
        if str(key) in known:
            return True
        self.problem(path, f"unknown {message.format(key)}")
        return False

    def text(self, value: Any, path: str) -> str:
        if isinstance(value, str) and value.strip():
            return value.strip()
        self.problem(path, "a written justification or reason is required")
        return ""

    def number(self, value: Any, path: str) -> int | float:
        """Numbers as written: 4 stays an int, which judgement scales require."""
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return int(value) if float(value).is_integer() else float(value)
        self.problem(path, f"expected a number, got {value!r}")
        return 0

    def committee(self, raw: Any) -> list[CommitteeSeat]:
        if not isinstance(raw, list):
            self.problem("committee", "expected a list of {email, chair, technical}")
            return []
        seats = []
        for index, entry in enumerate(raw):
            if not isinstance(entry, Mapping) or not isinstance(entry.get("email"), str):
                self.problem(f"committee[{index}]", "expected {email: ..., chair: true|false}")
                continue
            seats.append(CommitteeSeat(entry["email"].strip().lower(), bool(entry.get("chair")),
                                       bool(entry.get("technical"))))
        if seats and sum(seat.is_chair for seat in seats) != 1:
            self.problem("committee", "exactly one member must be the chair")
        return seats

    def lot_scores(self, raw: Mapping, prefix: str, bid_stems: set[str], judged_codes: set[str],
                   all_codes: set[str], members: set[str]) -> LotScores:
        """`scores` and `decisions` of the whole file, or of one lot (`prefix` "lots.2.")."""
        for key in set(raw) - {"scores", "decisions"} if prefix else ():
            self.problem(f"{prefix}{key}", "unknown field; expected scores or decisions")
        judgements = {}
        for stem, by_code in self.mapping(raw.get("scores") or {}, f"{prefix}scores").items():
            if self.known(stem, bid_stems, f"{prefix}scores.{stem}", "bid: no file bids/{}.xlsx"):
                judgements[stem] = self.judgements(by_code, f"{prefix}scores.{stem}", judged_codes, members)
        decisions = {}
        for stem, entry in self.mapping(raw.get("decisions") or {}, f"{prefix}decisions").items():
            if self.known(stem, bid_stems, f"{prefix}decisions.{stem}", "bid: no file bids/{}.xlsx"):
                decisions[stem] = self.decisions(entry, f"{prefix}decisions.{stem}", all_codes)
        return LotScores(judgements, decisions)

    def judgements(self, raw: Any, path: str, judged_codes: set[str], members: set[str]) -> dict[str, Judgement]:
        result = {}
        for code, entry in self.mapping(raw, path).items():
            place = f"{path}.{code}"
            if not self.known(code, judged_codes, place, "criterion {!r}: only judgement criteria take scores"):
                continue
            entry = self.mapping(entry, place)
            scores = {}
            for email, score in self.mapping(entry.get("evaluators") or {}, f"{place}.evaluators").items():
                email_key = str(email).strip().lower()
                if not self.known(email_key, members, f"{place}.evaluators.{email}", "evaluator {}: not in committee"):
                    continue
                score = self.mapping(score, f"{place}.evaluators.{email}")
                scores[email_key] = (self.number(score.get("points"), f"{place}.evaluators.{email}.points"),
                                     self.text(score.get("justification"), f"{place}.evaluators.{email}.justification"))
            consensus = None
            if entry.get("consensus") is not None and not members:
                self.problem(f"{place}.consensus", "a consensus needs a committee with a chair (committee:)")
            elif entry.get("consensus") is not None:
                raw_consensus = self.mapping(entry["consensus"], f"{place}.consensus")
                consensus = (self.number(raw_consensus.get("points"), f"{place}.consensus.points"),
                             self.text(raw_consensus.get("justification"), f"{place}.consensus.justification"))
            result[str(code)] = Judgement(scores=scores, consensus=consensus)
        return result

    def decisions(self, raw: Any, path: str, all_codes: set[str]) -> BidDecisions:
        raw = self.mapping(raw, path)
        exclusion = self.text(raw["exclusion"], f"{path}.exclusion") if raw.get("exclusion") is not None else None
        concerns = raw.get("concerns_tenderer", False)
        if concerns not in (True, False) or (concerns and exclusion is None):
            self.problem(f"{path}.concerns_tenderer", "write true beside an exclusion whose grounds concern the "
                                                      "tenderer (Directive 2014/24/EU Art. 57), or leave it out")
            concerns = False
        abnormal = None
        if raw.get("abnormally_low") is not None:
            entry = self.mapping(raw["abnormally_low"], f"{path}.abnormally_low")
            if entry.get("decision") not in ABNORMAL_DECISIONS:
                self.problem(f"{path}.abnormally_low.decision", f"expected {' or '.join(ABNORMAL_DECISIONS)}")
            abnormal = AbnormalDecision(str(entry.get("decision")), self.text(entry.get("reason"),
                                                                              f"{path}.abnormally_low.reason"))
        resolutions = {}
        for code, entry in self.mapping(raw.get("resolutions") or {}, f"{path}.resolutions").items():
            place = f"{path}.resolutions.{code}"
            if self.known(code, all_codes, place, "criterion {!r}"):
                resolutions[str(code)] = self.resolution(self.mapping(entry, place), place)
        return BidDecisions(exclusion, abnormal, resolutions, concerns)

    def resolution(self, entry: Mapping, place: str) -> Resolution:
        """kind and reason; the clarification record for kind clarified. Free points are refused."""
        if "points" in entry:
            self.problem(f"{place}.points", "a missing answer earns no points of its own: write kind: minimum, "
                                            "exclude or clarified (Directive 2014/24/EU Art. 56(3)) instead")
        for key in set(entry) - {"kind", "reason", "clarification", "points"}:
            self.problem(f"{place}.{key}", "unknown field; expected kind, reason and, for clarified, clarification")
        kind = entry.get("kind")
        if kind not in RESOLUTION_KINDS:
            self.problem(f"{place}.kind", f"expected {', '.join(RESOLUTION_KINDS)}, got {kind!r}")
        reason = self.text(entry.get("reason"), f"{place}.reason")
        raw = entry.get("clarification")
        if kind != CLARIFIED:
            if raw is not None:
                self.problem(f"{place}.clarification", "only kind: clarified records a clarification")
            return Resolution(str(kind), reason)
        return Resolution(kind, reason, self.clarification(self.mapping(raw or {}, f"{place}.clarification"),
                                                           f"{place}.clarification"))

    def clarification(self, raw: Mapping, place: str) -> Clarification:
        for key in set(raw) - set(CLARIFICATION_FIELDS):
            self.problem(f"{place}.{key}", f"unknown field; expected {', '.join(CLARIFICATION_FIELDS)}")
        requested_on = None
        try:
            requested_on = date.fromisoformat(str(raw.get("requested_on")))
        except ValueError:
            self.problem(f"{place}.requested_on",
                         f"expected a date such as 2027-03-10, got {raw.get('requested_on')!r}")
        if raw.get("answer") is None:
            self.problem(f"{place}.answer", "the bidder's answer is required")
        if raw.get("bid_unchanged") is not True:
            self.problem(f"{place}.bid_unchanged", "an answer that changes the bid cannot be entered (Directive "
                                                   "2014/24/EU Art. 56(3)); write bid_unchanged: true once it only "
                                                   "clarifies or completes what the bid contained")
        return Clarification(self.text(raw.get("request"), f"{place}.request"), requested_on, raw.get("answer"),
                             self.text(raw.get("evidence"), f"{place}.evidence"), raw.get("bid_unchanged") is True)


def resolution_problems_of(scores: LotScores, plan: ScoringPlan, prefix: str = "") -> list[Problem]:
    """The resolutions of the file, or of one lot's part (`prefix` "lots.2."), checked as the evaluation will
    check them (Directive 2014/24/EU Art. 56(3)), placed in the file: a clarified answer in the rule's value
    type, no resolution of a price or of a group."""
    leaves = {leaf.code: leaf for leaf in plan.leaves}
    problems = []
    for stem, decisions in scores.decisions.items():
        for code, resolution in decisions.resolutions.items():
            place = f"{prefix}decisions.{stem}.resolutions.{code}"
            if code not in leaves:
                problems.append(Problem(f"{FILE}: {place}", "a group has no answer of its own to resolve"))
                continue
            problems += [Problem(f"{FILE}: {p.place}", p.message)
                         for p in resolution_problems(leaves[code], resolution, place)]
    return problems


def _seat_dict(seat: CommitteeSeat) -> dict[str, Any]:
    data: dict[str, Any] = {"email": seat.email}
    if seat.is_chair:
        data["chair"] = True
    if seat.is_technical:
        data["technical"] = True
    return data


def _judgement_dict(judgement: Judgement) -> dict[str, Any]:
    data: dict[str, Any] = {"evaluators": {
        email: {"points": points, "justification": text} for email, (points, text) in judgement.scores.items()}}
    if judgement.consensus is not None:
        data["consensus"] = {"points": judgement.consensus[0], "justification": judgement.consensus[1]}
    return data


def _decisions_dict(decisions: BidDecisions) -> dict[str, Any]:
    data: dict[str, Any] = {}
    if decisions.exclusion:
        data["exclusion"] = decisions.exclusion
    if decisions.exclusion_concerns_tenderer:
        data["concerns_tenderer"] = True
    if decisions.abnormal_decision:
        data["abnormally_low"] = {"decision": decisions.abnormal_decision.decision,
                                  "reason": decisions.abnormal_decision.reason}
    if decisions.resolutions:
        data["resolutions"] = {code: _resolution_dict(r) for code, r in decisions.resolutions.items()}
    return data


def _resolution_dict(resolution: Resolution) -> dict[str, Any]:
    data: dict[str, Any] = {"kind": resolution.kind, "reason": resolution.reason}
    clarification = resolution.clarification
    if clarification is not None:
        data["clarification"] = {"request": clarification.request,
                                 "requested_on": clarification.requested_on.isoformat(),
                                 "answer": clarification.answer, "evidence": clarification.evidence,
                                 "bid_unchanged": clarification.is_bid_unchanged}
    return data
