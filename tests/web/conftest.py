"""Fixtures shared by the web, CLI and browser tests (scoring tests need none of them)."""
from __future__ import annotations

import os
import re
import secrets
import shutil
from datetime import datetime, timezone
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from sqlalchemy import select

from app import create_app
from app.auth import passwords
from app.auth.passwords import hash_password
from app.clock import clock
from app.extensions import db
from app.models import Bid, Criterion, Organisation, Tender, User
from app.models.organisation import AUTHORITY, OPERATOR
from tests.web.catalogues import compile_catalogues
from tests.web.compiled_templates import CompiledTemplates
from tests.web.databases import PostgresDatabases, SqliteDatabases
from tests.web.hashing import RememberingHasher

# The shared steps assert as they go: let pytest show their failures as it shows a test's own.
pytest.register_assert_rewrite("tests.web.browser", "tests.web.portal_steps", "tests.web.setup_steps")

PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="session", autouse=True)
def _compiled_catalogues():
    """The .mo files `make setup` compiles, so a run of pytest alone in a fresh clone reads the translations too."""
    compile_catalogues()


@pytest.fixture(scope="session", autouse=True)
def _audit_key_outside_the_repository(tmp_path_factory):
    """Apps the tests build themselves sign with a throwaway key and checkpoint file, not instance/'s."""
    folder = tmp_path_factory.mktemp("audit")
    saved = {name: os.environ.get(name) for name in ("RESBID_AUDIT_KEY", "RESBID_AUDIT_CHECKPOINTS")}
    os.environ["RESBID_AUDIT_KEY"] = secrets.token_hex(32)
    os.environ["RESBID_AUDIT_CHECKPOINTS"] = str(folder / "shared-checkpoints.jsonl")
    yield
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@pytest.fixture(scope="session", autouse=True)
def _argon2_computed_once_per_password():
    """The app's argon2id hasher, remembering what it computed (tests/web/hashing.py says why and what stays real)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(passwords, "_hasher", RememberingHasher.like(passwords._hasher))
        yield


@pytest.fixture(scope="session", autouse=True)
def _templates_compiled_once():
    """Every app the tests build reads its templates' code from one cache (tests/web/compiled_templates.py)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Flask, "jinja_options", {**Flask.jinja_options, "bytecode_cache": CompiledTemplates()})
        yield


@pytest.fixture(scope="session", autouse=True)
def _jobs_in_threads():
    """Background jobs run in threads, as on SQLite, even on PostgreSQL: no test but tests/web/test_jobs.py
    (which asks for the queue) runs a worker. Servers the tests start inherit it."""
    saved = os.environ.get("RESBID_JOBS")
    os.environ["RESBID_JOBS"] = "thread"
    yield
    if saved is None:
        os.environ.pop("RESBID_JOBS", None)
    else:
        os.environ["RESBID_JOBS"] = saved


@pytest.fixture(scope="session")
def databases(tmp_path_factory):
    server = os.environ.get("TEST_DATABASE_URL")
    factory = PostgresDatabases(server) if server else SqliteDatabases(tmp_path_factory.mktemp("db"))
    yield factory
    factory.close()


@pytest.fixture
def database_url(databases):
    uri = databases.new()
    yield uri
    databases.drop(uri)


@pytest.fixture
def owner_engine(databases, database_url):
    """An engine on the test's database as the tables' owner (on SQLite, the same file)."""
    engine = sa.create_engine(databases.owner_uri(database_url))
    yield engine
    engine.dispose()


@pytest.fixture
def app(database_url, tmp_path):
    app = create_app({
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SECRET_KEY": secrets.token_hex(16),
        "RESBID_AUDIT_KEY": secrets.token_hex(32),
        "RESBID_AUDIT_CHECKPOINTS": str(tmp_path / "audit-checkpoints.jsonl"),
        "SESSION_COOKIE_SECURE": False,
    })
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture(autouse=True)
def _reset_clock():
    yield
    clock.reset()


@pytest.fixture
def make_organisation(app):
    """Factory: create an organisation and return its id."""

    def make(name: str | None = None, kind: str = AUTHORITY, country: str = "BE", **fields) -> int:
        with app.app_context():
            organisation = Organisation(
                name=name or f"{kind.title()} {secrets.token_hex(3)}", kind=kind, country=country, **fields
            )
            db.session.add(organisation)
            db.session.commit()
            return organisation.id

    return make


@pytest.fixture
def make_user(app, make_organisation):
    """Factory: create a user with role `role` (and an organisation of the right kind) and return its email."""

    def make(role: str = "officer", email: str | None = None, organisation_id: int | None = None) -> str:
        if organisation_id is None and role != "admin":
            organisation_id = make_organisation(kind=OPERATOR if role == "bidder" else AUTHORITY)
        email = email or f"{role}-{secrets.token_hex(3)}@resbid.example"
        with app.app_context():
            db.session.add(User(email=email, role=role, organisation_id=organisation_id,
                                password_hash=hash_password(PASSWORD)))
            db.session.commit()
        return email

    return make


