"""A stored sensitivity report with its sentences made translatable again, for pages and documents.

The scoring library writes its texts as Messages (scoring/messages.py): the English text with a msgid and
parameters. A stored result keeps only the English text (its JSON is the same in every language, and equal to
what `tender evaluate --json` prints), so before a page or document shows a stored report, its sentences are
rebuilt from the report's own fields by the library's functions, and app.presentation.message_text (or a
template printing the Message) writes them in the reader's or the procedure's language. Nothing here changes a
figure: only words. It imports neither Flask nor the models (the PDF worker's context builder uses it).
"""
from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from scoring.abnormal import flag_reasons
from scoring.criteria import walk
from scoring.definition import Tender
from scoring.eligibility import (
    abnormal_reasons,
    control_reason,
    excluded_answer_reasons,
    failed_gate_reasons,
    gate_reasons,
    price_reason,
)
from scoring.evaluation import NOTICES
from scoring.leaf_scoring import NOTES as CRITERION_NOTES
from scoring.lot_award import award_lots
from scoring.lot_evaluation import LotsEvaluation
from scoring.lots import LotsAward
from scoring.messages import Message, Percent
from scoring.plan import ScoringPlan, plan_scoring
from scoring.problems import Problem
from scoring.resilience.reading import names_message
from scoring.result import BidResult, EvaluationResult
from scoring.rules.price import price_problem
from scoring.self_assessment import STAGE_WORDS
from scoring.sensitivity import SensitivityReport, summary_message, weight_message
from scoring.sensitivity_prices import ONLY_FIXED, SOME_FIXED, row_messages

# The notes a stored report holds as English text, by that text.
NOTES = {str(message): message for message in (ONLY_FIXED, SOME_FIXED)}
# Eligibility reasons whose parameters a result does not keep (the officer's words, the price as received): read
# back from the English text, their parameters as the text has them (each read back again: an exclusion's words
# may be the library's sentence on grounds concerning the tenderer, scoring/lot_evaluation.py).
READ_BACK = (Message("Excluded by the officer: %(reason)s", reason=""),
             Message("%(reason)s (grounds concerning the tenderer, recorded in lot %(lot)s: excluded from every lot)",
                     reason="", lot=""),
             Message("Invalid price: %(problem)s; a price must be a number, zero or more", problem=""),
             # a minimum-score gate whose stored points no longer give the same sentence when rebuilt (rounded)
             Message("Scored %(score)s on %(group)s, below its minimum score of %(minimum)s", score="", group="",
                     minimum=""),
             Message("Scored %(score)s on %(group)s, below its minimum score of %(minimum)s (provisional: "
                     "%(missing)s answers missing)", score="", group="", minimum="", missing=""))
# A criterion note's parameters that are not text, from the text the English note has them in: material names (a
# sentence's list), a stage's code, a share ("60"), a count, a price.
NOTE_PARAMETERS = {
    "materials": lambda text: names_message(re.split(r", | and ", text)), "unknown": lambda text: names_message(
        re.split(r", | and ", text)), "stage": lambda text: STAGE_WORDS.get(text, text),
    "share": lambda text: Percent(float(text.removesuffix("%"))), "count": int,
    "price": lambda text: float(text.replace(",", ""))}


def readable_result(result: EvaluationResult, definition: Tender) -> EvaluationResult:
    """The result with each abnormally low price's reasons as Messages again, rebuilt from the flag's figures, the
    price and the published triggers (a flag whose rebuilt reasons differ from the stored ones keeps its own), and
    each criterion's note (readable_note), each ineligible bid's reasons (eligibility_reasons)."""
    plan = plan_scoring(definition) if any(bid.reasons for bid in result.bids) else None
    bids = []
    for bid in result.bids:
        bid = replace(bid, criteria=tuple(cell._replace(note=readable_note(cell.note)) if cell.note else cell
                                          for cell in bid.criteria))
        reasons = flag_reasons(bid.abnormal, bid.price, definition.abnormally_low) if bid.abnormal.reasons else ()
        same = list(map(str, reasons)) == list(bid.abnormal.reasons)
        bid = replace(bid, abnormal=replace(bid.abnormal, reasons=reasons)) if reasons and same else bid
        bids.append(replace(bid, reasons=eligibility_reasons(bid, definition, plan)) if bid.reasons else bid)
    return replace(result, bids=tuple(bids))


