"""Evaluation pages: thin views over the committee, opening, judging, decisions and finalising verbs."""
from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from app.auth.access import roles
from app.charts import resilience_comparisons
from app.errors import perform
from app.evaluation import committee, decisions, finalising, judging, opening, resolving
from app.evaluation.forms import (
    AbnormalForm,
    AddMemberForm,
    ConfirmForm,
    ExcludeForm,
    ResolveForm,
    ScoreForm,
    WithdrawResolutionForm,
)
from app.evaluation.matrix_export import build_matrix_xlsx
from app.extensions import db
from app.models import CommitteeMember, OpeningConfirmation, Score, Tender, User
from app.models.user import OFFICER
from app.records.access import authority_tender, committee_seat, require_bid_access, require_price_access, sees_prices
from app.records.evaluation import evaluate_stored, live_bids, scoring_inputs
from scoring import InvalidInput, analyse_sensitivity, evaluate
from scoring.criteria import walk
from scoring.resilience import compute_profile
from workbooks import XLSX_MEDIA_TYPE

bp = Blueprint("evaluation", __name__, url_prefix="/tenders/<int:tender_id>")
bp.add_app_template_global(sees_prices)  # the pages offer price views only to members who may see them


def _act(tender: Tender, verb: Callable, *args, success: str, page: str):
    """Run one service verb (app.errors.perform shows what to fix on the page), then back to the page (PRG)."""
    back = url_for(page, tender_id=tender.id)
    perform(verb, *args, back=back)
    flash(success, "success")
    return redirect(back)


def _invalid(form) -> bool:
    if form.validate_on_submit():
        return False
    for field, errors in form.errors.items():
        flash(f"{getattr(form, field).label.text}: {'; '.join(errors)}", "error")
    return True


@bp.route("/committee")
@roles(OFFICER)
def committee_page(tender_id: int):
    tender = authority_tender(tender_id)
    members = list(db.session.scalars(select(CommitteeMember).where(CommitteeMember.tender_id == tender.id)
                                      .order_by(CommitteeMember.id)))
    form = AddMemberForm()
    seated = {m.user_id for m in members}
    form.user_id.choices = [SelectChoice(u.id, u.email) for u in db.session.scalars(
        select(User).where(User.organisation_id == tender.authority_id, User.role == OFFICER,
                           User.is_enabled.is_(True)).order_by(User.email)) if u.id not in seated]
    return render_template("evaluation/committee.html", tender=tender, members=members, seat=committee_seat(tender),
                           has_chair=any(m.is_chair for m in members),
                           form=form, confirm=ConfirmForm(), declaration=committee.DECLARATION_TEXT)


@bp.route("/committee/members", methods=["POST"])
@roles(OFFICER)
def add_member(tender_id: int):
    tender = authority_tender(tender_id)
    form = AddMemberForm()
    form.user_id.choices = [SelectChoice(form.user_id.data)] if form.user_id.data else []
    if _invalid(form):
        return redirect(url_for("evaluation.committee_page", tender_id=tender.id))
    user = db.session.get(User, form.user_id.data)
    if user is None:
        abort(404)
    return _act(tender, committee.add_member, tender, current_user, user, form.is_technical.data,
                success=f"{user.email} joined the committee.", page="evaluation.committee_page")


@bp.route("/committee/chair", methods=["POST"])
@roles(OFFICER)
def take_chair(tender_id: int):
    tender = authority_tender(tender_id)
    if _invalid(ConfirmForm()):
        return redirect(url_for("evaluation.committee_page", tender_id=tender.id))
    return _act(tender, committee.appoint_chair, tender, current_user,
                success="You chair this committee.", page="evaluation.committee_page")


@bp.route("/committee/declaration", methods=["POST"])
@roles(OFFICER)
def declare(tender_id: int):
    tender = authority_tender(tender_id)
    if _invalid(ConfirmForm()):
        return redirect(url_for("evaluation.committee_page", tender_id=tender.id))
    return _act(tender, committee.declare_no_conflict, tender, current_user,
                success="Declaration signed.", page="evaluation.committee_page")


@bp.route("/opening")
@roles(OFFICER)
def opening_page(tender_id: int):
    tender = authority_tender(tender_id)
    confirmations = list(db.session.scalars(select(OpeningConfirmation)
                                            .where(OpeningConfirmation.tender_id == tender.id)))
    return render_template("evaluation/opening.html", tender=tender, confirmations=confirmations,
                           seat=committee_seat(tender), confirm=ConfirmForm())


@bp.route("/opening", methods=["POST"])
@roles(OFFICER)
def confirm_opening(tender_id: int):
    tender = authority_tender(tender_id)
    if _invalid(ConfirmForm()):
        return redirect(url_for("evaluation.opening_page", tender_id=tender.id))
    return _act(tender, opening.confirm_opening, tender, current_user,
                success="Confirmation recorded.", page="evaluation.opening_page")


@bp.route("/scoring")
@roles(OFFICER)
def scoring_page(tender_id: int):
    tender = authority_tender(tender_id)
    seat = require_bid_access(tender)
    cells = judging.score_sheet(tender, current_user, live_bids(tender))
    return render_template("evaluation/scoring.html", tender=tender, seat=seat, cells=cells,
                           form=ScoreForm(), confirm=ConfirmForm())


