"""What the self-assessment page shows: points per criterion with the rule's words, what would raise the score,
and the declared supply chain beside the world's (scoring.resilience.world_baseline); for a tender divided into
lots, all of it for each lot the workbook bids for (Directive 2014/24/EU Art. 46: each lot is assessed on its own
criteria and bill of materials)."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.charts import StageComparison, flag_text, resilience_comparisons
from app.presentation import message_text
from scoring.bids import Bid
from scoring.definition import Tender
from scoring.lot_definition import Lot
from scoring.problems import Problem
from scoring.resilience import compute_profile
from scoring.result import INCOMPLETE, INVALID, MISSING, SCORED
from scoring.self_assessment import COMMITTEE, DEPENDS, AssessedCriterion, SelfAssessment, self_assess_lots
from workbooks import ParsedWorkbook
from workbooks.safety import PLACE as WHOLE_FILE

STATUS_WORDS = {SCORED: _l("scored"), DEPENDS: _l("depends on the other bids: scored at the evaluation"),
                COMMITTEE: _l("scored by the evaluation committee"),
                MISSING: _l("missing: not answered, so it earns nothing (a blank is not scored as zero)"),
                INVALID: _l("not valid: not scored, and the bid is ineligible until it is corrected")}
SELF_ASSESSED_BID = "self-assessment"


@dataclass(frozen=True)
class Part:
    """The self-assessment of the bid for one lot; a tender without lots has one part, of no lot."""

    lot: Lot | None
    result: SelfAssessment
    hints: tuple[AssessedCriterion, ...]  # largest gain first
    resilience: tuple[StageComparison, ...]
    flags: tuple[str, ...]


@dataclass(frozen=True)
class Assessment:
    """The self-assessment of one uploaded workbook (nothing of it is stored)."""

    sha256: str
    workbook: ParsedWorkbook
    parts: tuple[Part, ...]


def assess(tender: Tender, workbook: ParsedWorkbook, sha256: str) -> Assessment:
    """Score the workbook alone, lot by lot, and compare each supply chain with the world; InvalidInput lists every
    problem."""
    bids = _bids(workbook)
    assessments = self_assess_lots(tender, bids)
    lots = {lot.number: lot for lot in tender.lots}
    return Assessment(sha256, workbook, tuple(_part(tender.lot_view(number), lots.get(number), bids[number],
                                                    assessments[number]) for number in sorted(bids)))


def _part(tender: Tender, lot: Lot | None, bid: Bid, result: SelfAssessment) -> Part:
    hints = tuple(sorted((c for c in result.criteria if c.hint), key=lambda c: -(c.hint_gain or 0.0)))
    profile = None
    if tender.bill_of_materials and bid.supply:
        profile = compute_profile(bid.supply, tender.bill_of_materials, tender.partner_group)
    resilience = resilience_comparisons(profile, tender) if profile else ()
    flags = tuple(flag_text(flag) for flag in profile.flags) if profile else ()
    return Part(lot, result, hints, resilience, flags)


def check(tender: Tender, workbook: ParsedWorkbook) -> None:
    """Raise InvalidInput listing what the evaluation would refuse in the workbook's bids (no charts, no hints)."""
    self_assess_lots(tender, _bids(workbook))


def _bids(workbook: ParsedWorkbook) -> dict[int, Bid]:
    """The workbook's bid for each lot it bids for (lot 1 for a tender without lots)."""
    return workbook.to_bids(SELF_ASSESSED_BID, workbook.company.name, None)


def status_words(criterion: AssessedCriterion) -> str:
    """The criterion's state in the words the page uses; an incomplete one names the material and stage missing."""
    if criterion.status == INCOMPLETE:
        note = message_text(criterion.note)
        return note[:1].upper() + note[1:]  # the note begins with the status word ("incomplete: ...")
    return STATUS_WORDS.get(criterion.status, criterion.status)


def problem_place(problem: Problem) -> tuple[str, str]:
    """A problem's sheet and cell ("Company!B4" -> ("Company", "B4")); a whole-file problem has no cell."""
    sheet, _bang, cell = problem.place.partition("!")
    return (_("whole file") if sheet == WHOLE_FILE else sheet), cell