def eligibility_reasons(bid: BidResult, definition: Tender, plan: ScoringPlan | None) -> tuple[str, ...]:
    """A stored bid's reasons for ineligibility as Messages again: each rebuilt by scoring/eligibility.py from what
    the result keeps (the criteria's statuses, points and notes, the abnormally low flag, the tender's excluded
    countries), or read back from its English text (READ_BACK); a reason neither gives stays as stored."""
    rebuilt = (excluded_answer_reasons(plan, bid.criteria) + failed_gate_reasons(plan, bid.criteria)
               + gate_reasons(plan, bid.criteria) + abnormal_reasons(bid.abnormal)
               + [control_reason(code) for code in definition.excluded_control_countries]
               + ([price_reason(price_problem(None))] if bid.price is None else []))
    known = {str(message): message for message in rebuilt}
    return tuple(known.get(reason) or _read_back(reason) or reason for reason in bid.reasons)


def _read_back(text: str) -> Message | None:
    """The message of READ_BACK whose English form `text` is, with its text parameters, or None."""
    return _matching(READ_BACK, text, lambda _key, value: _read_back(value) or value)


# Where a stored notice is: a bid's price, or its resolution of a criterion (scoring/evaluation.py NOTICES).
NOTICE_PLACE = re.compile(r"bids\[(?P<bid>.+)\]\.(?:price|resolutions\.(?P<code>.+))")


def readable_problems(result: EvaluationResult, definition: Tender) -> tuple[Problem, ...]:
    """The notices stored with a result (an invalid price, an ignored resolution), each placed by the bidder's
    name and the criterion's name instead of the library's "bids[...]" path, its message again a Message."""
    bidders = {bid.bid_id: bid.bidder for bid in result.bids}
    names = {criterion.code: criterion.name for _, criterion in walk(definition.criteria)}
    problems = []
    for problem in result.problems:
        found = NOTICE_PLACE.fullmatch(problem.place)
        place = problem.place
        if found and found["bid"] in bidders:
            place = bidders[found["bid"]]
            place += f", {names.get(found['code'], found['code'])}" if found["code"] else ""
        problems.append(Problem(place, _read_in(NOTICES, str(problem.message))))
    return tuple(problems)


@lru_cache(maxsize=4096)
def readable_note(text: str) -> str:
    """A stored criterion note (how its value was reached, scoring/leaf_scoring.py NOTES) as its Message again, read
    back from its English text with its parameters (nested notes read back too, NOTE_PARAMETERS typed); a note no
    template gives stays as stored. A page shows the same notes at every request: read back once."""
    return _read_in(CRITERION_NOTES, text)


def _read_in(templates: tuple[Message, ...], text: str) -> str:
    """The template whose English form `text` is, as a Message with its parameters read back; else `text`."""
    return _matching(templates, text, _note_parameter) or text


def _matching(templates: tuple[Message, ...], text: str, parameter) -> Message | None:
    """The first template whose English form `text` is, its parameters read by `parameter(name, text)`; a
    template whose parameter does not read as its type (ValueError: another template's text) is passed over."""
    for message in templates:
        found = _pattern(message.msgid).fullmatch(text)
        if found:
            try:
                return Message(message.msgid, **{key: parameter(key, value)
                                                 for key, value in found.groupdict().items()})
            except ValueError:
                continue
    return None


def _note_parameter(key: str, text: str) -> object:
    nested = readable_note(text)
    if isinstance(nested, Message):
        return nested
    return NOTE_PARAMETERS[key](text) if key in NOTE_PARAMETERS else text


@lru_cache(maxsize=None)
def _pattern(msgid: str) -> re.Pattern:
    parts = re.split(r"%\((\w+)\)s", msgid)
    return re.compile("".join(re.escape(part) if index % 2 == 0 else f"(?P<{part}>.+)"
                              for index, part in enumerate(parts)), re.DOTALL)


def readable_sensitivity(report: SensitivityReport, result: EvaluationResult, definition: Tender
                         ) -> SensitivityReport:
    """The report with its summary, weight sentences, price note and price formulas as Messages again (the
    figures untouched); `result` names the bidders, `definition` is the tender it was computed for."""
    names = {bid.bid_id: bid.bidder for bid in result.bids}
    plan = plan_scoring(definition)
    return replace(
        report, summary=summary_message(report, result, definition.award_method),
        weights=tuple(replace(weight, text=weight_message(weight, names)) for weight in report.weights),
        price_note=NOTES.get(report.price_note, report.price_note),
        price_formulas=tuple(replace(row, **dict(zip(("description", "changes"), row_messages(plan, row))))
                             for row in report.price_formulas))


def readable_award(evaluation: LotsEvaluation) -> LotsAward:
    """The award across lots with its sentences as Messages again: awarded anew from the stored rankings under the
    published lot rules (scoring/lot_award.py), kept only when it is the stored award word for word (else the
    stored award, in English)."""
    award = evaluation.award
    rebuilt = award_lots(award.rules, evaluation.rankings)
    return rebuilt if rebuilt.to_dict() == award.to_dict() else award
