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
from app.records.performance_terms import period_name
from app.records.performance_terms import reporting_words as reporting_words
from app.records.performance_terms import tolerance_words as tolerance_words
from scoring.performance import Commitment, Delivery, TerminationCount
from scoring.performance_conditions import PerformanceConditions

STATE_WORDS = {UPCOMING: N_("not begun"), OPEN: N_("open for its report"), DUE: N_("report due"),
               OVERDUE: N_("report overdue"), REPORTED: N_("reported")}
RESPONSE_WORDS = {"accepted": N_("accepted"), "remedy": N_("remedy requested"),
                  "amount": N_("contractual amount applied")}
METRIC_WORDS = {"largest_third_country_share": N_("largest share of one third country"),
                "hhi": N_("concentration (HHI)"), "eu_share": N_("share from the EU-27"),
                "partner_share": N_("share from partner countries"), "recycled_share": N_("recycled feedstock")}


def period_words(period: Period) -> str:
    """ "year 1 (1 Jan 2027 to 31 Dec 2027)", or "call-off 2 of 3 Mar 2027 (order 17, 2 t)"."""
    if period.is_call_off:
        return _("call-off %(number)s of %(day)s (%(reference)s)", number=period.number,
                 day=date_text(period.first), reference=period.reference)
    return _("year %(number)s (%(first)s to %(last)s)", number=period.number, first=date_text(period.first),
             last=date_text(period.last))


def period_short(period: Period) -> str:
    """ "year 1", or "call-off 2" (chart rows)."""
    return period_name(period.number, period.is_call_off)


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



def termination_words(count: TerminationCount, periods: list[Period]) -> str:
    """Where the contract's termination clause stands (Directive 2014/24/EU Art. 70: a condition the contract
    states; the authority decides whether to use the right, the application terminates nothing). Empty when the
    contract states no termination right."""
    if count.after is None:
        return ""
    named = ", ".join(period_short(period) for period in periods if period.number in count.periods)
    if count.is_open:
        return _("The contract's termination right is open: %(count)s reporting periods with a shortfall beyond the "
                 "tolerance (%(periods)s) have reached the %(after)s after which the contract gives the authority a "
                 "right to terminate. Whether to use it is the authority's decision.",
                 count=len(count.periods), periods=named, after=count.after)
    if not count.periods:
        return _("No reporting period with a shortfall beyond the tolerance so far; the contract gives the authority "
                 "a right to terminate after %(after)s periods with a shortfall.", after=count.after)
    return _("Reporting periods with a shortfall beyond the tolerance so far: %(count)s of the %(after)s after which "
             "the contract gives the authority a right to terminate (%(periods)s).",
             count=len(count.periods), after=count.after, periods=named)
