"""Evaluation pages: thin views over the committee, opening, judging, decisions and finalising verbs."""
from __future__ import annotations

from collections.abc import Callable

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from app.auth.access import roles
from app.clock import utcnow
from app.errors import NotYet, perform
from app.evaluation import (
    committee,
    confirmations,
    decisions,
    finalising,
    judging,
    lot_results,
    opening,
    resolving,
)
from app.evaluation.blueprint import bp
from app.evaluation.forms import (
    AbnormalForm,
    AddMemberForm,
    ConfirmForm,
    ExcludeForm,
    ResolveForm,
    ScoreForm,
    WithdrawResolutionForm,
    cell_form,
    is_refused,
)
from app.evaluation.guards import SCORING_STATUSES
from app.evaluation.results_fragments import results_body, results_page
from app.evaluation.results_table import table_page
from app.extensions import db
from app.forms import requested_id
from app.models import Bid, CommitteeMember, OpeningConfirmation, Tender, User
from app.models.bid import SUBMITTED
from app.models.tender import CLOSED, PUBLISHED
from app.models.user import OFFICER
from app.records.access import (
    authority_tender,
    committee_seat,
    opening_text,
    require_bid_access,
    require_price_access,
    sees_prices,
)
from app.records.definition import scoring_tender
from app.records.evaluation import live_bids, stored_judgements
from app.records.stored_results import evaluation_of, lots_evaluation_of
from app.records.texts import lot_titles
from app.scoring_words import readable_result
from scoring import InvalidInput
from workbooks import XLSX_MEDIA_TYPE


def _confirmation(tender: Tender, text: confirmations.Confirmation, action: str, back: str, form=None, fields=()):
    """The confirmation page of an irreversible act: GET shows it, its button POSTs to `action`."""
    return render_template("confirm.html", tender=tender, title=text.title, action=action, button=text.button,
                           happens=text.happens, final=text.final, cancel=back, form=form or ConfirmForm(),
                           fields=fields, values={}, button_class=text.button_class)


def _act(tender: Tender, verb: Callable, *args, success: str, page: str):
    """Run one service verb (app.errors.perform shows what to fix on the page), then back to the page (PRG)."""
    back = url_for(page, tender_id=tender.id)
    perform(verb, *args, back=back)
    flash(success, "success")
    return redirect(back)


def _first_lot(tender: Tender, endpoint: str):
    """A tender divided into lots is scored and decided lot by lot (app/evaluation/lot_views.py): its first lot's
    page; None for a tender without lots."""
    numbers = judging.lot_numbers(tender)
    return redirect(url_for(endpoint, tender_id=tender.id, lot_number=numbers[0])) if numbers else None


def _committee(tender: Tender, form: AddMemberForm | None = None):
    """The committee page; a refused member form comes back with its errors at its fields."""
    members = list(db.session.scalars(select(CommitteeMember).where(CommitteeMember.tender_id == tender.id)
                                      .order_by(CommitteeMember.id)))
    form = form or AddMemberForm(formdata=None)
    form.user_id.choices = [SelectChoice(u.id, u.email) for u in committee.seatable_users(tender)]
    return render_template("evaluation/committee.html", tender=tender, members=members, seat=committee_seat(tender),
                           has_chair=any(m.is_chair for m in members),
                           form=form, confirm=ConfirmForm(), declaration=committee.DECLARATION_TEXT)


@bp.route("/committee")
@roles(OFFICER)
def committee_page(tender_id: int):
    return _committee(authority_tender(tender_id))


@bp.route("/committee/members", methods=["POST"])
@roles(OFFICER)
def add_member(tender_id: int):
    tender = authority_tender(tender_id)
    form = AddMemberForm()
    form.user_id.choices = [SelectChoice(form.user_id.data)] if form.user_id.data else []  # the service decides
    back = url_for("evaluation.committee_page", tender_id=tender.id)
    if form.validate_on_submit():
        user = db.session.get(User, form.user_id.data)
        if user is None:
            abort(404)
        is_technical = bool(form.is_technical.data)
        if perform(committee.add_member, tender, current_user, user, is_technical, form=form, back=back):
            flash(_("%(member)s joined the committee as a technical evaluator.", member=user.email) if is_technical
                  else _("%(member)s joined the committee.", member=user.email), "success")
            return redirect(back)
    return _committee(tender, form), form.status


