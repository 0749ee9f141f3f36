"""The criteria-tree editor of a draft: the tree with its weight sums and problems, and one form per change."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.auth.access import roles
from app.errors import perform
from app.models import Tender
from app.models.user import OFFICER
from app.records.access import draft_tender
from app.tenders import tree_editing
from app.tenders.blueprint import bp
from app.tenders.criteria_forms import CriterionEditForm, CriterionForm
from app.tenders.forms import MoveForm, VersionForm
from app.tenders.outline import Node, Outline
from app.tenders.publishing import publication_problems


def _tree(tender_id: int):
    return redirect(url_for("tenders.criteria", tender_id=tender_id))


def _node(outline: Outline, criterion_id: int) -> Node:
    """The criterion if it belongs to this tender; 404 otherwise."""
    return outline.node(criterion_id) or abort(404)


def _criterion_page(form: CriterionForm, tender: Tender, node: Node | None):
    return render_template("tenders/criterion.html", form=form, tender=tender, node=node,
                           price_examples=form.price_examples())


def _is_saving(form: CriterionForm) -> bool:
    """The Save button, not "Show its fields" (which only changes the rule kind the page shows, without scripts)."""
    return "choose" not in request.form and form.validate_on_submit()


@bp.route("/<int:tender_id>/criteria")
@roles(OFFICER)
def criteria(tender_id: int):
    tender = draft_tender(tender_id)
    return render_template("tenders/criteria.html", tender=tender, outline=Outline(tender),
                           problems=publication_problems(tender))


@bp.route("/<int:tender_id>/criteria/new", methods=["GET", "POST"])
@roles(OFFICER)
def new_criterion(tender_id: int):
    tender = draft_tender(tender_id)
    form = CriterionForm(data={"parent": request.args.get("parent", "")}, tender=tender, outline=Outline(tender))
    if _is_saving(form):
        row = perform(tree_editing.add_criterion, tender, form.fields(), form=form)
        if row:
            flash(_("Criterion %(code)s added.", code=row.code), "success")
            return _tree(tender.id)
    return _criterion_page(form, tender, None)


@bp.route("/<int:tender_id>/criteria/<int:criterion_id>", methods=["GET", "POST"])
@roles(OFFICER)
def edit_criterion(tender_id: int, criterion_id: int):
    tender = draft_tender(tender_id)
    outline = Outline(tender)
    node = _node(outline, criterion_id)
    form = CriterionEditForm(data=CriterionForm.values_of(node), tender=tender, outline=outline, node=node)
    if _is_saving(form) and perform(tree_editing.update_criterion, tender, node.row, form.fields(),
                                             form.version.data, form=form):
        flash(_("Criterion %(code)s saved.", code=node.row.code), "success")
        return _tree(tender.id)
    return _criterion_page(form, tender, node)


@bp.route("/<int:tender_id>/criteria/<int:criterion_id>/move", methods=["POST"])
@roles(OFFICER)
def move_criterion(tender_id: int, criterion_id: int):
    tender = draft_tender(tender_id)
    node = _node(Outline(tender), criterion_id)
    form = MoveForm()
    if form.validate_on_submit():
        perform(tree_editing.move_criterion, tender, node.row, form.direction.data, form.version.data,
                back=url_for("tenders.criteria", tender_id=tender.id))
    return _tree(tender.id)


@bp.route("/<int:tender_id>/criteria/<int:criterion_id>/remove", methods=["POST"])
@roles(OFFICER)
def remove_criterion(tender_id: int, criterion_id: int):
    tender = draft_tender(tender_id)
    node = _node(Outline(tender), criterion_id)
    form = VersionForm()
    if form.validate_on_submit() and perform(tree_editing.remove_criterion, tender, node.row, form.version.data,
                                             back=url_for("tenders.criteria", tender_id=tender.id)):
        flash(_("Criterion %(code)s removed.", code=node.row.code), "success")
    return _tree(tender.id)
