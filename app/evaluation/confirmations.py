"""What each irreversible evaluation act does and what it fixes for good, as its confirmation page says it."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import ngettext

from app.models import Bid, Tender
from app.presentation import time_text
from scoring.lots import LotsAward


@dataclass(frozen=True)
class Confirmation:
    title: str
    button: str
    happens: tuple[str, ...]
    final: tuple[str, ...]
    button_class: str = "primary"


def opening(tender: Tender) -> Confirmation:
    """The four-eyes opening (Directive 2014/24/EU Annex IV (b), (e))."""
    deadline = time_text(tender.submission_deadline_at, tender.time_zone)
    return Confirmation(
        _("Confirm the opening of the bids"), _("Confirm the opening"),
        (_("Your confirmation is recorded with the time and your name; with a second committee member's "
           "confirmation every bid received before %(deadline)s is opened (Directive 2014/24/EU Annex IV (b), (e)).",
           deadline=deadline),
         _("Once open, the opening record lists every bid with its receipt time and SHA-256 in the audit log.")),
        (_("Your confirmation cannot be withdrawn."),
         _("Once open, bids cannot be sealed again, and their bidders can no longer replace or withdraw them.")))


def consensus() -> Confirmation:
    return Confirmation(
        _("Start consensus"), _("Start consensus"),
        (_("Every member's individual scores are locked as they stand; a judgement a member has not scored stays "
           "unscored by them."),
         _("As chair you then see every score and record the consensus score of each judgement, with its "
           "justification.")),
        (_("Individual scores can no longer be entered or changed by anyone."),))


def exclusion(bid: Bid) -> Confirmation:
    name = bid.organisation.name
    return Confirmation(
        _("Exclude the bid of %(bidder)s", bidder=name), _("Exclude the bid"),
        (_("The bid of %(bidder)s is left out of the ranking; the reason you give is quoted in the evaluation report "
           "and in the bidder's debrief letter.", bidder=name), _("The exclusion is recorded in the audit log.")),
        (_("The exclusion cannot be withdrawn: the bid is not scored or ranked again in this evaluation."),),
        button_class="danger")


def finalisation() -> Confirmation:
    return Confirmation(
        _("Finalise the evaluation"), _("Finalise the evaluation"),
        (_("The result is fixed: its SHA-256 is written to the audit log and the log is checkpointed."),
         _("The evaluation report, the debrief letters and, for auditors, the evidence bundle become available."),
         _("Technical evaluators of a two-envelope tender then see prices and rankings.")),
        (_("No score, consensus score, decision, resolution or committee member can change afterwards."),))


def lots_finalisation(award: LotsAward, titles: dict[int, str]) -> Confirmation:
    """Finalising a tender divided into lots (Directive 2014/24/EU Art. 46): the award it fixes, lot by lot and
    tenderer by tenderer, listed with what happens."""
    plain = finalisation()
    lots = [_("Lot %(number)s (%(title)s) is awarded to %(winner)s.", number=lot.lot, title=titles.get(lot.lot, ""),
              winner=lot.winner) if lot.winner else
            _("Lot %(number)s (%(title)s) is not awarded.", number=lot.lot, title=titles.get(lot.lot, ""))
            for lot in award.lots]
    tenderers = [_("%(tenderer)s is awarded %(lots)s.", tenderer=t.tenderer,
                   lots=ngettext("lot %(lots)s", "lots %(lots)s", len(t.lots), lots=", ".join(map(str, t.lots))))
                 for t in award.tenderers if t.lots]
    return Confirmation(plain.title, plain.button, (*plain.happens, *lots, *tenderers), plain.final)


def lot_exclusion(bid: Bid, lot: int) -> Confirmation:
    """Excluding one tenderer's bid for one lot of a tender divided into lots, or the tenderer from every lot on
    grounds that concern the tenderer (Directive 2014/24/EU Art. 57)."""
    name = bid.organisation.name
    return Confirmation(
        _("Exclude the bid of %(bidder)s for lot %(lot)s", bidder=name, lot=lot), _("Exclude the bid"),
        (_("The bid of %(bidder)s for lot %(lot)s is left out of the lot's ranking; the reason you give is quoted in "
           "the evaluation report and in the bidder's debrief letter.", bidder=name, lot=lot),
         _("If the ground concerns the tenderer rather than its bid for this lot (the exclusion grounds of Directive "
           "2014/24/EU Art. 57), tick the box: %(bidder)s is then excluded from every lot it bid for.", bidder=name),
         _("The exclusion is recorded in the audit log with the lot.")),
        (_("The exclusion cannot be withdrawn: the bid is not scored or ranked again in this evaluation."),),
        button_class="danger")