@bp.route("/committee/chair", methods=["POST"])
@roles(OFFICER)
def take_chair(tender_id: int):
    tender = authority_tender(tender_id)
    if is_refused(ConfirmForm()):
        return redirect(url_for("evaluation.committee_page", tender_id=tender.id))
    return _act(tender, committee.appoint_chair, tender, current_user,
                success=_("You chair this committee."), page="evaluation.committee_page")


@bp.route("/committee/declaration", methods=["POST"])
@roles(OFFICER)
def declare(tender_id: int):
    tender = authority_tender(tender_id)
    if is_refused(ConfirmForm()):
        return redirect(url_for("evaluation.committee_page", tender_id=tender.id))
    return _act(tender, committee.declare_no_conflict, tender, current_user,
                success=_("Declaration signed."), page="evaluation.committee_page")


@bp.route("/opening")
@roles(OFFICER)
def opening_page(tender_id: int):
    tender = authority_tender(tender_id)
    confirmations = list(db.session.scalars(select(OpeningConfirmation)
                                            .where(OpeningConfirmation.tender_id == tender.id)))
    seat = committee_seat(tender)
    readable = tender.opened_at is not None and seat is not None and seat.has_declared
    return render_template("evaluation/opening.html", tender=tender, confirmations=confirmations,
                           seat=seat, confirm=ConfirmForm(),
                           bids=live_bids(tender, with_lots=tender.lot_rules is not None) if readable else [])


@bp.route("/opening/confirm")
@roles(OFFICER)
def confirm_opening_page(tender_id: int):
    tender = authority_tender(tender_id)
    back = url_for("evaluation.opening_page", tender_id=tender.id)
    if tender.status not in (PUBLISHED, CLOSED):
        return redirect(back)
    if tender.status == PUBLISHED or tender.opening_at is None or utcnow() < tender.opening_at:
        raise NotYet(_("Tender %(reference)s: %(opening)s.", reference=tender.reference, opening=opening_text(tender)),
                     _("Go to the opening"), back)
    seat = committee_seat(tender)
    if seat is None or not seat.has_declared:
        raise NotYet(_("Only committee members who have signed the conflict-of-interest declaration confirm the "
                       "opening."), _("Go to the committee"), url_for("evaluation.committee_page", tender_id=tender.id))
    return _confirmation(tender, confirmations.opening(tender),
                         url_for("evaluation.confirm_opening", tender_id=tender.id), back)


@bp.route("/opening", methods=["POST"])
@roles(OFFICER)
def confirm_opening(tender_id: int):
    tender = authority_tender(tender_id)
    if is_refused(ConfirmForm()):
        return redirect(url_for("evaluation.opening_page", tender_id=tender.id))
    return _act(tender, opening.confirm_opening, tender, current_user,
                success=_("Confirmation recorded."), page="evaluation.opening_page")


def _scoring(tender: Tender, seat: CommitteeMember, sent: ScoreForm | None = None):
    """The scoring page; a form that was just sent and refused stays in its cell with its errors at its fields."""
    cells = judging.score_sheet(tender, current_user, live_bids(tender))
    is_consensus_turn = bool(tender.consensus_started_at and seat.is_chair)
    forms = [cell_form(cell.bid.id, cell.criterion.id, cell.consensus if is_consensus_turn else cell.own,
                       cell.scale, is_consensus_turn, sent) for cell in cells]
    done, total = judging.progress(cells, is_consensus_turn)
    return render_template("evaluation/scoring.html", tender=tender, seat=seat,
                           cells=list(zip(cells, forms, strict=True)), done=done, total=total,
                           is_consensus_turn=is_consensus_turn, confirm=ConfirmForm())


@bp.route("/scoring")
@roles(OFFICER)
def scoring_page(tender_id: int):
    tender = authority_tender(tender_id)
    seat = require_bid_access(tender)
    return _first_lot(tender, "evaluation.lot_scoring_page") or _scoring(tender, seat)


