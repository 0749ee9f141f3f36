"""Scoring and decisions lot by lot, for a tender divided into lots (Directive 2014/24/EU Art. 46).

Each lot is awarded as its own contract, so the committee scores each lot's bids on the lot's criteria and the
chair decides missing answers, exclusions and abnormally low prices per lot; the verbs are the one-lot ones with
the lot as a parameter (judging.py, decisions.py, resolving.py). A page names its lot in its address; a form
carries it in a hidden field, checked by the service like the bid it names: an unknown lot, or a bid not made for
that lot, gets a message on the page, never an error page.
"""
from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.access import roles
from app.errors import perform
from app.evaluation import confirmations, decisions, judging, resolving
from app.evaluation.blueprint import bp
from app.evaluation.forms import (
    ConfirmForm,
    LotAbnormalForm,
    LotExcludeForm,
    LotResolveForm,
    LotScoreForm,
    LotWithdrawResolutionForm,
    cell_form,
)
from app.evaluation.views import _confirmation
from app.extensions import db
from app.forms import requested_id
from app.models import Bid, Tender
from app.models.bid import SUBMITTED
from app.models.user import OFFICER
from app.records.access import authority_tender, require_bid_access, require_price_access
from app.records.evaluation import live_bids
from app.records.stored_results import lots_evaluation_of
from scoring import InvalidInput


def _lot_or_redirect(tender: Tender, lot_number: int | None, endpoint: str, one_lot_endpoint: str):
    """(the lot, None) when the tender has it; else (None, a redirect) to its first lot's page, or to the one-lot
    page of a tender without lots, with a message saying why."""
    numbers = judging.lot_numbers(tender)
    if not numbers:
        flash(_("This tender is not divided into lots."), "error")
        return None, redirect(url_for(one_lot_endpoint, tender_id=tender.id))
    if lot_number not in numbers:
        flash(_("Lot: there is no lot %(lot)s in this tender.", lot=lot_number), "error")
        return None, redirect(url_for(endpoint, tender_id=tender.id, lot_number=numbers[0]))
    return lot_number, None


ONE_LOT_PAGES = {"evaluation.lot_scoring_page": "evaluation.scoring_page",
                 "evaluation.lot_decisions_page": "evaluation.decisions_page"}


def _back(tender: Tender, lot_number: int | None, endpoint: str) -> str:
    """The lot page a form returns to: the form's lot if the tender has it, else its first lot (the one-lot page
    of a tender without lots)."""
    numbers = judging.lot_numbers(tender)
    if not numbers:
        return url_for(ONE_LOT_PAGES[endpoint], tender_id=tender.id)
    return url_for(endpoint, tender_id=tender.id, lot_number=lot_number if lot_number in numbers else numbers[0])


def _chooser(tender: Tender, lot: int, endpoint: str, progress: dict[int, tuple[int, int]] | None = None) -> dict:
    """The lot chooser's links: each lot with its title (and the member's progress in it)."""
    return {"endpoint": endpoint, "current": lot, "progress": progress or {},
            "lots": [(row.number, row.title) for row in tender.lots]}


def _scoring(tender: Tender, seat, lot: int, sent: LotScoreForm | None = None):
    """A lot's score sheet; a form that was just sent and refused stays in its cell with its errors."""
    bids = live_bids(tender, with_lots=True)
    cells = judging.score_sheet(tender, current_user, bids, lot)
    is_consensus_turn = bool(tender.consensus_started_at and seat.is_chair)
    forms = [cell_form(cell.bid.id, cell.criterion.id, cell.consensus if is_consensus_turn else cell.own,
                       cell.scale, is_consensus_turn, sent, LotScoreForm) for cell in cells]
    done, total = judging.progress(cells, is_consensus_turn)
    progress = judging.lot_progress(tender, current_user, bids, is_consensus_turn)
    return render_template("evaluation/scoring.html", tender=tender, seat=seat, lot=lot,
                           chooser=_chooser(tender, lot, "evaluation.lot_scoring_page", progress),
                           cells=list(zip(cells, forms, strict=True)), done=done, total=total,
                           is_consensus_turn=is_consensus_turn, confirm=ConfirmForm())


