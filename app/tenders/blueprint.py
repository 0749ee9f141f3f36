"""The officers' blueprint: every view of app/tenders registers on it."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("tenders", __name__, url_prefix="/tenders")
