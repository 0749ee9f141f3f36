"""The contract pages' words: periods, states, responses and values in the reader's language.

The conditions' own words (tolerance, reporting, consequences) come from app/records/performance_terms.py: the
tender pages that publish the conditions state them in the same words.
"""
from __future__ import annotations

from flask_babel import gettext as _

from app.languages import N_
from app.presentation import date_text, hhi_text, plain_text, points_text, share_text
from app.records.contracts import DUE, OPEN, OVERDUE, REPORTED, UPCOMING, Period
from app.records.performance_terms import consequence_words as consequence_words
from app.records.performance_terms import reporting_words as reporting_words
from app.records.performance_terms import tolerance_words as tolerance_words
from scoring.performance import Commitment, Delivery
from scoring.performance_conditions import PerformanceConditions

STATE_WORDS = {UPCOMING: N_("not begun"), OPEN: N_("open for its report"), DUE: N_("report due"),
               OVERDUE: N_("report overdue"), REPORTED: N_("reported")}
RESPONSE_WORDS = {"accepted": N_("accepted"), "remedy": N_("remedy requested"),
                  "amount": N_("contractual amount applied")}
METRIC_WORDS = {"largest_third_country_share": N_("largest share of one third country"),
                "hhi": N_("concentration (HHI)"), "eu_share": N_("share from the EU-27"),
                "partner_share": N_("share from partner countries"), "recycled_share": N_("recycled feedstock")}


def period_words(period: Period) -> str:
    """ "year 1 (1 Jan 2027 to 31 Dec 2027)", or "call-off 2"."""
    if period.first is None:
        return _("call-off %(number)s", number=period.number)
    return _("year %(number)s (%(first)s to %(last)s)", number=period.number, first=date_text(period.first),
             last=date_text(period.last))


def period_short(period: Period) -> str:
    """ "year 1", or "call-off 2" (chart rows)."""
    if period.first is None:
        return _("call-off %(number)s", number=period.number)
    return _("year %(number)s", number=period.number)


def state_words(state: str) -> str:
    return _(STATE_WORDS[state])


def response_words(kind: str) -> str:
    return _(RESPONSE_WORDS[kind])


def metric_words(commitment: Commitment) -> str:
    return _(METRIC_WORDS[commitment.metric])


def value_words(commitment: Commitment, value: float | None) -> str:
    """A metric's value as the criterion reads it: an HHI as a whole number, the others as percentages."""
    if value is None:
        return _("not measurable")
    return hhi_text(value) if commitment.metric == "hhi" else share_text(value)


def shortfall_words(conditions: PerformanceConditions, delivery: Delivery) -> str:
    """How far below the commitment, in the tolerance's unit."""
    if delivery.shortfall is None:
        return _("not measurable: a committed material is not reported")
    if conditions.tolerance_unit == "points":
        return _("%(points)s points", points=points_text(delivery.shortfall))
    return _("%(number)s metric points", number=plain_text(delivery.shortfall, 2))
