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

from scoring.abnormal import flag_reasons
from scoring.definition import Tender
from scoring.plan import plan_scoring
from scoring.result import EvaluationResult
from scoring.sensitivity import SensitivityReport, summary_message, weight_message
from scoring.sensitivity_prices import ONLY_FIXED, SOME_FIXED, row_messages

# The notes a stored report holds as English text, by that text.
NOTES = {str(message): message for message in (ONLY_FIXED, SOME_FIXED)}


def readable_result(result: EvaluationResult, definition: Tender) -> EvaluationResult:
    """The result with each abnormally low price's reasons as Messages again, rebuilt from the flag's figures, the
    price and the published triggers (a flag whose rebuilt reasons differ from the stored ones keeps its own)."""
    bids = []
    for bid in result.bids:
        reasons = flag_reasons(bid.abnormal, bid.price, definition.abnormally_low) if bid.abnormal.reasons else ()
        same = list(map(str, reasons)) == list(bid.abnormal.reasons)
        bids.append(replace(bid, abnormal=replace(bid.abnormal, reasons=reasons)) if reasons and same else bid)
    return replace(result, bids=tuple(bids))


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

