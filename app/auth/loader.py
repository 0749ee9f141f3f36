"""Flask-Login's user loader: a session is valid only while its user's session version is unchanged."""
from __future__ import annotations

from sqlalchemy.orm import joinedload

from app.extensions import db, login_manager
from app.models import User


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    """Resolve "id:version" from the session cookie; a stale version or a disabled account gets no user."""
    user_id, _, version = session_id.partition(":")
    if not (user_id.isdigit() and version.isdigit()):
        return None
    # with the organisation every page's header names, in the same statement
    user = db.session.get(User, int(user_id), options=[joinedload(User.organisation)])
    if user is None or user.session_version != int(version) or not user.is_enabled:
        return None
    return user
