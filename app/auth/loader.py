"""Flask-Login's user loader: a session is valid only while its user's session version is unchanged."""
from __future__ import annotations

from functools import cache

from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload

from app.extensions import db, login_manager
from app.models import User
from app.records.access import keep_named_tender, named_tender_id, with_named_tender


@cache
def _user_statement():
    """Built once, on the first request: every request runs it, and session.get with loader options rebuilds its
    query each time (0.4 ms). With the organisation every page's header names, in the same statement (a joined
    load of a many-to-one: it repeats no row, so the result needs no unique(), 20 microseconds a request). Not at
    import: naming a relationship configures every mapper (90 ms), which a command that reads no user need not
    wait for."""
    return select(User).options(joinedload(User.organisation)).where(User.id == bindparam("user_id"))


@cache
def _user_and_tender_statement():
    """The same, with the tender the address names and the user's seat on its committee (app.records.access)."""
    return with_named_tender(_user_statement())


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    """Resolve "id:version" from the session cookie; a stale version or a disabled account gets no user."""
    user_id, _, version = session_id.partition(":")
    if not (user_id.isdigit() and version.isdigit()):
        return None
    tender_id = named_tender_id()
    if tender_id is None:
        user = db.session.execute(_user_statement(), {"user_id": int(user_id)}).scalar_one_or_none()
    else:
        row = db.session.execute(_user_and_tender_statement(), {"user_id": int(user_id), "tender_id": tender_id})
        user, tender, seat = row.first() or (None, None, None)
        keep_named_tender(tender_id, tender, seat)  # for officer pages, which a user refused below never reaches
    if user is None or user.session_version != int(version) or not user.is_enabled:
        return None
    return user