def csrf_token(client, path: str = "/login") -> str:
    """Fetch a page and pull the CSRF token out of its form."""
    html = client.get(path, follow_redirects=True).get_data(as_text=True)
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html) or re.search(
        r'value="([^"]+)"[^>]*name="csrf_token"', html
    )
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def login(client, email: str, password: str = PASSWORD, follow_redirects: bool = False):
    """Sign in through the real form, CSRF token included."""
    token = csrf_token(client)
    return client.post("/login", data={"email": email, "password": password, "csrf_token": token},
                       follow_redirects=follow_redirects)


@pytest.fixture
def login_as(client, make_user):
    """Factory: create a user with `role`, sign in as them, return the email."""

    def sign_in(role: str = "officer", **kwargs) -> str:
        email = make_user(role, **kwargs)
        response = login(client, email)
        assert response.status_code == 302, response.get_data(as_text=True)
        return email

    return sign_in


BESS_SAMPLE = Path(__file__).parents[2] / "sample_tenders" / "bess-utility"


@pytest.fixture
def tender_id(app, runner, tmp_path):
    """The BESS sample imported without its committee's work: sealed bids, no committee yet."""
    folder = tmp_path / "bess"
    shutil.copytree(BESS_SAMPLE, folder)
    (folder / "scores.yaml").unlink()
    result = runner.invoke(args=["tender", "import", str(folder)])
    assert result.exit_code == 0, result.output
    with app.app_context():
        return db.session.scalar(select(Tender.id))


@pytest.fixture
def officers(app, tender_id, make_user):
    """Three officers of the tender's authority, each with their own signed-in client."""
    with app.app_context():
        authority_id = db.session.get(Tender, tender_id).authority_id
    clients = {}
    for name in ("chair", "alice", "bob"):
        email = make_user("officer", email=f"{name}@authority.example", organisation_id=authority_id)
        clients[name] = app.test_client()
        login(clients[name], email)
    return clients


def post_form(client, path: str, data: dict | None = None):
    """POST a form with a fresh CSRF token and follow the redirect (Post/Redirect/Get)."""
    token = csrf_token(client, "/tenders/")
    return client.post(path, data={"csrf_token": token, **(data or {})}, follow_redirects=True)


def user_id(app, email: str) -> int:
    """The id of the user with this email."""
    with app.app_context():
        return db.session.scalar(select(User.id).where(User.email == email))


@pytest.fixture
def committee(app, tender_id, officers):
    """chair chairs, alice and bob are members; everyone signed the declaration."""
    base = f"/tenders/{tender_id}/committee"
    assert "You chair this committee." in post_form(officers["chair"], f"{base}/chair").get_data(as_text=True)
    assert "Declaration signed." in post_form(officers["chair"], f"{base}/declaration").get_data(as_text=True)
    for name in ("alice", "bob"):
        body = post_form(officers["chair"], f"{base}/members", {"user_id": user_id(app, f"{name}@authority.example")})
        assert "joined the committee" in body.get_data(as_text=True)
        body = post_form(officers[name], f"{base}/declaration")
        assert "Declaration signed." in body.get_data(as_text=True)
    return officers




AFTER_OPENING = datetime(2027, 3, 9, 9, 0, tzinfo=timezone.utc)  # the BESS sample's opening time has passed


def open_bids(tender_id: int, *members) -> None:
    """The four-eyes opening after the opening time: each member's client confirms it."""
    clock.freeze(AFTER_OPENING)
    for member in members:
        post_form(member, f"/tenders/{tender_id}/opening")


@pytest.fixture
def technical(app, tender_id, committee, make_user):
    """The committee plus `tech`, a declared technical member; the bids opened by the chair and tech."""
    with app.app_context():
        authority_id = db.session.get(Tender, tender_id).authority_id
    tech = app.test_client()
    login(tech, make_user("officer", email="tech@authority.example", organisation_id=authority_id))
    post_form(committee["chair"], f"/tenders/{tender_id}/committee/members",
              {"user_id": user_id(app, "tech@authority.example"), "is_technical": "y"})
    post_form(tech, f"/tenders/{tender_id}/committee/declaration")
    open_bids(tender_id, committee["chair"], tech)
    return {**committee, "tech": tech}


@pytest.fixture
def opened(tender_id, committee):
    """The committee, once the chair and alice have opened the bids."""
    open_bids(tender_id, committee["chair"], committee["alice"])
    return committee


def open_and_judge(app, tender_id: int, committee) -> tuple[int, int]:
    """Open the tender's bids; the first bid and judgement criterion to score."""
    open_bids(tender_id, committee["chair"], committee["alice"])
    with app.app_context():
        bid_id = db.session.scalar(select(Bid.id).where(Bid.tender_id == tender_id).order_by(Bid.id))
        criterion_id = db.session.scalar(select(Criterion.id).where(Criterion.tender_id == tender_id,
                                                                    Criterion.rule_kind == "judgement"))
    return bid_id, criterion_id
