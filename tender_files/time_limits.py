"""Minimum time limits for the receipt of tenders in an open procedure, Directive 2014/24/EU Art. 27.

- Art. 27(1): at least 35 days from the date the contract notice was sent.
- Art. 27(4): five days fewer when tenders may be submitted by electronic means (Art. 22(1)); this application
  receives every bid electronically, so the standing minimum is 30 days.
- Art. 27(2): at least 15 days when a prior information notice was published (on the conditions of Art. 27(2)).
- Art. 27(3): at least 15 days when a duly substantiated state of urgency makes 30 days impracticable.
- Art. 4: below the EU thresholds the Directive's time limits do not apply (national rules do).

The period is counted from publication here (the contract notice is taken as sent when the tender is published)
in whole 24-hour days up to the submission deadline. The restricted procedure (Art. 28) is not modelled.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from scoring.messages import Message

OPEN_MINIMUM_DAYS = 35  # Art. 27(1)
ELECTRONIC_REDUCTION_DAYS = 5  # Art. 27(4)
STANDING_MINIMUM_DAYS = OPEN_MINIMUM_DAYS - ELECTRONIC_REDUCTION_DAYS


@dataclass(frozen=True)
class Ground:
    """A recorded ground for a time limit shorter than the standing minimum."""

    key: str
    words: Message  # the ground in words, as the report names it
    article: Message  # the citation, written in each language's form
    minimum_days: int | None  # None: the Directive sets no minimum


GROUNDS = {ground.key: ground for ground in (
    Ground("urgency", Message("a duly substantiated state of urgency"),
           Message("Directive 2014/24/EU Art. 27(3)"), 15),
    Ground("prior_information", Message("a prior information notice was published"),
           Message("Directive 2014/24/EU Art. 27(2)"), 15),
    Ground("below_thresholds", Message("the estimated value is below the EU thresholds"),
           Message("Directive 2014/24/EU Art. 4"), None),
)}
STANDING_ARTICLE = Message("Directive 2014/24/EU Art. 27(1) and (4)")


@dataclass(frozen=True)
class TimeLimit:
    """The period bidders get and whether it needs a recorded ground."""

    days: float  # from publication to the deadline
    minimum_days: int

    @property
    def is_short(self) -> bool:
        """Shorter than 35 days less 5 for electronic submission."""
        return self.days < self.minimum_days

    @property
    def whole_days(self) -> int:
        """The full days bidders get."""
        return int(self.days)


def time_limit(published_at: datetime, deadline_at: datetime) -> TimeLimit:
    """The time limit for receipt of tenders if the tender is published at `published_at`."""
    return TimeLimit((deadline_at - published_at) / timedelta(days=1), STANDING_MINIMUM_DAYS)


def ground_problem(limit: TimeLimit, ground: str | None, reason: str) -> Message | None:
    """Why a short time limit cannot be published with this ground, in plain words (a Message: the publish page
    says it in the officer's language), or None."""
    if not limit.is_short:
        return None
    if ground not in GROUNDS:
        return Message("the deadline leaves %(days)s days, fewer than the %(minimum)s days of %(article)s: choose "
                       "the ground for a shorter time limit", days=limit.whole_days, minimum=limit.minimum_days,
                       article=STANDING_ARTICLE)
    chosen = GROUNDS[ground]
    if chosen.minimum_days is not None and limit.days < chosen.minimum_days:
        return Message("even with this ground the time limit must be at least %(minimum)s days (%(article)s); the "
                       "deadline leaves %(days)s: move it with the details form", minimum=chosen.minimum_days,
                       article=chosen.article, days=limit.whole_days)
    if not reason.strip():
        return Message("say why this ground applies: the reason is recorded with the publication")
    return None
