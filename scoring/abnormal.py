"""Abnormally low prices (Directive 2014/24/EU Art. 69): flag, then record the buyer's decision.

The Directive sets no numeric trigger; the defaults follow ProZorro (openprocurement
awarding.py): 40% or more below the mean of the other bids, or 30% or more
below the next bid. Both are configurable per tender; None switches one off.

A price of zero is always flagged, whatever the triggers and however many bids there are: the
Court of Justice held that a tender may not be rejected on that ground alone and that it goes
through the Art. 69 procedure (Case C-367/19 Tax-Audit, 10 September 2020).
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Mapping
from dataclasses import dataclass

from scoring.messages import Message, Percent

BELOW_MEAN_OF_OTHERS_PCT = 40.0  # ProZorro (openprocurement awarding.py)
BELOW_NEXT_PCT = 30.0  # ProZorro (openprocurement awarding.py)
ZERO_PRICE = Message("a price of zero, which may not be rejected on that ground alone (Court of Justice, Case "
                     "C-367/19 Tax-Audit, 10 September 2020): the buyer must ask for an explanation under Art. 69 of "
                     "Directive 2014/24/EU and decide")


@dataclass(frozen=True)
class AbnormallyLowConfig:
    """The tender's published triggers, in percent below the comparison price."""

    below_mean_of_others_pct: float | None = BELOW_MEAN_OF_OTHERS_PCT
    below_next_pct: float | None = BELOW_NEXT_PCT


@dataclass(frozen=True)
class AbnormalFlag:
    """How far a bid's price lies below the others, whether that triggers a flag, and the decision."""

    below_mean_of_others_pct: float | None
    below_next_pct: float | None
    is_flagged: bool
    reasons: tuple[str, ...] = ()
    decision: str | None = None  # "accepted" | "rejected", from Bid.abnormal_decision
    decision_reason: str | None = None


NOT_COMPARED = AbnormalFlag(None, None, False)


def flag_abnormally_low(prices: Mapping[str, float], config: AbnormallyLowConfig) -> dict[str, AbnormalFlag]:
    """Compares each price with the mean of the others and with the next higher price, in O(n log n);
    a zero price is flagged in any case."""
    if len(prices) < 2:
        return {bid_id: _zero_price_flag() if price == 0 else NOT_COMPARED for bid_id, price in prices.items()}
    ordered = sorted(prices.values())
    total = math.fsum(ordered)  # exact, so the result does not depend on the order of bids
    flags = {}
    for bid_id, price in prices.items():
        mean_others = (total - price) / (len(ordered) - 1)
        position = bisect.bisect_left(ordered, price) + 1  # the next bid in price order
        next_price = ordered[position] if position < len(ordered) else None
        below_mean = _percent_below(price, mean_others)
        below_next = None if next_price is None else _percent_below(price, next_price)
        reasons = _reasons(price, below_mean, below_next, config)
        flags[bid_id] = AbnormalFlag(below_mean, below_next, bool(reasons), reasons)
    return flags


def flag_reasons(flag: AbnormalFlag, price: float | None, config: AbnormallyLowConfig) -> tuple[Message, ...]:
    """A stored flag's reasons as the Messages they were written from (an application writes them in its reader's
    language), made from the flag's figures, the bid's price and the published triggers."""
    return _reasons(price, flag.below_mean_of_others_pct, flag.below_next_pct, config)


def _reasons(price: float | None, below_mean: float | None, below_next: float | None,
             config: AbnormallyLowConfig) -> tuple[Message, ...]:
    reasons = [ZERO_PRICE] if price == 0 else []
    if _reaches(below_mean, config.below_mean_of_others_pct):
        reasons.append(Message("%(share)s below the mean of the other bids (trigger %(trigger)s)",
                               share=Percent(below_mean), trigger=Percent(config.below_mean_of_others_pct)))
    if _reaches(below_next, config.below_next_pct):
        reasons.append(Message("%(share)s below the next bid (trigger %(trigger)s)", share=Percent(below_next),
                               trigger=Percent(config.below_next_pct)))
    return tuple(reasons)


def _zero_price_flag() -> AbnormalFlag:
    """The flag of a zero price with nothing to compare it with."""
    return AbnormalFlag(None, None, True, (ZERO_PRICE,))


def _percent_below(price: float, reference: float) -> float | None:
    """How many percent `price` lies below `reference` (negative when above); None when the reference is
    zero, since nothing lies below it."""
    return round(100.0 * (reference - price) / reference, 9) if reference > 0 else None


def _reaches(value: float | None, trigger: float | None) -> bool:
    """A trigger fires when the distance reaches it; a switched-off trigger never fires."""
    return value is not None and trigger is not None and value >= trigger
