"""Verifying the audit chain from the browser (admins and auditors)."""
from __future__ import annotations

from flask import Blueprint, render_template
from sqlalchemy import select

from app.audit.chain import verify_chain
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
    recent = db.session.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(RECENT_EVENTS))
    return render_template("audit/index.html", check=check, events=list(recent))
