"""The published lot rules of a tender divided into lots in sentences (Directive 2014/24/EU Art. 46(2)), in the
current locale: the award page's and the report's words, written once. Like app.presentation it imports neither
Flask nor the models (the report is written in the render worker)."""
from __future__ import annotations

from app.presentation import N_, catalogue, current_locale
from scoring.lots import HIGHEST_TOTAL_SCORE, LotRules

# How a lot is chosen for a tenderer who would win more lots than the lot rules allow (scoring/lots.py).
LOT_AWARD_RULES = {HIGHEST_TOTAL_SCORE: N_("the highest total score")}


def lot_rules_text(rules: LotRules) -> list[str]:
    """The published lot rules in sentences, in the current locale (Directive 2014/24/EU Art. 46(2)): the award
    page and the report say them in the same words."""
    words = catalogue(current_locale().language)
    bid, awarded = rules.max_lots_bid_per_tenderer, rules.max_lots_awarded_per_tenderer
    rule = words.gettext(LOT_AWARD_RULES[rules.award_rule])
    return [words.gettext("A tenderer may bid for every lot.") if bid is None else
            words.ngettext("A tenderer may bid for at most %(num)s lot.",
                           "A tenderer may bid for at most %(num)s lots.", bid) % {"num": bid},
            words.gettext("There is no limit on the lots one tenderer may be awarded.") if awarded is None else
            words.ngettext("One tenderer may be awarded at most %(num)s lot; when it would win more, the published "
                           "rule decides which: %(rule)s.", "One tenderer may be awarded at most %(num)s lots; when it "
                           "would win more, the published rule decides which: %(rule)s.", awarded)
            % {"num": awarded, "rule": rule}]
