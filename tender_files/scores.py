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
          <criterion code>:                                  # Directive 2014/24/EU Art. 56(3)
            kind: clarified
            reason: "why the answer only clarifies or completes the bid"
            clarification: {request: "...", requested_on: 2027-03-10, answer: true, evidence: "...",
                            bid_unchanged: true}
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


@dataclass(frozen=True)
class ScoresFile:
    committee: tuple[CommitteeSeat, ...] = ()
    judgements: Mapping[str, Mapping[str, Judgement]] = field(default_factory=dict)  # bid stem -> code -> scores
    decisions: Mapping[str, BidDecisions] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The file's contents, for export."""
        data: dict[str, Any] = {"committee": [_seat_dict(seat) for seat in self.committee]}
        data["scores"] = {
            stem: {code: _judgement_dict(judgement) for code, judgement in by_code.items()}
            for stem, by_code in self.judgements.items()
        }
        decisions = {stem: _decisions_dict(decision) for stem, decision in self.decisions.items()}
        if decisions:
            data["decisions"] = decisions
        return data


def parse_scores(data: Any, bid_stems: set[str], judged_codes: set[str], all_codes: set[str]
                 ) -> tuple[ScoresFile, list[Problem]]:
    """Read scores.yaml, naming every unknown bid, criterion, evaluator or malformed entry."""
    reader = _Reader()
    if data is None:
        return ScoresFile(), []
    if not isinstance(data, Mapping):
        return ScoresFile(), [Problem(FILE, "expected a mapping with committee, scores and decisions")]
    for key in set(data) - {"committee", "scores", "decisions"}:
        reader.problem(str(key), "unknown field; expected committee, scores or decisions")
    committee = reader.committee(data.get("committee") or [])
    members = {seat.email for seat in committee}
    judgements = {}
    for stem, by_code in reader.mapping(data.get("scores") or {}, "scores").items():
        if reader.known(stem, bid_stems, f"scores.{stem}", "bid: no file bids/{}.xlsx"):
            judgements[stem] = reader.judgements(by_code, f"scores.{stem}", judged_codes, members)
    decisions = {}
    for stem, raw in reader.mapping(data.get("decisions") or {}, "decisions").items():
        if reader.known(stem, bid_stems, f"decisions.{stem}", "bid: no file bids/{}.xlsx"):
            decisions[stem] = reader.decisions(raw, f"decisions.{stem}", all_codes)
    return ScoresFile(tuple(committee), judgements, decisions), reader.problems


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
        return BidDecisions(exclusion, abnormal, resolutions)

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


def resolution_problems_of(scores: ScoresFile, plan: ScoringPlan) -> list[Problem]:
    """The resolutions checked as the evaluation will check them (Directive 2014/24/EU Art. 56(3)), placed in
    the file: a clarified answer in the rule's value type, no resolution of a price or of a group."""
    leaves = {leaf.code: leaf for leaf in plan.leaves}
    problems = []
    for stem, decisions in scores.decisions.items():
        for code, resolution in decisions.resolutions.items():
            place = f"decisions.{stem}.resolutions.{code}"
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