@bp.route("/scoring", methods=["POST"])
@roles(OFFICER)
def record_score(tender_id: int):
    tender = authority_tender(tender_id)
    seat = require_bid_access(tender)
    form = ScoreForm()
    back = url_for("evaluation.scoring_page", tender_id=tender.id)
    if form.validate_on_submit():
        verb = judging.record_consensus if tender.consensus_started_at and seat.is_chair else judging.record_score
        if perform(verb, tender, current_user, form.bid_id.data, form.criterion_id.data, form.points.data,
                   form.justification.data, form.version.data or None, form=form, back=back):
            flash(_("Score saved."), "success")
            return redirect(back)
    return _scoring(tender, seat, form), form.status


@bp.route("/consensus/start")
@roles(OFFICER)
def start_consensus_page(tender_id: int):
    tender = authority_tender(tender_id)
    require_bid_access(tender)
    back = url_for("evaluation.scoring_page", tender_id=tender.id)
    if tender.consensus_started_at is not None or tender.status not in SCORING_STATUSES:
        return redirect(back)
    return _confirmation(tender, confirmations.consensus(),
                         url_for("evaluation.start_consensus", tender_id=tender.id), back)


@bp.route("/consensus/start", methods=["POST"])
@roles(OFFICER)
def start_consensus(tender_id: int):
    tender = authority_tender(tender_id)
    require_bid_access(tender)
    if is_refused(ConfirmForm()):
        return redirect(url_for("evaluation.scoring_page", tender_id=tender.id))
    return _act(tender, judging.start_consensus, tender, current_user,
                success=_("Consensus started: individual scores are locked."), page="evaluation.scoring_page")


@bp.route("/decisions")
@roles(OFFICER)
def decisions_page(tender_id: int):
    tender = authority_tender(tender_id)
    seat = require_price_access(tender)
    if lots_page := _first_lot(tender, "evaluation.lot_decisions_page"):
        return lots_page
    bids = {bid.label: bid for bid in live_bids(tender)}
    paths = resolving.criterion_paths(tender)
    try:
        result, problems = readable_result(evaluation_of(tender).result, scoring_tender(tender)), []
    except InvalidInput as error:  # stored decisions the engine refuses: show them, so they can be withdrawn
        result, problems = None, [resolving.problem_text(p, bids, paths) for p in error.problems]
    return render_template("evaluation/decisions.html", tender=tender, seat=seat, result=result, bids=bids,
                           problems=problems, paths=paths, hints=resolving.answer_hints(tender),
                           resolve=ResolveForm(), withdraw=WithdrawResolutionForm(), exclude=ExcludeForm(),
                           abnormal=AbnormalForm(), confirm=ConfirmForm())


@bp.route("/decisions/resolve", methods=["POST"])
@roles(OFFICER)
def resolve_missing(tender_id: int):
    tender = authority_tender(tender_id)
    require_price_access(tender)
    form = ResolveForm()
    if is_refused(form):
        return redirect(url_for("evaluation.decisions_page", tender_id=tender.id))
    return _act(tender, resolving.resolve_missing, tender, current_user, form.bid_id.data, form.code.data,
                form.kind.data, form.reason.data, form.clarification(), success=_("Missing answer resolved."),
                page="evaluation.decisions_page")


@bp.route("/decisions/withdraw-resolution", methods=["POST"])
@roles(OFFICER)
def withdraw_resolution(tender_id: int):
    tender = authority_tender(tender_id)
    require_price_access(tender)
    form = WithdrawResolutionForm()
    if is_refused(form):
        return redirect(url_for("evaluation.decisions_page", tender_id=tender.id))
    return _act(tender, resolving.withdraw_resolution, tender, current_user, form.bid_id.data, form.code.data,
                success=_("Resolution withdrawn: the answer is missing again."), page="evaluation.decisions_page")


@bp.route("/decisions/exclude")
@roles(OFFICER)
def exclude_page(tender_id: int):
    tender = authority_tender(tender_id)
    require_price_access(tender)
    back = url_for("evaluation.decisions_page", tender_id=tender.id)
    bid = db.session.get(Bid, requested_id("bid_id"))
    if (bid is None or bid.tender_id != tender.id or bid.status != SUBMITTED or bid.exclusion_reason
            or tender.lot_rules is not None):  # a tender divided into lots excludes lot by lot (lot_views.py)
        return redirect(back)
    form = ExcludeForm(formdata=None, data={"bid_id": bid.id})
    return _confirmation(tender, confirmations.exclusion(bid), url_for("evaluation.exclude_bid", tender_id=tender.id),
                         back, form=form, fields=[form.reason])


