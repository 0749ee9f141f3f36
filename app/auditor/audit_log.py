"""Verifying the audit chain from the browser (admins and auditors), with the events of the viewer's authority."""
from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user

from app.audit.chain import latest_checkpoint
from app.audit.scope import sealed_counts, visible_events
from app.audit.verification import verify_chain
from app.auth.access import roles
from app.extensions import db
from app.models import AuditEvent
from app.models.user import ADMIN, AUDITOR

bp = Blueprint("audit", __name__, url_prefix="/audit")

RECENT_EVENTS = 50


@bp.route("/")
@roles(ADMIN, AUDITOR)
def index():
    check = verify_chain()
    recent = db.session.scalars(visible_events(current_user).order_by(AuditEvent.seq.desc()).limit(RECENT_EVENTS))
    return render_template("audit/index.html", check=check, events=list(recent), checkpoint=latest_checkpoint(),
                           sealed=sealed_counts(current_user))
