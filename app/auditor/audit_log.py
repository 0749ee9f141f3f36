"""The audit log page (admins and auditors): the last check of the whole log and a button to check it now, then
every event of the viewer's authority, filtered, a page at a time, and the same selection as a CSV file."""
from __future__ import annotations

import csv
import io

from flask import Blueprint, Response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.audit.checks import check_log, log_status
from app.audit.scope import sealed_counts
from app.auditor.log_events import EventFilter, actor_choices, all_rows, event_page, home_zone, tender_choices
from app.auditor.log_filters import ANY, LogFilterForm, action_choices, choices
from app.auth.access import roles
from app.extensions import db, reads_first
from app.models.user import ADMIN, AUDITOR
from workbooks.cells import safe_text

bp = Blueprint("audit", __name__, url_prefix="/audit")

# The action in the reader's words, and its stable code (the one the chain hashes) for machines, last.
CSV_HEADER = (_l("Event"), _l("Time"), _l("Time (UTC)"), _l("Done by"), _l("Organisation"), _l("Action"),
              _l("Tender"), _l("Concerning"), _l("SHA-256 of the event"), _l("Action code"))


@bp.route("/")
@roles(ADMIN, AUDITOR)
def index():
    form, wanted = _filter()
    try:
        number = int(request.args.get("page", "1"))
    except ValueError:
        number = 1
    page, query = event_page(current_user, wanted, number), _query()
    links = {name: url_for("audit.index", **query, page=page.number + step)
             for name, step, shown in (("previous", -1, page.has_previous), ("next", 1, page.has_next)) if shown}
    return render_template("audit/index.html", status=log_status(),
                           sealed=sealed_counts(current_user), form=form, page=page, links=links, zone=wanted.zone,
                           export=url_for("audit.export", **query), check=url_for("audit.check", **query))


@bp.route("/check", methods=["POST"])
@roles(ADMIN, AUDITOR)
@reads_first
def check():
    """Verify the whole log now and record the check; the page then shows it."""
    check_log()
    db.session.commit()
    return redirect(url_for("audit.index", **_query()) + "#chain-status", 303)


@bp.route("/events.csv")
@roles(ADMIN, AUDITOR)
def export():
    """The filtered events, every cell written so that no spreadsheet runs it as a formula."""
    _, wanted = _filter()

    def lines():
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow([str(title) for title in CSV_HEADER])
        for row in all_rows(current_user, wanted):
            writer.writerow([safe_text(cell) for cell in (row.seq, row.time, row.utc, row.actor, row.organisation,
                                                          row.action, row.tender, row.object, row.sha256,
                                                          row.code)])
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
        yield buffer.getvalue()

    return Response("".join(lines()), mimetype="text/csv",
                    headers={"Content-Disposition": 'attachment; filename="audit-events.csv"'})


def _filter() -> tuple[LogFilterForm, EventFilter]:
    """The form as asked, and the filter it amounts to; an invalid part (a hand-made value) is ignored."""
    form = LogFilterForm(request.args)
    form.action.choices = action_choices()
    tenders = tender_choices(current_user)
    form.tender.choices = choices([(ANY, _("every tender"))] + [(str(key), label) for key, label, _ in tenders])
    form.actor.choices = choices([(ANY, _("anyone"))] + actor_choices(current_user))
    form.validate()
    tender_zones = {tender_id: zone for tender_id, _, zone in tenders}
    tender_id = int(form.tender.data) if form.tender.data and not form.tender.errors else None
    zone = tender_zones.get(tender_id) or home_zone(current_user)
    good = {name: (field.data or None) if not field.errors else None for name, field in form._fields.items()}
    return form, EventFilter(tender_id=tender_id, actor=good["actor"], action=good["action"],
                             since=good["since"], until=None if form.until.errors else good["until"], zone=zone)


def _query() -> dict[str, str]:
    return {key: value for key, value in request.args.items() if key != "page" and value}