@bp.route("/decisions/exclude", methods=["POST"])
@roles(OFFICER)
def exclude_bid(tender_id: int):
    tender = authority_tender(tender_id)
    require_price_access(tender)
    form = ExcludeForm()
    if is_refused(form):
        return redirect(url_for("evaluation.decisions_page", tender_id=tender.id))
    return _act(tender, decisions.exclude_bid, tender, current_user, form.bid_id.data, form.reason.data,
                success=_("Bid excluded."), page="evaluation.decisions_page")


@bp.route("/decisions/abnormal", methods=["POST"])
@roles(OFFICER)
def decide_abnormal(tender_id: int):
    tender = authority_tender(tender_id)
    require_price_access(tender)
    form = AbnormalForm()
    if is_refused(form):
        return redirect(url_for("evaluation.decisions_page", tender_id=tender.id))
    return _act(tender, decisions.decide_abnormal, tender, current_user, form.bid_id.data,
                form.decision.data, form.reason.data, success=_("Decision recorded."),
                page="evaluation.decisions_page")


@bp.route("/results")
@roles(OFFICER)
def results(tender_id: int):
    tender = authority_tender(tender_id)
    seat = require_price_access(tender)
    if tender.lot_rules is not None:  # a tender divided into lots: its results lot by lot
        return lot_results.results_of_lot(tender, seat)
    evaluation = evaluation_of(tender)
    chosen = sorted({bid_id for bid_id in request.args.getlist("bid") if bid_id in evaluation.result.bids_by_id})
    page = table_page(evaluation.result, request.args.get("sort"), request.args.get("page", type=int))
    return results_page("evaluation/results.html", results_body(tender, evaluation, page, chosen), tender=tender,
                        seat=seat)


@bp.route("/export.xlsx")
@roles(OFFICER)
def export_matrix(tender_id: int):
    from app.evaluation.matrix_export import build_matrix_xlsx  # imported where used: openpyxl is slow to import

    tender = authority_tender(tender_id)
    seat = require_bid_access(tender)
    if tender.lot_rules is not None:  # a tender divided into lots: a sheet per lot
        return lot_results.lots_matrix_export(tender, seat)
    bids = live_bids(tender)
    judged = stored_judgements([bid.id for bid in bids])
    result = readable_result(evaluation_of(tender).result, scoring_tender(tender))  # in the reader's language
    data = build_matrix_xlsx(result, list(tender.criteria), {bid.label: judged.get(bid.id, {}) for bid in bids},
                             sees_prices(tender, seat), tender.currency)
    return data, 200, {"Content-Type": XLSX_MEDIA_TYPE,
                       "Content-Disposition": f'attachment; filename="{tender.reference}-evaluation.xlsx"'}


@bp.route("/finalise")
@roles(OFFICER)
def finalise_page(tender_id: int):
    tender = authority_tender(tender_id)
    require_price_access(tender)
    back = url_for(_outcome_page(tender), tender_id=tender.id)
    if tender.status not in SCORING_STATUSES:
        return redirect(back)
    text = confirmations.finalisation()
    if tender.lot_rules is not None:  # divided into lots: the page lists the award it fixes
        evaluation = lots_evaluation_of(tender)
        text = confirmations.lots_finalisation(evaluation.award, lot_titles(tender))
    return _confirmation(tender, text, url_for("evaluation.finalise", tender_id=tender.id), back)


@bp.route("/finalise", methods=["POST"])
@roles(OFFICER)
def finalise(tender_id: int):
    tender = authority_tender(tender_id)
    require_bid_access(tender)
    if is_refused(ConfirmForm()):
        return redirect(url_for(_outcome_page(tender), tender_id=tender.id))
    return _act(tender, finalising.finalise, tender, current_user,
                success=_("Evaluation finalised: everything is locked and the result's hash is in the audit log."),
                page=_outcome_page(tender))


def _outcome_page(tender: Tender) -> str:
    """Where the outcome is shown: the results, or for a tender divided into lots the award across lots."""
    return "evaluation.results" if tender.lot_rules is None else "evaluation.award"


from app.evaluation import award, bid_views, lot_views, verification_views  # noqa: E402,F401  (their routes join bp)