@bp.route("/lots/<int:lot_number>/scoring")
@roles(OFFICER)
def lot_scoring_page(tender_id: int, lot_number: int):
    tender = authority_tender(tender_id)
    seat = require_bid_access(tender)
    lot, elsewhere = _lot_or_redirect(tender, lot_number, "evaluation.lot_scoring_page", "evaluation.scoring_page")
    return elsewhere or _scoring(tender, seat, lot)


@bp.route("/lots/scoring", methods=["POST"])
@roles(OFFICER)
def record_lot_score(tender_id: int):
    tender = authority_tender(tender_id)
    seat = require_bid_access(tender)
    form = LotScoreForm()
    back = _back(tender, form.lot_number.data, "evaluation.lot_scoring_page")
    is_valid = form.validate_on_submit()  # a malformed hidden value is answered 400 here
    if form.lot_number.data not in judging.lot_numbers(tender):
        _hidden_refused(tender, form)
        return redirect(back)
    if not is_valid:
        return _scoring(tender, seat, form.lot_number.data, form), form.status
    verb = judging.record_consensus if tender.consensus_started_at and seat.is_chair else judging.record_score
    if perform(verb, tender, current_user, form.bid_id.data, form.criterion_id.data, form.points.data,
               form.justification.data, form.version.data or None, form.lot_number.data, form=form, back=back):
        flash(_("Score saved."), "success")
        return redirect(back)
    return _scoring(tender, seat, form.lot_number.data, form), form.status


def _hidden_refused(tender: Tender, form) -> None:
    """The message of a well-formed hidden lot number that names no lot of the tender (an old page, a hand-made
    request), placed at the top of the lot's page; a malformed one is answered 400 by the form (app/forms.py)."""
    if not judging.lot_numbers(tender):
        flash(_("This tender is not divided into lots."), "error")
    else:
        flash(_("Lot: there is no lot %(lot)s in this tender.", lot=form.lot_number.data), "error")


@bp.route("/lots/<int:lot_number>/decisions")
@roles(OFFICER)
def lot_decisions_page(tender_id: int, lot_number: int):
    tender = authority_tender(tender_id)
    seat = require_price_access(tender)
    lot, elsewhere = _lot_or_redirect(tender, lot_number, "evaluation.lot_decisions_page",
                                      "evaluation.decisions_page")
    if elsewhere:
        return elsewhere
    in_lot = judging.bids_in_lot(live_bids(tender, with_lots=True), lot)
    bids = {bid.label: bid for bid in in_lot}
    paths = resolving.criterion_paths(tender, lot)
    try:
        result, problems = lots_evaluation_of(tender).lot(lot), []
    except InvalidInput as error:  # stored decisions the engine refuses: show them, so they can be withdrawn
        result, problems = None, [resolving.problem_text(p, bids, paths) for p in error.problems]
    return render_template("evaluation/decisions.html", tender=tender, seat=seat, result=result, bids=bids,
                           problems=problems, paths=paths, hints=resolving.answer_hints(tender, lot), lot=lot,
                           chooser=_chooser(tender, lot, "evaluation.lot_decisions_page"),
                           resolutions={label: resolving.lot_resolutions(bid, lot) for label, bid in bids.items()},
                           decided={label: decisions.decided_row(bid, lot) for label, bid in bids.items()},
                           tenderer_excluded={label for label, bid in bids.items()
                                              if decisions.tenderer_excluded(bid, lot)},
                           resolve=LotResolveForm(), withdraw=LotWithdrawResolutionForm(), exclude=LotExcludeForm(),
                           abnormal=LotAbnormalForm(), confirm=ConfirmForm())


