"""A stored sensitivity report with its sentences made translatable again, for pages and documents.

The scoring library writes its texts as Messages (scoring/messages.py): the English text with a msgid and
parameters. A stored result keeps only the English text (its JSON is the same in every language, and equal to
what `tender evaluate --json` prints), so before a page or document shows a stored report, its sentences are
rebuilt from the report's own fields by the library's functions, and app.presentation.message_text (or a
template printing the Message) writes them in the reader's or the procedure's language. Nothing here changes a
figure: only words. It imports neither Flask nor the models (the PDF worker's context builder uses it).
"""
from __future__ import annotations

from dataclasses import replace

from scoring.result import EvaluationResult
from scoring.rules.price import LOG_MULTIPLES, LogPrice, OneSidedLinearPrice, ProportionalPrice, TwoSidedLinearPrice
from scoring.sensitivity import SensitivityReport, summary_message, weight_message
from scoring.sensitivity_prices import NO_CHANGE, ONLY_FIXED, SOME_FIXED

# The library's fixed sentences a stored report holds as English text, by that text.
FIXED = {str(message): message for message in (
    NO_CHANGE, ONLY_FIXED, SOME_FIXED,
    *(rule.describe() for rule in (ProportionalPrice(), OneSidedLinearPrice(), TwoSidedLinearPrice(),
                                   *(LogPrice(a) for a in LOG_MULTIPLES))))}


def fixed_message(text: str) -> str:
    """A stored English sentence of the library as its Message, when it is one of the fixed ones; else the text."""
    return FIXED.get(text, text)


def readable_sensitivity(report: SensitivityReport, result: EvaluationResult, award_method: str
                         ) -> SensitivityReport:
    """The report with its summary, weight sentences, price note and price formulas as Messages again (the
    figures untouched); `result` names the bidders, `award_method` is the tender's."""
    names = {bid.bid_id: bid.bidder for bid in result.bids}
    return replace(
        report, summary=summary_message(report, result, award_method),
        weights=tuple(replace(weight, text=weight_message(weight, names)) for weight in report.weights),
        price_note=fixed_message(report.price_note),
        price_formulas=tuple(replace(row, description=fixed_message(row.description),
                                     changes=fixed_message(row.changes)) for row in report.price_formulas))

