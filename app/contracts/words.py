"""The contract pages' words: periods, states, responses and values in the reader's language."""
from __future__ import annotations

from flask_babel import gettext as _

from app.languages import N_
from app.presentation import date_text, hhi_text, money_text, plain_text, points_text, share_text
from app.records.contracts import DUE, OPEN, OVERDUE, REPORTED, UPCOMING, Period
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
    if period.is_call_off:
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


def tolerance_words(conditions: PerformanceConditions) -> str:
    if conditions.tolerance_unit == "points":
        return _("%(points)s criterion points", points=plain_text(conditions.tolerance))
    return _("%(number)s metric points (percentage points, or HHI points for a concentration)",
             number=plain_text(conditions.tolerance))


def consequence_words(conditions: PerformanceConditions, currency: str) -> list[str]:
    """The consequences the contract states for a shortfall beyond the tolerance."""
    words = []
    if conditions.remedy_plan_days:
        words.append(_("a remedy plan within %(days)s days", days=conditions.remedy_plan_days))
    if conditions.amount_per_point:
        words.append(_("%(amount)s per point below the commitment",
                       amount=money_text(conditions.amount_per_point, currency)))
    if conditions.termination_after:
        words.append(_("a right to terminate after %(count)s reporting periods with a shortfall",
                       count=conditions.termination_after))
    return words


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


def reporting_words(conditions: PerformanceConditions) -> str:
    if conditions.period == "call_off":
        return _("a report per call-off, within %(days)s days", days=conditions.report_within_days)
    return _("a report per contract year for %(years)s years, within %(days)s days of the year's end",
             years=conditions.periods, days=conditions.report_within_days)