@bp.route("/scoring", methods=["POST"])
@roles(OFFICER)
def record_score(tender_id: int):
    tender = authority_tender(tender_id)
    seat = require_bid_access(tender)
    form = ScoreForm()
    if _invalid(form):
        return redirect(url_for("evaluation.scoring_page", tender_id=tender.id))
    verb = judging.record_consensus if tender.consensus_started_at and seat.is_chair else judging.record_score
    return _act(tender, verb, tender, current_user, form.bid_id.data, form.criterion_id.data,
                form.points.data, form.justification.data, form.version.data or None,
                success="Score saved.", page="evaluation.scoring_page")


@bp.route("/consensus/start", methods=["POST"])
@roles(OFFICER)
def start_consensus(tender_id: int):
    tender = authority_tender(tender_id)
    require_bid_access(tender)
    if _invalid(ConfirmForm()):
        return redirect(url_for("evaluation.scoring_page", tender_id=tender.id))
    return _act(tender, judging.start_consensus, tender, current_user,
                success="Consensus started: individual scores are locked.", page="evaluation.scoring_page")


@bp.route("/decisions")
@roles(OFFICER)
def decisions_page(tender_id: int):
    tender = authority_tender(tender_id)
    seat = require_price_access(tender)
    bids = {bid.label: bid for bid in live_bids(tender)}
    paths = resolving.criterion_paths(tender)
    try:
        result, problems = evaluate_stored(tender), []
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
    if _invalid(form):
        return redirect(url_for("evaluation.decisions_page", tender_id=tender.id))
    return _act(tender, resolving.resolve_missing, tender, current_user, form.bid_id.data, form.code.data,
                form.kind.data, form.reason.data, form.clarification(), success="Missing answer resolved.",
                page="evaluation.decisions_page")


@bp.route("/decisions/withdraw-resolution", methods=["POST"])
@roles(OFFICER)
def withdraw_resolution(tender_id: int):
    tender = authority_tender(tender_id)
    require_price_access(tender)
    form = WithdrawResolutionForm()
    if _invalid(form):
        return redirect(url_for("evaluation.decisions_page", tender_id=tender.id))
    return _act(tender, resolving.withdraw_resolution, tender, current_user, form.bid_id.data, form.code.data,
                success="Resolution withdrawn: the answer is missing again.", page="evaluation.decisions_page")


@bp.route("/decisions/exclude", methods=["POST"])
@roles(OFFICER)
def exclude_bid(tender_id: int):
    tender = authority_tender(tender_id)
    require_price_access(tender)
    form = ExcludeForm()
    if _invalid(form):
        return redirect(url_for("evaluation.decisions_page", tender_id=tender.id))
    return _act(tender, decisions.exclude_bid, tender, current_user, form.bid_id.data, form.reason.data,
                success="Bid excluded.", page="evaluation.decisions_page")


@bp.route("/decisions/abnormal", methods=["POST"])
@roles(OFFICER)
def decide_abnormal(tender_id: int):
    tender = authority_tender(tender_id)
    require_price_access(tender)
    form = AbnormalForm()
    if _invalid(form):
        return redirect(url_for("evaluation.decisions_page", tender_id=tender.id))
    return _act(tender, decisions.decide_abnormal, tender, current_user, form.bid_id.data,
                form.decision.data, form.reason.data, success="Decision recorded.",
                page="evaluation.decisions_page")


@bp.route("/results")
@roles(OFFICER)
def results(tender_id: int):
    tender = authority_tender(tender_id)
    seat = require_price_access(tender)
    definition, bids = scoring_inputs(tender)
    result = evaluate(definition, bids)
    chosen = request.args.getlist("bid")
    charts = {bid.id: resilience_comparisons(compute_profile(bid.supply, definition.bill_of_materials,
                                                             definition.partner_group), definition)
              for bid in bids if bid.id in chosen and bid.supply}
    return render_template("evaluation/results.html", tender=tender, seat=seat, result=result,
                           sensitivity=analyse_sensitivity(definition, result), confirm=ConfirmForm(),
                           names={c.code: c.name for _, c in walk(definition.criteria)},
                           compared=[bid for bid in result.bids if bid.bid_id in chosen], charts=charts)


@bp.route("/export.xlsx")
@roles(OFFICER)
def export_matrix(tender_id: int):
    tender = authority_tender(tender_id)
    seat = require_bid_access(tender)
    bids = live_bids(tender)
    scores = list(db.session.scalars(select(Score).where(Score.bid_id.in_([b.id for b in bids]))))
    data = build_matrix_xlsx(evaluate_stored(tender), list(tender.criteria), bids, scores, sees_prices(tender, seat),
                             tender.currency)
    return data, 200, {"Content-Type": XLSX_MEDIA_TYPE,
                       "Content-Disposition": f'attachment; filename="{tender.reference}-evaluation.xlsx"'}


@bp.route("/finalise", methods=["POST"])
@roles(OFFICER)
def finalise(tender_id: int):
    tender = authority_tender(tender_id)
    require_bid_access(tender)
    if _invalid(ConfirmForm()):
        return redirect(url_for("evaluation.results", tender_id=tender.id))
    return _act(tender, finalising.finalise, tender, current_user,
                success="Evaluation finalised: everything is locked and the result's hash is in the audit log.",
                page="evaluation.results")