def _decision(tender: Tender, form, verb, *args, success: str):
    """Check the form, run the verb for its lot and return to the lot's decisions page (PRG)."""
    back = _back(tender, form.lot_number.data, "evaluation.lot_decisions_page")
    is_valid = form.validate_on_submit()  # a malformed hidden value is answered 400 here
    if form.lot_number.data not in judging.lot_numbers(tender):
        _hidden_refused(tender, form)
        return redirect(back)
    if not is_valid:
        for field, errors in form.errors.items():
            flash(f"{getattr(form, field).label.text}: {'; '.join(map(str, errors))}", "error")
        return redirect(back)
    perform(verb, tender, current_user, *args, back=back)
    flash(success, "success")
    return redirect(back)


@bp.route("/lots/decisions/resolve", methods=["POST"])
@roles(OFFICER)
def lot_resolve_missing(tender_id: int):
    tender = authority_tender(tender_id)
    require_price_access(tender)
    form = LotResolveForm()
    return _decision(tender, form, resolving.resolve_missing, form.bid_id.data, form.code.data, form.kind.data,
                     form.reason.data, form.clarification(), form.lot_number.data,
                     success=_("Missing answer resolved."))


@bp.route("/lots/decisions/withdraw-resolution", methods=["POST"])
@roles(OFFICER)
def lot_withdraw_resolution(tender_id: int):
    tender = authority_tender(tender_id)
    require_price_access(tender)
    form = LotWithdrawResolutionForm()
    return _decision(tender, form, resolving.withdraw_resolution, form.bid_id.data, form.code.data,
                     form.lot_number.data, success=_("Resolution withdrawn: the answer is missing again."))


@bp.route("/lots/decisions/abnormal", methods=["POST"])
@roles(OFFICER)
def lot_decide_abnormal(tender_id: int):
    tender = authority_tender(tender_id)
    require_price_access(tender)
    form = LotAbnormalForm()
    return _decision(tender, form, decisions.decide_abnormal, form.bid_id.data, form.decision.data,
                     form.reason.data, form.lot_number.data, success=_("Decision recorded."))


@bp.route("/lots/<int:lot_number>/decisions/exclude")
@roles(OFFICER)
def lot_exclude_page(tender_id: int, lot_number: int):
    tender = authority_tender(tender_id)
    require_price_access(tender)
    lot, elsewhere = _lot_or_redirect(tender, lot_number, "evaluation.lot_decisions_page",
                                      "evaluation.decisions_page")
    if elsewhere:
        return elsewhere
    back = url_for("evaluation.lot_decisions_page", tender_id=tender.id, lot_number=lot)
    bid = db.session.get(Bid, requested_id("bid_id"))
    if (bid is None or bid.tender_id != tender.id or bid.status != SUBMITTED
            or not any(row.lot_number == lot for row in bid.lots)):
        flash(_("Bid: no such bid for lot %(lot)s in this tender.", lot=lot), "error")
        return redirect(back)
    if decisions.decided_row(bid, lot).exclusion_reason or decisions.tenderer_excluded(bid, lot):
        return redirect(back)
    form = LotExcludeForm(formdata=None, data={"bid_id": bid.id, "lot_number": lot})
    return _confirmation(tender, confirmations.lot_exclusion(bid, lot),
                         url_for("evaluation.lot_exclude_bid", tender_id=tender.id), back, form=form,
                         fields=[form.reason, form.concerns_tenderer])


@bp.route("/lots/decisions/exclude", methods=["POST"])
@roles(OFFICER)
def lot_exclude_bid(tender_id: int):
    tender = authority_tender(tender_id)
    require_price_access(tender)
    form = LotExcludeForm()
    every_lot = bool(form.concerns_tenderer.data)
    return _decision(tender, form, decisions.exclude_bid, form.bid_id.data, form.reason.data, form.lot_number.data,
                     every_lot, success=_("Bid excluded from every lot of its tenderer.") if every_lot
                     else _("Bid excluded from this lot."))
